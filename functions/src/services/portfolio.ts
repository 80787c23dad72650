import type { AgreementState, Catalog, Names } from "@termline/core";
import { namesIn } from "@termline/core";
import { type AsOf, loadAgreements } from "./agreements.ts";
import { loadCatalog } from "./catalog.ts";
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
 * `knownAt` applies to it.
 */
export async function loadPortfolio(
  runtime: Runtime,
  tenant: string,
  asOf: AsOf = {},
): Promise<Portfolio> {
  const [agreements, catalog] = await Promise.all([
    loadAgreements(runtime, tenant, asOf),
    loadCatalog(runtime, tenant, asOf.knownAt),
  ]);
  return { agreements, catalog, names: namesIn(catalog) };
}
