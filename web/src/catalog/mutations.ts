import { api, ok } from "../api/client.ts";
import type { CatalogKind, Channel } from "../lib/catalog.ts";

/** What the add forms send: the entry itself, named by `id` (the API adds nothing else). */
export interface NewEntry {
  id: string;
  name: string;
  party: string;
  channel: Channel | "";
  class: string;
  owner: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD; empty: not given. */
  availableFrom: string;
}

export function addEntry(kind: CatalogKind, entry: NewEntry) {
  const { id, name } = entry;
  switch (kind) {
    case "parties":
      return ok(api.catalog.parties.$post({ json: { id, name } }));
    case "providers":
      return ok(
        api.catalog.providers.$post({
          json: { id, name, party: entry.party, channel: entry.channel as Channel },
        }),
      );
    case "products":
      return ok(
        api.catalog.products.$post({
          json: {
            id,
            name,
            class: entry.class,
            owner: entry.owner,
            ...(entry.availableFrom ? { availableFrom: entry.availableFrom } : {}),
          },
        }),
      );
    case "product-classes":
      return ok(api.catalog["product-classes"].$post({ json: { id, name } }));
    case "segments":
      return ok(api.catalog.segments.$post({ json: { id, name } }));
  }
}

/** A rename, a new launch date (`null` removes it), a retirement or its undoing. */
export interface EntryChange {
  name?: string;
  availableFrom?: string | null;
  retired?: boolean;
}

export const changeEntry = (kind: CatalogKind, id: string, change: EntryChange) =>
  ok(api.catalog[":kind"][":id"].$patch({ param: { kind, id }, json: change }));

/** What a saved change tells the person who made it; `updating`: its answers follow later. */
export interface Saved {
  text: string;
  updating: boolean;
}

/** Whether a write left the answers it moves still being worked out. */
export const answersUpdating = (written: { answers?: "current" | "updating" | undefined }) =>
  written.answers === "updating";
