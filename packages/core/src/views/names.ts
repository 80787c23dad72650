import { parties, products, providers } from "../catalog.ts";

/**
 * How ids and amounts read in summaries. Attributes are `Record<string, unknown>` because
 * amendments merge into them; a value of the wrong shape reads as absent rather than throwing,
 * so one odd term cannot take a whole answer down.
 */
export const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const nameIn = (list: readonly { id: string; name: string }[], id: unknown) =>
  list.find((item) => item.id === id)?.name;

/** The catalog's name without its parenthesised detail: "Amazon Web Services", not "… (incl. Bedrock)". */
const short = (name: string | undefined) => name?.replace(/ \(.*\)$/, "");

export const partyName = (id: unknown): string =>
  nameIn(parties, id) ?? text(id) ?? "an unnamed party";

export const providerName = (id: unknown): string =>
  short(nameIn(providers, id)) ?? text(id) ?? "an unnamed provider";

export const productName = (id: unknown): string =>
  short(nameIn(products, id)) ?? text(id) ?? "an unnamed product";

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
