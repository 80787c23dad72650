import type { Catalog } from "../api/types.ts";
import { type CatalogKind, entriesOf } from "./catalog.ts";
import { kindOfField, WORD_VALUES } from "./catalog-fields.ts";

/** Short display names: "Lumen Platform" for "Lumen Platform (Lumen Labs' own API)". */
export const shortName = (name: string): string => name.replace(/\s*\(.*\)$/, "");

/**
 * Names for ids, from the tenant's catalog. An id the catalog does not (yet) hold shows as
 * itself, so nothing is ever blank while the catalog loads.
 */
export function namer(catalog: Catalog | undefined) {
  const full = (kind: CatalogKind, id: string) =>
    (catalog ? entriesOf(catalog, kind).find((entry) => entry.id === id)?.name : undefined) ?? id;
  return {
    of: full,
    product: (id: string) => shortName(full("products", id)),
    provider: (id: string) => shortName(full("providers", id)),
    party: (id: string) => full("parties", id),
    productClass: (id: string) => full("product-classes", id),
    segment: (id: string) => full("segments", id),
    productFull: (id: string) => full("products", id),
    providerFull: (id: string) => full("providers", id),
  };
}
export type Namer = ReturnType<typeof namer>;

/**
 * An event field's value with catalog ids turned into names ("Harbor Cloud, Quay Cloud"), or
 * undefined when the field names no catalog entry.
 */
export function namedValue(
  names: Namer,
  field: string,
  value: unknown,
  context: { type?: string | undefined; termKind?: string | undefined },
): string | undefined {
  const kind = kindOfField(field, context);
  if (!kind) return undefined;
  const one = (id: unknown) =>
    typeof id === "string" ? (WORD_VALUES[id] ?? names.of(kind, id)) : String(id);
  if (typeof value === "string") return one(value);
  if (Array.isArray(value)) return value.map(one).join(", ");
  return undefined;
}

const REASONS: Record<string, string> = {
  granted: "Granted",
  "no-grant": "No grant covers it",
  "exclusive-to-other": "Exclusive to another provider",
  expired: "Expired",
  "not-yet-effective": "Not yet in force",
  "not-yet-available": "Not launched yet",
  "first-ship-priority": "First-ship priority held by another",
  "first-ship-priority-moot": "First-ship priority does not bind",
  disputed: "Disputed",
  "conflicting-exclusivity": "Conflicting exclusivities",
  "grant-contradicts-exclusivity": "Grant contradicts an exclusivity",
  "yields-to-exclusivity": "Yields to an exclusivity",
  "owner-channel": "The product owner's own channel",
  "imprecise-date": "A date it depends on is not known to the day",
};

export const reasonLabel = (code: string): string => REASONS[code] ?? code.replaceAll("-", " ");
