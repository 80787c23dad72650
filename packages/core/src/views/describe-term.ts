import type { AgreementState, Term } from "../agreement/state.ts";
import { attributesAt } from "../agreement/term-timeline.ts";
import { productClasses } from "../catalog.ts";
import type { CalendarDate } from "../dates.ts";
import { describeDate } from "../dates.ts";
import type { CoverageValue } from "../events/vocabulary.ts";
import { describeMoney, partyName, productName, providerName } from "./names.ts";

const className = (id: string) => productClasses.find((item) => item.id === id)?.name ?? id;

export function describeCoverage(coverage: CoverageValue): string {
  const parts: string[] = [];
  if (coverage.products === "all") parts.push("all products");
  else if (coverage.products) parts.push(coverage.products.map(productName).join(", "));
  if (coverage.classes)
    parts.push(`the ${coverage.classes.map((id) => className(id).toLowerCase()).join(", ")} class`);
  return parts.join(" and ");
}

const money = (value: unknown) => describeMoney(value) ?? "an unstated amount";

function describeEnd(attributes: Record<string, unknown>): string {
  if (typeof attributes.until === "string") return ` until ${describeDate(attributes.until)}`;
  if (typeof attributes.untilCondition === "string") return ` until ${attributes.untilCondition}`;
  return "";
}

const scopeLabel: Record<string, string> = {
  "api-layer": "API-layer",
  hosting: "hosting",
  "third-party-cloud-distribution": "third-party cloud distribution",
  "all-channels": "all-channel",
};

function describeCap(cap: unknown): string {
  const value = cap as { disclosed: boolean; amount?: unknown } | undefined;
  if (!value) return "";
  return value.disclosed
    ? `, capped at ${money(value.amount)}`
    : ", under a cap whose amount is undisclosed";
}

const describers: Record<Term["kind"], (a: Record<string, unknown>) => string> = {
  exclusivity: (a) =>
    `${providerName(a.holder)} holds exclusive ${scopeLabel[String(a.scope)]} rights to ${describeCoverage(a)}${describeEnd(a)}`,
  "distribution-right": (a) => {
    const who =
      a.providers === "any-cloud"
        ? "Any cloud provider"
        : (a.providers as string[]).map(providerName).join(", ");
    return `${who} may serve ${describeCoverage(a)} (non-exclusive)${describeEnd(a)}`;
  },
  "first-ship-priority": (a) => {
    const window =
      a.windowDays === null ? "window length unknown" : `a ${String(a.windowDays)}-day window`;
    const waiver = typeof a.waiverCondition === "string" ? `, unless ${a.waiverCondition}` : "";
    return `${describeCoverage(a)} ship first on ${providerName(a.holder)} (${window})${waiver}`;
  },
  license: (a) =>
    `${partyName(a.licensee)} holds a ${a.exclusive ? "exclusive" : "non-exclusive"} license from ${partyName(a.licensor)} to ${String(a.subject)}${describeEnd(a)}`,
  "revenue-share": (a) => {
    const rate = a.ratePercent === null ? "an undisclosed share" : `${String(a.ratePercent)}%`;
    return `${partyName(a.payer)} pays ${partyName(a.payee)} ${rate} of revenue${describeCap(a.cap)}${describeEnd(a)}`;
  },
  "investment-tranche": (a) => {
    const state = a.funded ? "funded" : a.contingent ? "contingent" : "committed";
    const conditions = a.contingent
      ? a.conditions === null || a.conditions === undefined
        ? " on undisclosed conditions"
        : ` on: ${String(a.conditions)}`
      : "";
    const due = typeof a.dueBy === "string" ? `, due by ${describeDate(a.dueBy)}` : "";
    return `${partyName(a.investor)} invests ${money(a.amount)} in ${partyName(a.investee)} (${state}${conditions}${due})`;
  },
  "capacity-commitment": (a) =>
    `${partyName(a.buyer)} commits to ${String(a.description)}${a.value ? ` (${money(a.value)})` : ""}${describeEnd(a)}`,
  stake: (a) =>
    `${partyName(a.holder)} holds ${a.approximate ? "about " : ""}${String(a.percent)}% of ${a.entity ? String(a.entity) : partyName(a.in)}`,
  clause: (a) => `${String(a.title)}: ${String(a.text)}`,
};

/** One line a person can read: the recorded summary when there is one, else one built from the terms. */
export function describeTerm(term: Term, at: CalendarDate): string {
  const attributes = attributesAt(term, at);
  const changes = term.changes.filter((change) => change.on <= at);
  // Once a term has changed, the grant's own wording may no longer be true of it.
  const summary =
    changes.length === 0
      ? attributes.summary
      : changes.findLast((change) => change.summary)?.summary;
  const built = describers[term.kind](attributes);
  return typeof summary === "string" ? `${summary} — ${built}` : built;
}

export function agreementLabel(state: AgreementState): string {
  return state.title || state.id;
}
