import type { ReactNode } from "react";
import type { Catalog } from "../api/types.ts";
import { type CatalogKind, CHANNELS, type Entry } from "../lib/catalog.ts";
import type { Namer } from "../lib/names.ts";
import { describeFuzzy } from "./launch-date.tsx";

export interface Column {
  header: string;
  cell: (entry: Entry) => ReactNode;
}

/** The columns a kind shows besides its name and id: a provider's channel and party, a product's class, owner and launch. */
export function columnsOf(kind: CatalogKind, catalog: Catalog, names: Namer): Column[] {
  if (kind === "providers") {
    const provider = (entry: Entry) => catalog.providers.find((item) => item.id === entry.id);
    return [
      {
        header: "Channel",
        cell: (entry) => {
          const channel = provider(entry)?.channel;
          return channel ? (
            <span title={CHANNELS[channel].meaning}>{CHANNELS[channel].label}</span>
          ) : null;
        },
      },
      { header: "Party", cell: (entry) => names.party(provider(entry)?.party ?? "") },
    ];
  }
  if (kind === "products") {
    const product = (entry: Entry) => catalog.products.find((item) => item.id === entry.id);
    return [
      { header: "Class", cell: (entry) => names.productClass(product(entry)?.class ?? "") },
      { header: "Owner", cell: (entry) => names.party(product(entry)?.owner ?? "") },
      {
        header: "Launch",
        cell: (entry) => {
          const launch = product(entry)?.availableFrom;
          const by = product(entry)?.availableBy;
          if (launch) return <span data-launch={launch}>from {describeFuzzy(launch)}</span>;
          if (by) return <span data-launch={by}>on or before {describeFuzzy(by)}</span>;
          return <span className="muted">available</span>;
        },
      },
    ];
  }
  return [];
}
