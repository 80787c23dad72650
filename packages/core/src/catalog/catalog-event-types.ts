import type { CatalogKind } from "./catalog.ts";

/*
 * The catalog events' names, apart from their schemas: folding the catalog (every read does)
 * needs the names only, and a module that builds zod schemas costs a cold start its time.
 */

export const addedTypeOf = {
  parties: "PartyAdded",
  providers: "ProviderAdded",
  products: "ProductAdded",
  "product-classes": "ProductClassAdded",
  segments: "SegmentAdded",
} as const satisfies Record<CatalogKind, string>;

export type CatalogAddedType = (typeof addedTypeOf)[CatalogKind];

export const idFieldOf = {
  parties: "party",
  providers: "provider",
  products: "product",
  "product-classes": "productClass",
  segments: "segment",
} as const satisfies Record<CatalogKind, string>;

export const kindOfAdded = Object.fromEntries(
  Object.entries(addedTypeOf).map(([kind, type]) => [type, kind]),
) as Record<CatalogAddedType, CatalogKind>;
