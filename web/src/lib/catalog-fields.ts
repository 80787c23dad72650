import type { CatalogKind } from "./catalog.ts";

/**
 * Which catalog kind an event field names, so forms offer a picker and the audit trail shows
 * names. It mirrors the server's check in packages/core/src/catalog/references.ts (which decides
 * what a dangling id is); that module brings zod along, so the initial bundle keeps this copy.
 */
const party: CatalogKind = "parties";
const provider: CatalogKind = "providers";
const FIELD_KINDS: Record<string, CatalogKind> = {
  party,
  claimedBy: party,
  licensor: party,
  licensee: party,
  payer: party,
  payee: party,
  investor: party,
  investee: party,
  buyer: party,
  seller: party,
  in: party,
  provider,
  providers: provider,
  products: "products",
  classes: "product-classes",
  segments: "segments",
};

/** `holder` is a provider for rights, a party for stakes: by event type, or by the amended term's kind. */
const HOLDER_BY_TYPE: Record<string, CatalogKind> = {
  ExclusivityGranted: provider,
  FirstShipPriorityGranted: provider,
  StakeRecorded: party,
};
const HOLDER_BY_TERM_KIND: Record<string, CatalogKind> = {
  exclusivity: provider,
  "first-ship-priority": provider,
  stake: party,
};

export function kindOfField(
  field: string,
  context: { type?: string | undefined; termKind?: string | undefined },
): CatalogKind | undefined {
  if (field !== "holder") return FIELD_KINDS[field];
  return (
    (context.type ? HOLDER_BY_TYPE[context.type] : undefined) ??
    (context.termKind ? HOLDER_BY_TERM_KIND[context.termKind] : undefined)
  );
}

/** Words that stand where ids would: they are not catalog entries. */
export const WORD_VALUES: Record<string, string> = {
  all: "all of the grantor's products",
  "any-cloud": "any cloud",
};
