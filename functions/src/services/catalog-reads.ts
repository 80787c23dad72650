/**
 * Reading the tenant's catalog, apart from its changes in catalog.ts, so a read route's chunk
 * builds none of the catalog's command schemas.
 */
import {
  type Catalog,
  type CatalogKind,
  findEntry,
  foldCatalog,
  kindNoun,
  NotFoundError,
  RuleViolationError,
  type StoredEvent,
  ValidationError,
} from "@termline/core";
import type { View } from "@termline/store";
import { CATALOG_STREAM, CATALOG_VIEW_KEY } from "../projector/catalog-projection.ts";
import type { Runtime } from "./runtime.ts";

const knownBy = (knownAt: string) => (event: StoredEvent) => event.recordedAt <= knownAt;

/** The log is the truth for deciding: the view may lag the stream by a moment. */
export async function catalogFromLog(runtime: Runtime, tenant: string): Promise<Catalog> {
  return foldCatalog(
    await runtime.eventStore.readStream(tenant, CATALOG_STREAM, { consistent: true }),
  );
}

/** The tenant's catalog: one read of its view, or, as known at an instant, folded from its log. */
export async function loadCatalog(
  runtime: Runtime,
  tenant: string,
  knownAt?: string,
): Promise<Catalog> {
  if (knownAt) {
    const events = await runtime.eventStore.readStream(tenant, CATALOG_STREAM, {
      consistent: false,
    });
    return foldCatalog(events.filter(knownBy(knownAt)));
  }
  return catalogOfView(runtime, tenant, await runtime.viewStore.getView(tenant, CATALOG_VIEW_KEY));
}

/** The catalog its view holds, or folded from the log for a tenant whose view is not written yet. */
export const catalogOfView = (runtime: Runtime, tenant: string, view: View | undefined) =>
  view ? Promise.resolve(view.body as Catalog) : catalogFromLog(runtime, tenant);

export function requireEntry(catalog: Catalog, kind: CatalogKind, id: string) {
  const entry = findEntry(catalog, kind, id);
  if (!entry) throw new NotFoundError(`there is no ${kindNoun[kind]} "${id}" in the catalog`);
  return entry;
}

export async function catalogLog(runtime: Runtime, tenant: string): Promise<StoredEvent[]> {
  return runtime.eventStore.readStream(tenant, CATALOG_STREAM, { consistent: false });
}

/**
 * Ids that a request names (a query's product, a workload's providers) must be in the tenant's
 * catalog; each missing one is reported at its own path.
 */
export function requireKnownIds(
  catalog: Catalog,
  named: { path: string; kind: CatalogKind; id: string | undefined }[],
  asRule = false,
): void {
  const errors = named
    .filter(({ kind, id }) => id !== undefined && !findEntry(catalog, kind, id))
    .map(({ path, kind, id }) => ({
      path,
      message: `there is no ${kindNoun[kind]} "${String(id)}" in the tenant's catalog`,
    }));
  if (errors.length === 0) return;
  const detail = errors.map((error) => `${error.path}: ${error.message}`).join("; ");
  throw asRule
    ? new RuleViolationError(detail, { errors })
    : new ValidationError(detail, { errors });
}
