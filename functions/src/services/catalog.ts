import {
  type Catalog,
  catalogEventsNotYetApplied,
  decideCatalogEvents,
  type EventOrigin,
  evolveCatalog,
  type PendingEvent,
  type StoredEvent,
  todayIn,
  VersionConflictError,
} from "@termline/core";
import {
  answersThroughKey,
  marksAfter,
  throughIn,
  writeThrough,
} from "../projector/answers-through.ts";
import { CATALOG_STREAM, CATALOG_VIEW_KEY } from "../projector/catalog-projection.ts";
import type { Actor } from "./agreements.ts";
import { refreshCatalogAnswersAfter } from "./answers.ts";
import { keepCatalog } from "./catalog-names.ts";
import { catalogFromLog } from "./catalog-reads.ts";
import type { Runtime } from "./runtime.ts";

/** Two editors adding entries at once both succeed: a lost race is decided again on the newer catalog. */
const CONFLICT_RETRIES = 5;

export interface CatalogChange {
  catalog: Catalog;
  events: StoredEvent[];
  /** Whether answers the change moves were left to the stream projector (absent: no refresh). */
  answersUpdating?: boolean;
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
    const [before, through] = await Promise.all([
      catalogFromLog(runtime, actor.tenant),
      options.refresh === false ? undefined : catalogThrough(runtime, actor.tenant),
    ]);
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
      keepCatalog(runtime, actor.tenant, after);
      if (options.refresh !== false) {
        const { refreshed, updating } = await refreshCatalogAnswersAfter(
          runtime,
          actor.tenant,
          result.events,
          after,
        );
        // Done: the stream projector need not redo it (answers-through.ts).
        if (refreshed && through !== undefined)
          await writeThrough(runtime.viewStore, actor.tenant, marksAfter(result.events, through));
        return { catalog: after, events: result.events, answersUpdating: updating };
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

/** The catalog's answers mark, as `marksAfter` takes it. */
async function catalogThrough(runtime: Runtime, tenant: string) {
  const item = await runtime.viewStore.getItem(tenant, answersThroughKey(CATALOG_STREAM));
  return new Map([[CATALOG_STREAM, throughIn(item)]]);
}

async function projectInline(runtime: Runtime, tenant: string, catalog: Catalog): Promise<void> {
  try {
    await runtime.viewStore.putView(tenant, CATALOG_VIEW_KEY, catalog.version, catalog);
  } catch (error) {
    console.warn("inline catalog projection failed; the stream projector will catch up", error);
  }
}
