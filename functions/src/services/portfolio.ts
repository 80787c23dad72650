import type { AgreementState, Catalog, Names } from "@termline/core";
import { namesIn } from "@termline/core";
import { loadAgreements } from "./agreements.ts";
import { loadCatalog } from "./catalog.ts";
import type { Runtime } from "./runtime.ts";

/** What every question about rights and dates is answered from: the agreements and the catalog they name. */
export interface Portfolio {
  agreements: AgreementState[];
  catalog: Catalog;
  names: Names;
}

export async function loadPortfolio(
  runtime: Runtime,
  tenant: string,
  knownAt?: string,
): Promise<Portfolio> {
  const [agreements, catalog] = await Promise.all([
    loadAgreements(runtime, tenant, knownAt),
    loadCatalog(runtime, tenant, knownAt),
  ]);
  return { agreements, catalog, names: namesIn(catalog) };
}
