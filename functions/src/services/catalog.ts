import {
  type Catalog,
  type CatalogKind,
  catalogEventsNotYetApplied,
  decideCatalogEvents,
  type EventOrigin,
  evolveCatalog,
  findEntry,
  foldCatalog,
  kindNoun,
  NotFoundError,
  type PendingEvent,
  RuleViolationError,
  type StoredEvent,
  todayIn,
  ValidationError,
  VersionConflictError,
} from "@termline/core";
import type { View } from "@termline/store";
import { CATALOG_STREAM, CATALOG_VIEW_KEY } from "../projector/catalog-projection.ts";
import type { Actor } from "./agreements.ts";
import { refreshAnswersAfter } from "./answers.ts";
import { reindexAllDeadlinesQuietly } from "./deadlines.ts";
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

/** Two editors adding entries at once both succeed: a lost race is decided again on the newer catalog. */
const CONFLICT_RETRIES = 5;

export interface CatalogChange {
  catalog: Catalog;
  events: StoredEvent[];
}

/**
 * Decides catalog events on the catalog as it stands and appends them at its version. With
 * `skipUnchanged`, events the catalog already reflects are dropped first (imports replayed);
 * an event's `origin` (where an imported one was first recorded) is kept beside it.
 */
export async function changeCatalog(
  runtime: Runtime,
  actor: Actor,
  inputs: Record<string, unknown>[],
  options: {
    dryRun?: boolean;
    skipUnchanged?: boolean;
    path?: (string | number)[];
    /** False when the caller recomputes the answers once after several commits (an import). */
    refresh?: boolean;
  } = {},
): Promise<CatalogChange> {
  for (let attempt = 1; ; attempt++) {
    const before = await catalogFromLog(runtime, actor.tenant);
    const wanted = options.skipUnchanged
      ? catalogEventsNotYetApplied(before, inputs, options.path)
      : inputs;
    const origins = wanted.map(({ origin }) => origin as EventOrigin | undefined);
    const today = todayIn(runtime.clock());
    const decided = decideCatalogEvents(
      before,
      wanted.map(({ origin: _origin, ...input }) => input),
      { today, path: options.path ?? [] },
    );
    const pending = decided.map((event, index) => {
      const origin = origins[index];
      return origin ? { ...event, origin } : event;
    });
    if (pending.length === 0 || options.dryRun) {
      const events = pending.map((event, index) =>
        stampedDryRun(runtime, actor, before, event, index),
      );
      return { catalog: events.reduce(evolveCatalog, before), events };
    }
    try {
      const result = await runtime.eventStore.append({
        tenant: actor.tenant,
        agreementId: CATALOG_STREAM,
        expectedVersion: before.version,
        events: pending,
        recordedAt: runtime.clock().toISOString(),
        recordedBy: actor.name,
        correlationId: actor.correlationId,
        newEventId: runtime.newId,
      });
      const after = result.events.reduce(evolveCatalog, before);
      await projectInline(runtime, actor.tenant, after);
      if (options.refresh !== false) {
        await refreshAnswersAfter(runtime, actor.tenant, result.events);
        await reindexAllDeadlinesQuietly(runtime, actor.tenant);
      }
      return { catalog: after, events: result.events };
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= CONFLICT_RETRIES) throw error;
    }
  }
}

function stampedDryRun(
  runtime: Runtime,
  actor: Actor,
  catalog: Catalog,
  event: PendingEvent,
  index: number,
): StoredEvent {
  return {
    ...event,
    tenant: actor.tenant,
    agreementId: CATALOG_STREAM,
    id: `dry-run-${index + 1}`,
    version: catalog.version + index + 1,
    recordedAt: runtime.clock().toISOString(),
    recordedBy: actor.name,
  };
}

async function projectInline(runtime: Runtime, tenant: string, catalog: Catalog): Promise<void> {
  try {
    await runtime.viewStore.putView(tenant, CATALOG_VIEW_KEY, catalog.version, catalog);
  } catch (error) {
    console.warn("inline catalog projection failed; the stream projector will catch up", error);
  }
}

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
