import { type Catalog, emptyCatalog, evolveCatalog } from "@termline/core";
import { createProjector, type EventStore, type ViewStore } from "@termline/store";

/**
 * The tenant's catalog is one stream of the events table, beside its agreements. Its id is not
 * a slug, so no agreement can ever take it.
 */
export const CATALOG_STREAM = "_catalog";
export const CATALOG_VIEW_KEY = "catalog";

export const isCatalogStream = (streamId: string) => streamId === CATALOG_STREAM;

export function createCatalogProjector(stores: { eventStore: EventStore; viewStore: ViewStore }) {
  return createProjector<Catalog>({
    ...stores,
    accepts: isCatalogStream,
    viewKey: () => CATALOG_VIEW_KEY,
    initialState: emptyCatalog,
    evolve: evolveCatalog,
  });
}
