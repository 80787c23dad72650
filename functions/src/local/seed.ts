import referenceCase from "../../../data/reference-case.json" with { type: "json" };
import { AGREEMENT_VIEW_PREFIX } from "../projector/agreement-projection.ts";
import type { Runtime } from "../services/runtime.ts";
import { importDocument } from "../services/transfer.ts";

export const SEED_ACTOR = "reference-seed";

/** The Microsoft–OpenAI–Amazon case of `shared/domain/partnership-facts.md`, as an import document. */
export const referenceDocument: unknown = referenceCase;

/**
 * Loads the reference case into a tenant that has no agreements yet, through the same path as
 * `POST /import` (and so the same deciders as any change). Returns how many events it recorded.
 */
export async function seedReferenceCase(runtime: Runtime, tenant: string): Promise<number> {
  const existing = await runtime.viewStore.listViews(tenant, AGREEMENT_VIEW_PREFIX);
  if (existing.length > 0) return 0;
  const report = await importDocument(runtime, { tenant, name: SEED_ACTOR }, referenceDocument);
  return report.catalog.written + report.agreements.reduce((sum, { written }) => sum + written, 0);
}
