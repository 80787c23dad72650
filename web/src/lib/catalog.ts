import type { Catalog } from "../api/types.ts";

/**
 * The tenant's catalog as the screens read it. Nothing here names an entry: every party,
 * provider, product, class and segment comes from `GET /catalog`. (The domain's own catalog
 * module pulls in zod, which the initial bundle leaves out, so the few words it needs are here.)
 */
export type CatalogKind = "parties" | "providers" | "products" | "product-classes" | "segments";
export const CATALOG_KINDS: readonly CatalogKind[] = [
  "parties",
  "providers",
  "product-classes",
  "products",
  "segments",
];

export interface Entry {
  id: string;
  name: string;
  retired?: boolean | undefined;
}
export type Provider = Catalog["providers"][number];
export type Product = Catalog["products"][number];
export type Channel = Provider["channel"];

/** Every tenant starts with this segment, and the screens ask about it unless told otherwise. */
export const DEFAULT_SEGMENT = "commercial";

export function entriesOf(catalog: Catalog, kind: CatalogKind): Entry[] {
  if (kind === "parties") return catalog.parties;
  if (kind === "providers") return catalog.providers;
  if (kind === "products") return catalog.products;
  if (kind === "product-classes") return catalog.productClasses;
  return catalog.segments;
}

/** What pickers offer: entries not retired, plus any already chosen (so a value never vanishes). */
export const offered = <T extends Entry>(list: readonly T[], chosen: readonly string[] = []) =>
  list.filter((entry) => !entry.retired || chosen.includes(entry.id));

export const KIND_TEXT: Record<CatalogKind, { one: string; many: string }> = {
  parties: { one: "party", many: "Parties" },
  providers: { one: "provider", many: "Providers" },
  products: { one: "product", many: "Products" },
  "product-classes": { one: "product class", many: "Product classes" },
  segments: { one: "segment", many: "Segments" },
};

/** What each channel means for the terms, in one line (the evaluator reads them this way). */
export const CHANNELS: Record<Channel, { label: string; meaning: string }> = {
  cloud: {
    label: "Cloud",
    meaning:
      "a third party's cloud: grants to “any cloud” cover it, and cloud exclusivities held by others shut it out",
  },
  "first-party": {
    label: "First party",
    meaning:
      "the product owner's own channel (its own API or app): third-party exclusivities do not reach it",
  },
  reseller: {
    label: "Reseller",
    meaning:
      "a third party that is not a cloud: a grant to “any cloud” does not cover it, only one that names it",
  },
};

/** "Harbor Cloud" → "harbor-cloud": the id a new entry is offered, until the person types their own. */
export function slugOf(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}
