/**
 * Which catalog kind each id-bearing event field names. Pure data with no imports, so the
 * decider (which refuses ids the catalog lacks) and the web UI's initial bundle (which offers
 * pickers and shows names) read the same map.
 */
export type CatalogKindName = "parties" | "providers" | "products" | "product-classes" | "segments";

const party = "parties" as const;
const provider = "providers" as const;

export const fieldKinds: Readonly<Record<string, CatalogKindName>> = {
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

/** `holder` names a provider for rights and a party for stakes: by event type, or by the term's kind. */
const holderByType: Readonly<Record<string, CatalogKindName>> = {
  ExclusivityGranted: provider,
  FirstShipPriorityGranted: provider,
  StakeRecorded: party,
};
const holderByTermKind: Readonly<Record<string, CatalogKindName>> = {
  exclusivity: provider,
  "first-ship-priority": provider,
  stake: party,
};

/** Words that stand where ids would (`products: "all"`, `providers: "any-cloud"`): not catalog entries. */
export const idWords = new Set(["all", "any-cloud"]);

export function kindOfField(
  field: string,
  context: { type?: string | undefined; termKind?: string | undefined },
): CatalogKindName | undefined {
  if (field !== "holder") return fieldKinds[field];
  return (
    (context.type ? holderByType[context.type] : undefined) ??
    (context.termKind ? holderByTermKind[context.termKind] : undefined)
  );
}
