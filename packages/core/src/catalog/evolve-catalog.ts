import type { StoredEvent } from "../events/envelope.ts";
import {
  type Catalog,
  type CatalogEntry,
  type CatalogKind,
  emptyCatalog,
  findEntry,
  type Product,
  withEntry,
} from "./catalog.ts";
import { type CatalogAddedType, idFieldOf, kindOfAdded } from "./catalog-event-types.ts";

const isAdded = (type: string): type is CatalogAddedType => type in kindOfAdded;

function added(kind: CatalogKind, data: Record<string, unknown>): CatalogEntry {
  const { [idFieldOf[kind]]: id, ...rest } = data;
  return { id: String(id), ...rest } as CatalogEntry;
}

function changed(entry: CatalogEntry, data: Record<string, unknown>): CatalogEntry {
  const next: CatalogEntry & Partial<Product> = { ...entry };
  if (typeof data.name === "string") next.name = data.name;
  if (data.retired === true) next.retired = true;
  if (data.retired === false) delete next.retired;
  // A product's launch is either dated (availableFrom) or bounded (availableBy): the newer report
  // of one replaces the other.
  if (data.availableFrom === null) delete next.availableFrom;
  else if (typeof data.availableFrom === "string") {
    next.availableFrom = data.availableFrom;
    delete next.availableBy;
  }
  if (data.availableBy === null) delete next.availableBy;
  else if (typeof data.availableBy === "string") {
    next.availableBy = data.availableBy;
    delete next.availableFrom;
  }
  return next;
}

/** Folds one catalog event; events the catalog does not know leave it as it is, but counted. */
export function evolveCatalog(catalog: Catalog, event: StoredEvent): Catalog {
  const next: Catalog = {
    ...catalog,
    version: event.version,
    latestRecordedAt:
      catalog.latestRecordedAt && catalog.latestRecordedAt > event.recordedAt
        ? catalog.latestRecordedAt
        : event.recordedAt,
  };
  if (isAdded(event.type))
    return withEntry(next, kindOfAdded[event.type], added(kindOfAdded[event.type], event.data));
  if (event.type !== "CatalogEntryChanged") return next;
  const kind = event.data.kind as CatalogKind;
  const entry = findEntry(next, kind, event.data.entry);
  return entry ? withEntry(next, kind, changed(entry, event.data)) : next;
}

export const foldCatalog = (events: StoredEvent[]): Catalog =>
  events.reduce(evolveCatalog, emptyCatalog());
