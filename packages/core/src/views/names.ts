import type { Catalog } from "../catalog/catalog.ts";

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

/** How the tenant's catalog names its entries in sentences; an id missing from it reads as itself. */
export interface Names {
  party: (id: unknown) => string;
  provider: (id: unknown) => string;
  product: (id: unknown) => string;
  productClass: (id: unknown) => string;
  /** A class's name as it reads mid-sentence: "the chat models class". */
  productClassInText: (id: unknown) => string;
  segment: (id: unknown) => string;
}

export function namesIn(catalog: Catalog): Names {
  const named =
    (list: readonly { id: string; name: string }[], fallback: string, shorten = false) =>
    (id: unknown) => {
      const name = nameIn(list, id);
      return (shorten ? short(name) : name) ?? text(id) ?? fallback;
    };
  const productClass = named(catalog.productClasses, "an unnamed class");
  return {
    party: named(catalog.parties, "an unnamed party"),
    provider: named(catalog.providers, "an unnamed provider", true),
    product: named(catalog.products, "an unnamed product", true),
    productClass,
    productClassInText: (id) => productClass(id).toLowerCase(),
    segment: named(catalog.segments, "an unnamed segment"),
  };
}

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

// Built once, on first use: constructing an Intl.NumberFormat costs about 0.1 ms, and every
// deadline summary of an agreement says an amount (an append derived them all to diff its
// deadlines); but the process's first Intl object loads ICU's data (18–26 ms), which a Lambda
// cold start paid at import although most first requests format no amount.
let amountFormat: Intl.NumberFormat | undefined;
const amounts = () => {
  amountFormat ??= new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
  return amountFormat;
};

/** `{ amount: 35e9, currency: "USD", qualifier: "up-to" }` → `up to 35 billion USD`, as reports say it. */
export function describeMoney(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value.amount !== "number") return undefined;
  const currency = text(value.currency) ?? "";
  const qualifier = qualifierWords[String(value.qualifier)] ?? "";
  const [scale, word] = scales.find(([size]) => (value.amount as number) >= size) ?? [1, ""];
  const number = amounts().format(value.amount / scale);
  return `${qualifier}${[number, word, currency].filter(Boolean).join(" ")}`;
}
