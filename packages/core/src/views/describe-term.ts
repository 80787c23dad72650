import type { AgreementState, Term } from "../agreement/state.ts";
import { attributesAt } from "../agreement/term-timeline.ts";
import { trancheFunding } from "../agreement/tranche-funding.ts";
import type { CalendarDate } from "../dates.ts";
import { describeDate } from "../dates.ts";
import type { CoverageValue } from "../events/vocabulary.ts";
import { describeMoney, type Names } from "./names.ts";

export function describeCoverage(coverage: CoverageValue, names: Names): string {
  const parts: string[] = [];
  if (coverage.products === "all") parts.push("all products");
  else if (coverage.products) parts.push(coverage.products.map(names.product).join(", "));
  if (coverage.classes)
    parts.push(
      `the ${coverage.classes.map((id) => names.productClassInText(id)).join(", ")} class`,
    );
  const segments = (coverage as { segments?: unknown }).segments;
  const only = Array.isArray(segments)
    ? ` (${segments.map((id) => names.segment(id)).join(", ")} customers only)`
    : "";
  return `${parts.join(" and ")}${only}`;
}

const money = (value: unknown) => describeMoney(value) ?? "an unstated amount";

function describeEnd(attributes: Record<string, unknown>): string {
  if (typeof attributes.until === "string") return ` until ${describeDate(attributes.until)}`;
  if (typeof attributes.untilCondition === "string") return ` until ${attributes.untilCondition}`;
  return "";
}

/** An exclusivity's scope in words ("third-party cloud distribution"), never its id. */
export const scopeLabel: Record<string, string> = {
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

const describers: Record<Term["kind"], (a: Record<string, unknown>, n: Names) => string> = {
  exclusivity: (a, n) =>
    `${n.provider(a.holder)} holds exclusive ${scopeLabel[String(a.scope)]} rights to ${describeCoverage(a, n)}${describeEnd(a)}`,
  "distribution-right": (a, n) => {
    const who =
      a.providers === "any-cloud"
        ? "Any cloud provider"
        : (a.providers as string[]).map(n.provider).join(", ");
    return `${who} may serve ${describeCoverage(a, n)} (non-exclusive)${describeEnd(a)}`;
  },
  "first-ship-priority": (a, n) => {
    const window =
      a.windowDays === null ? "window length unknown" : `a ${String(a.windowDays)}-day window`;
    const waiver = typeof a.waiverCondition === "string" ? `, unless ${a.waiverCondition}` : "";
    return `${describeCoverage(a, n)} ship first on ${n.provider(a.holder)} (${window})${waiver}`;
  },
  license: (a, n) =>
    `${n.party(a.licensee)} holds a ${a.exclusive ? "exclusive" : "non-exclusive"} license from ${n.party(a.licensor)} to ${String(a.subject)}${describeEnd(a)}`,
  "revenue-share": (a, n) => {
    const rate = a.ratePercent === null ? "an undisclosed share" : `${String(a.ratePercent)}%`;
    return `${n.party(a.payer)} pays ${n.party(a.payee)} ${rate} of revenue${describeCap(a.cap)}${describeEnd(a)}`;
  },
  "investment-tranche": (a, n) => {
    const { funded, remaining, full } = trancheFunding(a);
    const state = full
      ? "funded"
      : funded
        ? `${money(funded)} funded, ${money(remaining)} to come`
        : a.contingent
          ? "contingent"
          : "committed";
    const conditions =
      a.contingent && !full
        ? a.conditions === null || a.conditions === undefined
          ? " on undisclosed conditions"
          : ` on: ${String(a.conditions)}`
        : "";
    const due = typeof a.dueBy === "string" && !full ? `, due by ${describeDate(a.dueBy)}` : "";
    return `${n.party(a.investor)} invests ${money(a.amount)} in ${n.party(a.investee)} (${state}${conditions}${due})`;
  },
  "capacity-commitment": (a, n) =>
    `${n.party(a.buyer)} commits to ${String(a.description)}${a.value ? ` (${money(a.value)})` : ""}${describeEnd(a)}`,
  stake: (a, n) =>
    `${n.party(a.holder)} holds ${a.approximate ? "about " : ""}${String(a.percent)}% of ${a.entity ? String(a.entity) : n.party(a.in)}`,
  clause: (a) => `${String(a.title)}: ${String(a.text)}`,
};

/** One line a person can read: the recorded summary when there is one, else one built from the terms. */
export function describeTerm(term: Term, at: CalendarDate, names: Names): string {
  const attributes = attributesAt(term, at);
  const latest = term.changes
    .filter((change) => change.on <= at)
    .sort((a, b) => a.on.localeCompare(b.on) || a.version - b.version)
    .at(-1);
  // Once a term has changed, the grant's wording, or an earlier change's, may no longer be true of it.
  const summary = latest ? latest.summary : attributes.summary;
  const built = describers[term.kind](attributes, names);
  return typeof summary === "string" ? `${summary} — ${built}` : built;
}

export function agreementLabel(state: AgreementState): string {
  return state.title || state.id;
}
