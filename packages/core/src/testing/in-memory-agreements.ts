import referenceCase from "../../../../data/reference-case.json" with { type: "json" };
import type { AgreementState } from "../agreement/state.ts";
import { initialAgreementState } from "../agreement/state.ts";
import type { Catalog } from "../catalog/catalog.ts";
import { emptyCatalog } from "../catalog/catalog.ts";
import { decideCatalogEvents } from "../catalog/decide-catalog.ts";
import { evolveCatalog } from "../catalog/evolve-catalog.ts";
import { applyPending, decideImportedAgreement } from "../transfer/decide-import.ts";
import type { ExportedEvent } from "../transfer/export-document.ts";

/** An import document's parts that the pure fold reads: a catalog and agreements with their events. */
export interface PortfolioDocument {
  catalog: ExportedEvent[];
  agreements: { id: string; events: ExportedEvent[] }[];
}

/** The reference case as the repository ships it (`data/reference-case.json`). */
export const referenceDocument = referenceCase as PortfolioDocument;

/** The reference case's catalog: what decider specs check ids against unless they say otherwise. */
export const referenceCatalog: Catalog = foldCatalogDocument(
  referenceDocument.catalog,
  "2026-01-01",
);

/** `commit` for decider specs: folds decided events as the store would number them. */
export const commit = applyPending;

export function foldCatalogDocument(events: ExportedEvent[], today: string): Catalog {
  const pending = decideCatalogEvents(emptyCatalog(), events, { today });
  return pending.reduce(
    (catalog, event, index) =>
      evolveCatalog(catalog, {
        ...event,
        tenant: "test",
        agreementId: "_catalog",
        id: `catalog-${index + 1}`,
        version: index + 1,
        recordedAt: `${today}T00:00:00.000Z`,
        recordedBy: "test",
      }),
    emptyCatalog(),
  );
}

/**
 * Runs a document through the real deciders and folds with no store: for core tests and
 * benchmarks that need a portfolio as states. The store-backed path is tested apart.
 */
export function foldDocument(
  document: PortfolioDocument,
  tenant = "test",
  recordedAt = "2026-11-01T00:00:00.000Z",
): { catalog: Catalog; agreements: AgreementState[] } {
  const today = recordedAt.slice(0, 10);
  const catalog = foldCatalogDocument(document.catalog, today);
  const agreements = document.agreements.map(({ id, events }, index) => {
    const context = { today, catalog, recordedAt, path: `agreements.${index}` };
    const pending = decideImportedAgreement(tenant, id, events, context);
    return applyPending(initialAgreementState(tenant, id), pending, recordedAt, "test");
  });
  return { catalog, agreements };
}

/** The reference case folded, optionally with its agreements' events edited first (what-ifs in tests). */
export function foldReference(
  edit: (agreement: PortfolioDocument["agreements"][number]) => ExportedEvent[] = ({ events }) =>
    events,
): { catalog: Catalog; agreements: AgreementState[] } {
  return foldDocument({
    ...referenceDocument,
    agreements: referenceDocument.agreements.map((agreement) => ({
      id: agreement.id,
      events: edit(agreement),
    })),
  });
}
