import type { StoredEvent } from "@termline/core";

/**
 * What one catalog event can change in the answers. A cell's answer rests on its product (its
 * class, owner and launch), its provider (party and channel) and its segment, never on other
 * entries: so a product added, launched or retired changes that product's cells alone; a
 * rename changes none (stored answers cite entries by id: name-tokens.ts in core); a party or a
 * class added changes none until a term or a product names it; a provider or a segment added,
 * its own cells; any other entry retired reaches every cell, conservatively.
 */
export type CatalogReach =
  | "none"
  | { product: string }
  | { provider: string }
  | { segment: string }
  | "all";

export function catalogReachOf({ type, data }: StoredEvent): CatalogReach {
  if (type === "PartyAdded" || type === "ProductClassAdded") return "none";
  if (type === "ProductAdded") return { product: String(data.product) };
  if (type === "ProviderAdded") return { provider: String(data.provider) };
  if (type === "SegmentAdded") return { segment: String(data.segment) };
  if (type !== "CatalogEntryChanged") return "all";
  const renameOnly =
    data.availableFrom === undefined &&
    data.availableBy === undefined &&
    data.retired === undefined;
  if (renameOnly) return "none";
  return data.kind === "products" ? { product: String(data.entry) } : "all";
}
