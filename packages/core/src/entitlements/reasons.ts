import {
  citationsAt,
  effectiveOf,
  type TermEffective,
  termEpoch,
} from "../agreement/term-timeline.ts";
import { type CalendarDate, describeDate, type Precision, toFuzzy } from "../dates.ts";
import type { Source } from "../events/envelope.ts";
import { agreementLabel, describeTerm } from "../views/describe-term.ts";
import type { Names } from "../views/names.ts";
import type { DisputeInPlay, TermInPlay } from "./terms-in-play.ts";

export type ReasonCode =
  | "granted"
  | "owner-channel"
  | "no-grant"
  | "exclusive-to-other"
  | "yields-to-exclusivity"
  | "expired"
  | "not-yet-effective"
  | "first-ship-priority"
  | "first-ship-priority-moot"
  | "disputed"
  | "conflicting-exclusivity"
  | "grant-contradicts-exclusivity"
  | "not-yet-available"
  | "imprecise-date";

export interface Reason {
  code: ReasonCode;
  agreementId: string | null;
  termId: string | null;
  summary: string;
  /** Only what the events in force on the asked date cite: a later amendment's source is not cited for an earlier date. */
  sources: Source[];
  /** When the term holds, each bound at the precision it is known. */
  effective?: TermEffective | undefined;
  /** Changes to the term dated after the asked date: known, but not yet in force then. */
  later?: { on: CalendarDate; precision: Precision }[] | undefined;
  /** What it rests on: a party's own word or the contract, press reports alone, unmarked sources, or nothing. */
  evidence?: Evidence | undefined;
}

export type Evidence = "primary" | "press-only" | "unmarked" | "none";

export function evidenceOf(sources: Source[]): Evidence {
  if (sources.length === 0) return "none";
  if (sources.some(({ kind }) => kind === "primary")) return "primary";
  return sources.every(({ kind }) => kind === "press") ? "press-only" : "unmarked";
}

/** A reason that rests on press reports alone says so, in its own words. */
function withEvidence(reason: Reason): Reason {
  const evidence = evidenceOf(reason.sources);
  const summary =
    evidence === "press-only" ? `${reason.summary} [press reports only]` : reason.summary;
  return { ...reason, summary, evidence };
}

/** A date as a person reads it, at its own precision: "Feb 2026", not "2026-02-01". */
export const dateAsKnown = (on: CalendarDate, precision: Precision) =>
  describeDate(toFuzzy(on, precision));

/**
 * Why a term counts on `at`, in words. What it says of a term is the same on every day of the
 * term's stretch (`termEpoch`), so with `made` (one cell's reasons) it is made once per
 * stretch and the same object is cited on each day.
 */
export function termReason(
  code: ReasonCode,
  item: TermInPlay,
  at: CalendarDate,
  lead: string,
  names: Names,
  made?: Map<string, Reason>,
): Reason {
  if (!made) return newTermReason(code, item, at, lead, names);
  const { agreement, term } = item;
  const key = `${code}\n${agreement.id}\n${term.id}\n${termEpoch(term, at)}\n${lead}`;
  const known = made.get(key);
  if (known) return known;
  const reason = newTermReason(code, item, at, lead, names);
  made.set(key, reason);
  return reason;
}

function newTermReason(
  code: ReasonCode,
  item: TermInPlay,
  at: CalendarDate,
  lead: string,
  names: Names,
): Reason {
  const { sources, later } = citationsAt(item.term, at);
  return withEvidence({
    code,
    agreementId: item.agreement.id,
    termId: item.term.id,
    summary: `${lead}: ${describeTerm(item.term, at, names)} (${agreementLabel(item.agreement)})`,
    sources,
    effective: effectiveOf(item.agreement, item.term, at),
    ...(later.length > 0 ? { later } : {}),
  });
}

export function disputeReason({ agreement, dispute }: DisputeInPlay): Reason {
  const since = dateAsKnown(dispute.raised.on, dispute.raised.precision);
  return withEvidence({
    code: "disputed",
    agreementId: agreement.id,
    termId: dispute.concerns?.termIds?.[0] ?? null,
    summary: `Contested since ${since}: ${dispute.claim} (${agreementLabel(agreement)})`,
    sources: dispute.sources,
  });
}

export const generalReason = (code: ReasonCode, summary: string): Reason => ({
  code,
  agreementId: null,
  termId: null,
  summary,
  sources: [],
});
