import { isRecord } from "../views/names.ts";
import type { Violation } from "./rules.ts";
import type { Term } from "./state.ts";
import { latestAttributes } from "./term-timeline.ts";

interface Amount {
  amount: number;
  currency: string;
}

const amountOf = (value: unknown): Amount | undefined =>
  isRecord(value) && typeof value.amount === "number" && typeof value.currency === "string"
    ? { amount: value.amount, currency: value.currency }
    : undefined;

/**
 * What a tranche has received so far and what is left of what was committed. A funding
 * without an amount funds the rest; the committed amount itself is never overwritten, so an
 * "up to $35B" tranche funded $10B still says up to $35B, with $25B to come.
 */
export function trancheFunding(attributes: Record<string, unknown>) {
  const committed = amountOf(attributes.amount);
  const funded = amountOf(attributes.fundedAmount);
  const remaining =
    committed && funded
      ? { ...committed, amount: Math.max(committed.amount - funded.amount, 0) }
      : committed;
  return { committed, funded, remaining, full: attributes.funded === true };
}

/** The changes one funding makes: the running total, and whether the tranche is now fully funded. */
export function fundingChanges(term: Term, data: Record<string, unknown>): Record<string, unknown> {
  const { committed, funded } = trancheFunding(latestAttributes(term));
  const paid = amountOf(data.amount);
  if (!paid) return { funded: true, ...(committed ? { fundedAmount: committed } : {}) };
  const total = { amount: (funded?.amount ?? 0) + paid.amount, currency: paid.currency };
  const full = !committed || total.amount >= committed.amount;
  return { funded: full, fundedAmount: { ...total, qualifier: "exact" } };
}

/** A funding must fit what is left: once fully funded, in the tranche's currency, at most the rest. */
export function checkFunding(term: Term, data: Record<string, unknown>): Violation | undefined {
  const { committed, remaining, full } = trancheFunding(latestAttributes(term));
  if (full) return { message: `tranche "${term.id}" is already fully funded` };
  const paid = amountOf(data.amount);
  if (!paid || !committed || !remaining) return undefined;
  if (paid.currency !== committed.currency)
    return {
      path: "amount.currency",
      message: `the tranche is in ${committed.currency}; record the funding in ${committed.currency}`,
    };
  if (paid.amount > remaining.amount)
    return {
      path: "amount.amount",
      message: `only ${remaining.amount} ${remaining.currency} of the tranche remains to be funded`,
    };
  return undefined;
}
