import * as z from "zod";
import { type CalendarDate, describeDate, type FuzzyDate } from "../dates.ts";

/** Ids of catalog entries, agreements and terms: short, stable, safe in keys and URLs. */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;
export const CatalogId = z
  .string()
  .regex(
    SLUG,
    "use lowercase letters, digits and dashes (at most 80), starting with a letter or digit",
  );

/** A catalog id; which of the tenant's entries it names is checked by the decider, not the schema. */
export const PartyId = CatalogId;
export type PartyId = string;
export const ProviderId = CatalogId;
export type ProviderId = string;
export const ProductId = CatalogId;
export type ProductId = string;
export const ProductClassId = CatalogId;
export type ProductClassId = string;
export const Segment = CatalogId;
export type Segment = string;

/**
 * `first-party` is the product owner's own channel: third-party exclusivities (a cloud's
 * exclusive distribution) do not reach it. `reseller` is a third party that is not a cloud:
 * a grant to "any cloud" does not cover it.
 */
export const Channel = z.enum(["cloud", "first-party", "reseller"]);
export type Channel = z.infer<typeof Channel>;

export interface CatalogEntry {
  id: string;
  name: string;
  /** Retired entries leave the pickers and the matrix; what terms say of them stays. */
  retired?: boolean;
}
export interface Party extends CatalogEntry {}
export interface Provider extends CatalogEntry {
  party: string;
  channel: Channel;
}
export interface Product extends CatalogEntry {
  class: string;
  owner: string;
  /** When the product launches, at the precision known; before it, nobody may serve it. */
  availableFrom?: FuzzyDate;
  /**
   * Known to be available on or before this day, its launch unreported ("already on Bedrock"
   * in a report of that day). It never makes the product unavailable, but it does date the
   * launch before a first-ship priority that began on or after it.
   */
  availableBy?: CalendarDate;
}
export interface ProductClass extends CatalogEntry {}
export interface SegmentEntry extends CatalogEntry {}

/** The tenant's catalog, as its stream of catalog events folds it. */
export interface Catalog {
  version: number;
  parties: Party[];
  providers: Provider[];
  products: Product[];
  productClasses: ProductClass[];
  segments: SegmentEntry[];
  /**
   * When the latest catalog event folded was recorded: a read model that labels what it knew
   * by an instant needs it. Internal: the API's catalog does not show it.
   */
  latestRecordedAt?: string;
}

export const catalogKinds = [
  "parties",
  "providers",
  "products",
  "product-classes",
  "segments",
] as const;
export const CatalogKind = z.enum(catalogKinds);
export type CatalogKind = z.infer<typeof CatalogKind>;

const listKey = {
  parties: "parties",
  providers: "providers",
  products: "products",
  "product-classes": "productClasses",
  segments: "segments",
} as const satisfies Record<CatalogKind, keyof Omit<Catalog, "version">>;

/** How one entry of a kind reads in a sentence: "the provider …". */
export const kindNoun: Record<CatalogKind, string> = {
  parties: "party",
  providers: "provider",
  products: "product",
  "product-classes": "product class",
  segments: "segment",
};

/** Every tenant can ask about its commercial customers from the start; other segments are its own. */
export const DEFAULT_SEGMENT = "commercial";

export function emptyCatalog(): Catalog {
  return {
    version: 0,
    parties: [],
    providers: [],
    products: [],
    productClasses: [],
    segments: [{ id: DEFAULT_SEGMENT, name: "Commercial" }],
  };
}

export function entriesOf(catalog: Catalog, kind: CatalogKind): CatalogEntry[] {
  return catalog[listKey[kind]];
}

export function findEntry(
  catalog: Catalog,
  kind: CatalogKind,
  id: unknown,
): CatalogEntry | undefined {
  return entriesOf(catalog, kind).find((entry) => entry.id === id);
}

export const findProduct = (catalog: Catalog, id: unknown) =>
  catalog.products.find((entry) => entry.id === id);
export const findProvider = (catalog: Catalog, id: unknown) =>
  catalog.providers.find((entry) => entry.id === id);

/** The entries still offered for new questions and terms: the matrix's rows and columns. */
export const active = <T extends CatalogEntry>(list: T[]): T[] =>
  list.filter((entry) => !entry.retired);

/** Replaces one entry of a kind, keeping the list's order (the order people added them in). */
export function withEntry(catalog: Catalog, kind: CatalogKind, entry: CatalogEntry): Catalog {
  const key = listKey[kind];
  const list = catalog[key] as CatalogEntry[];
  const index = list.findIndex((item) => item.id === entry.id);
  const next = index < 0 ? [...list, entry] : list.map((item, at) => (at === index ? entry : item));
  return { ...catalog, [key]: next };
}

export function describeAvailability(product: Product): string {
  if (product.availableFrom) return `available from ${describeDate(product.availableFrom)}`;
  if (product.availableBy) return `available on or before ${describeDate(product.availableBy)}`;
  return "available";
}
