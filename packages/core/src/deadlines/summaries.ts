import { parties, providers } from "../catalog.ts";
import { describeDate, type FuzzyDate } from "../dates.ts";

/**
 * Readers for a term's attributes. Attributes are `Record<string, unknown>` because amendments
 * merge into them; a value of the wrong shape (e.g. from a newer writer) reads as absent
 * rather than throwing, so one odd term cannot take the whole deadline list down.
 */
export const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function partyName(id: unknown): string {
  const found = parties.find((party) => party.id === id);
  return found?.name ?? text(id) ?? "an unnamed party";
}

export function providerName(id: unknown): string {
  const found = providers.find((provider) => provider.id === id);
  return found?.name ?? text(id) ?? "an unnamed provider";
}

const possessive = (name: string) => (name.endsWith("s") ? `${name}'` : `${name}'s`);

const scales: [number, string][] = [
  [1e12, "trillion"],
  [1e9, "billion"],
  [1e6, "million"],
];

const qualifierWords: Record<string, string> = {
  approximate: "about ",
  "up-to": "up to ",
  "at-least": "at least ",
};

/** `{ amount: 35e9, currency: "USD", qualifier: "up-to" }` → `up to 35 billion USD`, as reports say it. */
export function describeMoney(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value.amount !== "number") return undefined;
  const currency = text(value.currency) ?? "";
  const qualifier = qualifierWords[String(value.qualifier)] ?? "";
  const [scale, word] = scales.find(([size]) => (value.amount as number) >= size) ?? [1, ""];
  const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 }).format(
    value.amount / scale,
  );
  return `${qualifier}${[number, word, currency].filter(Boolean).join(" ")}`;
}

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
