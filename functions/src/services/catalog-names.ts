/**
 * The catalog an answer from the read model is named in, kept a few seconds per container.
 *
 * An answer found in the model needs the catalog for its names alone (its cell's ids are
 * vouched for by the items existing, answer-reads.ts), and reading it beside the answer was
 * half of an entitlement's cost. Kept, a warm container answers in one DynamoDB call. What that
 * costs: a rename made through another container reads in the old name for at most
 * `NAMES_MAX_AGE_MS` (this container's own catalog changes replace what it keeps at once); an
 * entry added since is never named by its id, since an answer citing an entry the kept catalog
 * lacks is named from a fresh read (`withNamesIfKnown`). Nothing that decides (an id's check, a
 * command) reads the kept catalog.
 */
import { type Catalog, namesIn, withNames, withNamesIfKnown } from "@termline/core";
import { loadCatalog } from "./catalog-reads.ts";
import { KEPT_MAX_AGE_MS, keptBriefly } from "./kept-briefly.ts";
import type { Runtime } from "./runtime.ts";

export const NAMES_MAX_AGE_MS = KEPT_MAX_AGE_MS;

const keptCatalogs = keptBriefly<Catalog>();

/** The tenant's catalog as read less than `NAMES_MAX_AGE_MS` ago, if this container has it. */
const keptCatalog = (runtime: Runtime, tenant: string): Catalog | undefined =>
  keptCatalogs.get(runtime, tenant);

/** Keeps the catalog just read or written, replacing what was kept. */
export function keepCatalog(runtime: Runtime, tenant: string, catalog: Catalog): void {
  keptCatalogs.keep(runtime, tenant, catalog);
}

/** The tenant's catalog read now (one GetItem), and kept. */
async function readCatalogToKeep(runtime: Runtime, tenant: string): Promise<Catalog> {
  const catalog = await loadCatalog(runtime, tenant);
  keepCatalog(runtime, tenant, catalog);
  return catalog;
}

/**
 * Names stored text in the catalog's: the kept catalog's when it knows every entry the text
 * cites, else a fresh read's, begun at once when nothing is kept so that it runs beside the
 * read it names.
 */
export function catalogNamer(runtime: Runtime, tenant: string) {
  const kept = keptCatalog(runtime, tenant);
  let fresh: Promise<Catalog> | undefined;
  const read = () => {
    fresh ??= readCatalogToKeep(runtime, tenant);
    return fresh;
  };
  // Awaited only if needed: a failure must not go unhandled when the read it names failed first.
  if (!kept) read().catch(() => undefined);
  return {
    /** Today's catalog, read now: for checking ids, which the kept one never does. */
    fresh: read,
    /** The kept catalog, or today's read. */
    catalog: () => (kept ? Promise.resolve(kept) : read()),
    async name<T>(value: T): Promise<T> {
      const named = kept && withNamesIfKnown(value, kept);
      return named !== undefined ? named : withNames(value, namesIn(await read()));
    },
  };
}
