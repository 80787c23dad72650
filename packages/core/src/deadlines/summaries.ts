import { describeDate, type FuzzyDate } from "../dates.ts";
import { describeMoney, partyName, providerName, text } from "../views/names.ts";

const possessive = (name: string) => (name.endsWith("s") ? `${name}'` : `${name}'s`);

/** `, 2030 (year only)` / `, Feb 2034` / `, 31 Dec 2028`: an imprecise date must read as such. */
const on = (date: FuzzyDate) => `, ${describeDate(date)}`;

type Attributes = Record<string, unknown>;

export function trancheSummary(a: Attributes, due: FuzzyDate): string {
  const amount = describeMoney(a.amount);
  const contingent = a.contingent === true ? "contingent " : "";
  return (
    `Last date for ${possessive(partyName(a.investor))} ${contingent}tranche` +
    `${amount ? ` (${amount})` : ""} to ${partyName(a.investee)}${on(due)}`
  );
}

export function revenueShareSummary(a: Attributes, until: FuzzyDate): string {
  const rate = typeof a.ratePercent === "number" ? `${a.ratePercent}% ` : "";
  return `End of ${possessive(partyName(a.payer))} ${rate}revenue share to ${partyName(a.payee)}${on(until)}`;
}

export function licenseSummary(a: Attributes, until: FuzzyDate): string {
  const exclusive = a.exclusive === true ? "exclusive" : "non-exclusive";
  const subject = text(a.subject);
  return (
    `End of ${possessive(partyName(a.licensee))} ${exclusive} license from ${partyName(a.licensor)}` +
    `${subject ? ` (${subject})` : ""}${on(until)}`
  );
}

function holders(a: Attributes): string {
  if (a.providers === "any-cloud") return "any cloud";
  if (Array.isArray(a.providers)) return a.providers.map(providerName).join(", ");
  return providerName(a.holder);
}

const termLabels: Record<string, (a: Attributes) => string> = {
  exclusivity: (a) => `${possessive(holders(a))} ${text(a.scope) ? `${a.scope} ` : ""}exclusivity`,
  "distribution-right": (a) => `the distribution right for ${holders(a)}`,
  "first-ship-priority": (a) => `${possessive(holders(a))} first-ship priority`,
};

export function termEndSummary(kind: string, a: Attributes, until: FuzzyDate): string {
  const label = termLabels[kind]?.(a) ?? kind;
  return `End of ${label}${on(until)}`;
}

const commitmentOf = (a: Attributes) =>
  `${partyName(a.buyer)}–${partyName(a.seller)} capacity commitment`;

export function capacityEndSummary(a: Attributes, until: FuzzyDate): string {
  const description = text(a.description);
  return `End of the ${commitmentOf(a)}${description ? ` (${description})` : ""}${on(until)}`;
}

export function milestoneSummary(a: Attributes, description: string, date: FuzzyDate): string {
  return `${description} (${commitmentOf(a)})${on(date)}`;
}

export function agreementEndSummary(title: string, endsOn: FuzzyDate): string {
  return `End of ${title || "the agreement"}${on(endsOn)}`;
}
