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
 * The portfolio as known at `knownAt`, narrowed to what can bear on one product's cells: the
 * listings say which agreements were not known yet (left out), which are their snapshot as of
 * then (read together, and only if they reach the product), and which were recorded into on
 * both sides of the instant (folded from their log). One Query of small items and one batch of
 * snapshots, where the whole portfolio read every snapshot. Answers equal the whole portfolio's:
 * an agreement that does not reach a product cannot bear on its cells (`reachOf`).
 */
export async function loadPortfolioFor(
  runtime: Runtime,
  tenant: string,
  asOf: AsOf,
  productId: string,
  today?: Catalog,
): Promise<Portfolio> {
  if (asOf.knownAt === undefined || asOf.reportedBy !== undefined)
    return loadPortfolio(runtime, tenant, asOf, today);
  const [views, catalog, names] = await Promise.all([
    runtime.viewStore.listViews(tenant, LISTING_PREFIX),
    loadCatalog(runtime, tenant, asOf.knownAt),
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
    if (known === undefined || !listing.reach)
      refolded.push(refoldAsOf(runtime, tenant, listing.id, asOf));
    else if (reaches(listing.reach, product)) asThen.push(agreementViewKey(listing.id));
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
