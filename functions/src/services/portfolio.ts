import {
  type AgreementListing,
  type AgreementState,
  type Catalog,
  type Names,
  namesIn,
  reaches,
} from "@termline/core";
import { agreementViewKey, LISTING_PREFIX } from "../projector/agreement-keys.ts";
import { joinSnapshots } from "../projector/agreement-snapshots.ts";
import { type AsOf, knownAsOf, loadAgreements, refoldAsOf } from "./agreement-reads.ts";
import { loadCatalog } from "./catalog-reads.ts";
import type { Runtime } from "./runtime.ts";

/** What every question about rights and dates is answered from: the agreements and the catalog they name. */
export interface Portfolio {
  agreements: AgreementState[];
  catalog: Catalog;
  names: Names;
}

/**
 * The portfolio as known at an instant (`knownAt`: what had been recorded by then) and as the
 * public record stood on a day (`reportedBy`). The catalog is vocabulary, not a fact: only
 * `knownAt` applies to it, and only to what it holds. Names are today's whatever the instant,
 * as the read model serves them (answer-reads.ts): a rename is not news about a contract.
 */
export async function loadPortfolio(
  runtime: Runtime,
  tenant: string,
  asOf: AsOf = {},
  today?: Catalog,
): Promise<Portfolio> {
  const [agreements, catalog, names] = await Promise.all([
    loadAgreements(runtime, tenant, asOf),
    // Today's, when the caller read it and today's is wanted.
    asOf.knownAt === undefined && today ? today : loadCatalog(runtime, tenant, asOf.knownAt),
    namesOfToday(runtime, tenant, asOf, today),
  ]);
  return { agreements, catalog, names: names ?? namesIn(catalog) };
}

/**
 * Today's names when the catalog is read as known at an instant (from `today` when the caller
 * has read it already); undefined otherwise.
 */
const namesOfToday = async (runtime: Runtime, tenant: string, asOf: AsOf, today?: Catalog) =>
  asOf.knownAt === undefined ? undefined : namesIn(today ?? (await loadCatalog(runtime, tenant)));

/**
 * The portfolio narrowed to what can bear on one product's cells, today or as known at
 * `knownAt`: the listings say which agreements reach the product (read together, their
 * snapshots only), and, as known at an instant, which were not known yet (left out) and which
 * were recorded into on both sides of it (folded from their log). The listings' Query (small
 * items) and batches of the reaching snapshots begun together, where the whole portfolio read
 * every snapshot page after page: what a cell the read model cannot answer costs
 * (answer-reads.ts). Answers equal the whole portfolio's: an agreement
 * that does not reach a product cannot bear on its cells (`reachOf`). A listing is written in
 * the commit's transaction with its snapshot, so today's narrowing sees every commit returned.
 */
export async function loadPortfolioFor(
  runtime: Runtime,
  tenant: string,
  asOf: AsOf,
  productId: string,
  today?: Catalog,
): Promise<Portfolio> {
  if (asOf.reportedBy !== undefined) return loadPortfolio(runtime, tenant, asOf, today);
  const [views, catalog, names] = await Promise.all([
    runtime.viewStore.listViews(tenant, LISTING_PREFIX),
    asOf.knownAt === undefined && today ? today : loadCatalog(runtime, tenant, asOf.knownAt),
    namesOfToday(runtime, tenant, asOf, today),
  ]);
  const product = catalog.products.find(({ id }) => id === productId);
  if (views.length === 0 || !product) return loadPortfolio(runtime, tenant, asOf, today);
  const listings = views.map(({ body }) => body as AgreementListing);
  const asThen: string[] = [];
  const refolded: Promise<AgreementState>[] = [];
  for (const listing of listings) {
    const known = knownAsOf(listing, asOf);
    if (known === "unknown") continue;
    // Today's snapshot is the agreement as it stands: never refolded, read unless it cannot reach.
    const refold = asOf.knownAt !== undefined && (known === undefined || !listing.reach);
    if (refold) refolded.push(refoldAsOf(runtime, tenant, listing.id, asOf));
    else if (!listing.reach || reaches(listing.reach, product))
      asThen.push(agreementViewKey(listing.id));
  }
  const [snapshots, folded] = await Promise.all([
    runtime.viewStore
      .getViews(tenant, asThen)
      .then((heads) => joinSnapshots(runtime.viewStore, tenant, heads)),
    Promise.all(refolded),
  ]);
  // In the snapshots' key order, as the whole portfolio has them: reasons come in that order.
  const agreements = [...snapshots.map(({ body }) => body as AgreementState), ...folded]
    .filter(({ exists }) => exists)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { agreements, catalog, names: names ?? namesIn(catalog) };
}
