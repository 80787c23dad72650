import referenceCase from "../../../data/reference-case.json" with { type: "json" };
import referencePeople from "../../../data/reference-people.json" with { type: "json" };
import { AGREEMENT_VIEW_PREFIX } from "../projector/agreement-projection.ts";
import { loadCatalog } from "../services/catalog-reads.ts";
import { assignOwner } from "../services/deadline-owners.ts";
import { createPerson } from "../services/people.ts";
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
  const actor = { tenant, name: SEED_ACTOR };
  const existing = await runtime.viewStore.listViews(tenant, AGREEMENT_VIEW_PREFIX);
  if (existing.length > 0) {
    // Data kept from before catalogs were the tenant's own: its agreements name the reference
    // case's parties and products, so it gets that catalog (and nothing else) once.
    if ((await loadCatalog(runtime, tenant)).version > 0) return 0;
    const catalogOnly = { ...(referenceCase as object), agreements: [], workloads: [] };
    return (await importDocument(runtime, actor, catalogOnly)).catalog.written;
  }
  const report = await importDocument(runtime, actor, referenceDocument);
  return report.catalog.written + report.agreements.reduce((sum, { written }) => sum + written, 0);
}

/**
 * Gives the reference case's deadlines their owners (data/reference-people.json), once per
 * tenant: a marker records that it was done, so a person an admin later erased stays erased.
 */
export async function seedReferencePeople(runtime: Runtime, tenant: string): Promise<number> {
  const marker = await runtime.viewStore.putItem(
    tenant,
    "seed#people",
    { itemType: "settings", at: runtime.clock().toISOString() },
    { ifAbsent: true },
  );
  if (!marker) return 0;
  const seeder = { tenant, name: SEED_ACTOR, role: "admin" as const };
  for (const person of referencePeople.people) await createPerson(runtime, seeder, person);
  for (const { deadlineId, person } of referencePeople.owners)
    await assignOwner(runtime, seeder, deadlineId, person);
  return referencePeople.people.length;
}
