import {
  type AgreementState,
  type Catalog,
  decideImportedAgreement,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  ExportDocument,
  type ExportedEvent,
  fold,
  ImportConflictError,
  type PendingEvent,
  parseInput,
  type StoredEvent,
  splitOrigin,
  todayIn,
  toExportedEvent,
} from "@termline/core";
import { MAX_EVENTS_PER_COMMIT } from "@termline/store";
import stableStringify from "fast-json-stable-stringify";
import { AGREEMENT_VIEW_PREFIX } from "../projector/agreement-projection.ts";
import { writeThrough } from "../projector/answers-through.ts";
import { CATALOG_STREAM } from "../projector/catalog-projection.ts";
import { type Actor, commit } from "./agreements.ts";
import { type AnswersState, answersState, refreshAllAnswers } from "./answers.ts";
import { changeCatalog } from "./catalog.ts";
import { catalogLog } from "./catalog-reads.ts";
import { reindexTenantQuietly } from "./open-matters.ts";
import type { Runtime } from "./runtime.ts";
import { sourcePolicyOf } from "./settings.ts";
import { registerTenant } from "./tenants.ts";
import {
  checkWorkloadIds,
  listWorkloads,
  putImportedWorkload,
  sameWorkload,
  type Workload,
} from "./workloads.ts";

/** The whole tenant as one document: its catalog's log, every agreement's log, its workloads. */
export async function exportTenant(runtime: Runtime, tenant: string) {
  const views = await runtime.viewStore.listViews(tenant, AGREEMENT_VIEW_PREFIX);
  const ids = views.map((view) => (view.body as AgreementState).id).sort();
  const [catalog, workloads, ...logs] = await Promise.all([
    catalogLog(runtime, tenant),
    listWorkloads(runtime, tenant),
    ...ids.map((id) => runtime.eventStore.readStream(tenant, id, { consistent: false })),
  ]);
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: runtime.clock().toISOString(),
    catalog: (catalog as StoredEvent[]).map(toExportedEvent),
    agreements: ids.map((id, index) => ({
      id,
      events: (logs[index] as StoredEvent[]).map(toExportedEvent),
    })),
    workloads: workloads as Workload[],
  };
}

export type ImportOutcome = "created" | "appended" | "unchanged";

export interface ImportReport {
  dryRun: boolean;
  catalog: { written: number; unchanged: number };
  agreements: { id: string; outcome: ImportOutcome; written: number; version: number }[];
  workloads: { id: string; outcome: "created" | "replaced" | "unchanged" }[];
  /** Whether the answers the import moves were worked out before it returned; not in a dry run. */
  answers?: AnswersState;
}

type Fact = Pick<StoredEvent, "type" | "effectiveOn" | "precision" | "data" | "sources">;

/**
 * The parts of an event that say what happened, in a key order of their own (DynamoDB keeps
 * none); ids, times and authors differ between tenants. An event sent without a date takes the
 * day it is imported, so its date cannot tell two imports apart.
 */
const factOf = (event: Fact, withDate: boolean) =>
  stableStringify([
    event.type,
    withDate ? [event.effectiveOn, event.precision] : null,
    event.data,
    event.sources,
  ]);

interface PlannedAgreement {
  id: string;
  existing: AgreementState;
  pending: PendingEvent[];
}

/**
 * Compares the document's history with the tenant's: a document that repeats what is there
 * adds only what follows it; one that says something else is a conflict, and nothing is written.
 */
function planAgreement(
  id: string,
  index: number,
  decided: PendingEvent[],
  events: ExportedEvent[],
  existing: AgreementState,
  log: StoredEvent[],
): PlannedAgreement {
  for (const [position, stored] of log.entries()) {
    const wanted = decided[position];
    if (!wanted) break;
    const dated = splitOrigin(events[position] as ExportedEvent).input.effectiveOn !== undefined;
    if (factOf(stored, dated) !== factOf(wanted, dated)) {
      const message = `the tenant's "${id}" says something else at version ${position + 1} (${stored.type}); the document cannot be merged into it`;
      throw new ImportConflictError(message, {
        errors: [{ path: `agreements.${index}.events.${position}`, message }],
      });
    }
  }
  return { id, existing, pending: decided.slice(log.length) };
}

async function planAgreements(
  runtime: Runtime,
  tenant: string,
  document: ExportDocument,
  catalog: Catalog,
): Promise<PlannedAgreement[]> {
  const today = todayIn(runtime.clock());
  const recordedAt = runtime.clock().toISOString();
  const policy = await sourcePolicyOf(runtime, tenant);
  return Promise.all(
    document.agreements.map(async ({ id, events }, index) => {
      const decided = decideImportedAgreement(tenant, id, events, {
        today,
        catalog,
        ...policy,
        recordedAt,
        path: `agreements.${index}`,
      });
      const log = await runtime.eventStore.readStream(tenant, id, { consistent: true });
      return planAgreement(id, index, decided, events, fold(tenant, id, log), log);
    }),
  );
}

/** Writes one agreement's new events: in one transaction when they fit, else in order, resumable by importing again. */
async function writeAgreement(runtime: Runtime, actor: Actor, plan: PlannedAgreement) {
  let state = plan.existing;
  for (let start = 0; start < plan.pending.length; start += MAX_EVENTS_PER_COMMIT - 1) {
    const chunk = plan.pending.slice(start, start + MAX_EVENTS_PER_COMMIT - 1);
    state = (await commit(runtime, actor, state, chunk, undefined, { refresh: false })).after;
  }
  return state;
}

/**
 * Takes a document into the tenant through the same deciders as any change. Everything is
 * decided before anything is written, so a document with one bad event writes nothing; then
 * the catalog, each agreement atomically, and the workloads. Importing it again writes nothing.
 */
export async function importDocument(
  runtime: Runtime,
  actor: Actor,
  body: unknown,
  options: { dryRun?: boolean } = {},
): Promise<ImportReport> {
  const document = parseInput(ExportDocument, body);
  const dryRun = options.dryRun ?? false;
  const catalogInputs = document.catalog.map((event) => {
    const { input, origin } = splitOrigin(event);
    return origin ? { ...input, origin } : input;
  });
  const planned = await changeCatalog(runtime, actor, catalogInputs, {
    dryRun: true,
    skipUnchanged: true,
    path: ["catalog"],
  });
  const plans = await planAgreements(runtime, actor.tenant, document, planned.catalog);
  const workloads = await planWorkloads(runtime, actor.tenant, document, planned.catalog);
  const report: ImportReport = {
    dryRun,
    catalog: {
      written: planned.events.length,
      unchanged: document.catalog.length - planned.events.length,
    },
    agreements: plans.map(({ id, existing, pending }) => ({
      id,
      outcome: pending.length === 0 ? "unchanged" : existing.exists ? "appended" : "created",
      written: pending.length,
      version: existing.version + pending.length,
    })),
    workloads: workloads.map(({ workload, outcome }) => ({ id: workload.id, outcome })),
  };
  if (dryRun) return report;
  const catalogOptions = { skipUnchanged: true, path: ["catalog"], refresh: false };
  if (planned.events.length > 0) await changeCatalog(runtime, actor, catalogInputs, catalogOptions);
  for (const plan of plans) if (plan.pending.length > 0) await writeAgreement(runtime, actor, plan);
  // The answers are recomputed once for the whole document, not after each of its commits.
  const wrote = planned.events.length > 0 || plans.some(({ pending }) => pending.length > 0);
  const refreshed = wrote && (await refreshAllAnswers(runtime, actor.tenant));
  // Each commit re-indexed its agreement's deadlines; names the catalog changed reach them all.
  const reindexed =
    planned.events.length === 0 || (await reindexTenantQuietly(runtime, actor.tenant));
  // The refresh covered every agreement the import began, and the catalog if it began it too;
  // one it added to may have events no refresh covered yet, which the stream projector sees to
  // (answers-through.ts).
  if (refreshed && reindexed) {
    const begun = plans.filter(({ existing, pending }) => existing.version === 0 && pending.length);
    const marks = new Map(begun.map(({ id, pending }) => [id, pending.length]));
    const catalogBegun = planned.catalog.version === planned.events.length;
    if (planned.events.length > 0 && catalogBegun)
      marks.set(CATALOG_STREAM, planned.catalog.version);
    await writeThrough(runtime.viewStore, actor.tenant, marks);
  }
  for (const { workload, outcome } of workloads)
    if (outcome !== "unchanged") await putImportedWorkload(runtime, actor.tenant, workload);
  await registerTenant(runtime, actor.tenant);
  return { ...report, answers: answersState(wrote && !refreshed) };
}

async function planWorkloads(
  runtime: Runtime,
  tenant: string,
  document: ExportDocument,
  catalog: Catalog,
) {
  const existing = new Map((await listWorkloads(runtime, tenant)).map((item) => [item.id, item]));
  return document.workloads.map((workload, index) => {
    checkWorkloadIds(catalog, workload, `workloads.${index}`);
    const current = existing.get(workload.id);
    const outcome = !current
      ? "created"
      : sameWorkload(current, workload)
        ? "unchanged"
        : "replaced";
    return { workload, outcome } as const;
  });
}
