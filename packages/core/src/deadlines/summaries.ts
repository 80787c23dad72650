import { describeDate, type FuzzyDate } from "../dates.ts";
import { scopeLabel } from "../views/describe-term.ts";
import { describeMoney, type Names, text } from "../views/names.ts";

const possessive = (name: string) => (name.endsWith("s") ? `${name}'` : `${name}'s`);

/** `, 2030 (year only)` / `, Feb 2034` / `, 31 Dec 2028`: an imprecise date must read as such. */
const on = (date: FuzzyDate) => `, ${describeDate(date)}`;

type Attributes = Record<string, unknown>;

export function trancheSummary(n: Names, a: Attributes, due: FuzzyDate): string {
  const amount = describeMoney(a.amount);
  const contingent = a.contingent === true ? "contingent " : "";
  return (
    `Last date for ${possessive(n.party(a.investor))} ${contingent}tranche` +
    `${amount ? ` (${amount})` : ""} to ${n.party(a.investee)}${on(due)}`
  );
}

export function revenueShareSummary(n: Names, a: Attributes, until: FuzzyDate): string {
  const rate = typeof a.ratePercent === "number" ? `${a.ratePercent}% ` : "";
  return `End of ${possessive(n.party(a.payer))} ${rate}revenue share to ${n.party(a.payee)}${on(until)}`;
}

export function licenseSummary(n: Names, a: Attributes, until: FuzzyDate): string {
  const exclusive = a.exclusive === true ? "exclusive" : "non-exclusive";
  const subject = text(a.subject);
  return (
    `End of ${possessive(n.party(a.licensee))} ${exclusive} license from ${n.party(a.licensor)}` +
    `${subject ? ` (${subject})` : ""}${on(until)}`
  );
}

function holders(n: Names, a: Attributes): string {
  if (a.providers === "any-cloud") return "any cloud";
  if (Array.isArray(a.providers)) return a.providers.map(n.provider).join(", ");
  return n.provider(a.holder);
}

const termLabels: Record<string, (n: Names, a: Attributes) => string> = {
  exclusivity: (n, a) => {
    const scope = typeof a.scope === "string" ? `${scopeLabel[a.scope] ?? a.scope} ` : "";
    return `${possessive(holders(n, a))} ${scope}exclusivity`;
  },
  "distribution-right": (n, a) => `the distribution right for ${holders(n, a)}`,
  "first-ship-priority": (n, a) => `${possessive(holders(n, a))} first-ship priority`,
};

export function termEndSummary(n: Names, kind: string, a: Attributes, until: FuzzyDate): string {
  const label = termLabels[kind]?.(n, a) ?? kind;
  return `End of ${label}${on(until)}`;
}

const commitmentOf = (n: Names, a: Attributes) =>
  `${n.party(a.buyer)}–${n.party(a.seller)} capacity commitment`;

export function capacityEndSummary(n: Names, a: Attributes, until: FuzzyDate): string {
  const description = text(a.description);
  return `End of the ${commitmentOf(n, a)}${description ? ` (${description})` : ""}${on(until)}`;
}

export function milestoneSummary(
  n: Names,
  a: Attributes,
  description: string,
  date: FuzzyDate,
): string {
  return `${description} (${commitmentOf(n, a)})${on(date)}`;
}

export function agreementEndSummary(title: string, endsOn: FuzzyDate): string {
  return `End of ${title || "the agreement"}${on(endsOn)}`;
}
