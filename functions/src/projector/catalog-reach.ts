import type { StoredEvent } from "@termline/core";

/**
 * What one catalog event can change in the answers. A cell's answer rests on its product (its
 * class, owner and launch), its provider (party and channel) and its segment, never on other
 * entries, and never on whether an entry is retired: a retired entry is still asked about by
 * id, and only leaves the matrix's rows and columns (the grids). So a product added or
 * launched changes that product's cells alone; a provider or a segment added, its own cells; a
 * product or a provider retired (or back), the grids alone; a rename changes none (stored
 * answers cite entries by id: name-tokens.ts in core), nor a party or a class added or retired
 * (none until a term or a product names it), nor a segment retired. An event of another type
 * reaches every cell, conservatively.
 */
export type CatalogReach =
  | "none"
  | "grids"
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
  const launch = data.availableFrom !== undefined || data.availableBy !== undefined;
  if (launch) return data.kind === "products" ? { product: String(data.entry) } : "all";
  const listed = data.kind === "products" || data.kind === "providers";
  return data.retired !== undefined && listed ? "grids" : "none";
}
