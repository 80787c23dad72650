import { randomUUID } from "node:crypto";
import {
  type AgreementState,
  changesThePast,
  fold,
  initialAgreementState,
  listingOf,
  type StoredEvent,
} from "@termline/core";
import {
  createProjector,
  type EventStore,
  type Projector,
  parseStreamRecord,
  type ViewStore,
} from "@termline/store";
import type { DynamoDBBatchItemFailure, DynamoDBStreamEvent } from "aws-lambda";
import { listTenants } from "../services/tenants.ts";
import { evolveAgreement } from "./agreement-evolution.ts";
import { reindexTenantIndexes } from "./agreement-indexes.ts";
import { AGREEMENT_VIEW_PREFIX, agreementViewKey, listingKey } from "./agreement-keys.ts";
import { pagedStateCodec } from "./agreement-snapshots.ts";
import { writeAnswerHistory } from "./answer-history.ts";
import {
  answerScopeOf,
  isAnswerStream,
  recordedSpanOf,
  refreshAnswers,
} from "./answer-projection.ts";
import { clearRevisions } from "./answer-revisions.ts";
import {
  type AnswerSliceReport,
  markAnswersModel,
  refreshAnswersInSlices,
} from "./answer-slices.ts";
import {
  marksAfter,
  owedBy,
  readThrough,
  versionsBefore,
  writeThrough,
} from "./answers-through.ts";
import { CATALOG_STREAM, createCatalogProjector, isCatalogStream } from "./catalog-projection.ts";
import { createHistoryProjector } from "./history-projection.ts";
import { type RebuildSliceReport, rebuildInSlices } from "./rebuild-slices.ts";

export { AGREEMENT_VIEW_PREFIX, agreementViewKey, evolveAgreement };

/** One JSON line per view written, naming the request that recorded the event. */
const logProjected = (event: StoredEvent, version: number) =>
  console.log(
    JSON.stringify({
      level: "info",
      message: "projected",
      tenant: event.tenant,
      agreementId: event.agreementId,
      version,
      eventId: event.id,
      correlationId: event.correlationId,
    }),
  );

export function createAgreementProjector(
  stores: { eventStore: EventStore; viewStore: ViewStore },
  options: { log?: boolean } = {},
) {
  return createProjector<AgreementState>({
    ...stores,
    ...(options.log ? { onProjected: logProjected } : {}),
    viewKey: agreementViewKey,
    accepts: (streamId) => !isCatalogStream(streamId) && !isAnswerStream(streamId),
    initialState: () => initialAgreementState("", ""),
    evolve: evolveAgreement,
    // A view keeps no log, so a correction or retraction refolds the stream.
    needsLog: changesThePast,
    foldLog: (events) => fold(events[0]?.tenant ?? "", events[0]?.agreementId ?? "", events),
    ...pagedStateCodec(stores.viewStore),
    companions: (state, agreementId) => [{ key: listingKey(agreementId), body: listingOf(state) }],
  });
}

/**
 * Every view the events table feeds: agreements and the tenant's catalog. One stream handler
 * serves both; Lambda resumes from the earliest failure either reports.
 */
export function createViewProjector(
  stores: { eventStore: EventStore; viewStore: ViewStore },
  options: { log?: boolean } = {},
): Pick<Projector<unknown>, "handler" | "projectStream" | "rebuildAll"> & {
  refreshAnswersInSlices: (
    tenant: string,
    options: Parameters<typeof refreshAnswersInSlices>[3],
  ) => Promise<AnswerSliceReport>;
  rebuildInSlices: (
    tenant: string,
    options: Parameters<typeof rebuildInSlices>[4],
  ) => Promise<RebuildSliceReport>;
} {
  const agreements = createAgreementProjector(stores, options);
  const catalog = createCatalogProjector(stores);
  const history = createHistoryProjector(stores);
  return {
    async handler(event: DynamoDBStreamEvent) {
      const failures = [
        await agreements.handler(event),
        await catalog.handler(event),
        await history.handler(event),
      ];
      const batchItemFailures = failures.flatMap((result) => result.batchItemFailures);
      if (batchItemFailures.length > 0) return { batchItemFailures };
      return { batchItemFailures: await refreshBatchAnswers(stores, event) };
    },
    projectStream: (tenant, streamId) =>
      streamId === CATALOG_STREAM
        ? catalog.projectStream(tenant, streamId)
        : agreements.projectStream(tenant, streamId),
    async rebuildAll(tenant?: string) {
      // The catalog first: the answers below are computed with it.
      const c = await catalog.rebuildAll(tenant);
      const [a, h] = [await agreements.rebuildAll(tenant), await history.rebuildAll(tenant)];
      for (const each of tenant ? [tenant] : await listTenants(stores)) {
        // Every period rewritten, not only those whose answer changed: the code may have.
        const covered = await versionsBefore(stores.viewStore, each);
        await clearRevisions(stores.viewStore, each);
        await writeAnswerHistory(stores, each);
        await refreshAnswers(stores.viewStore, each, "all", outboxOf(stores), { rewrite: true });
        await markAnswersModel(stores.viewStore, each);
        await reindexTenantIndexes(stores.viewStore, each);
        await writeThrough(stores.viewStore, each, covered);
      }
      return {
        streams: a.streams + c.streams,
        events: a.events + c.events,
        failed: [...a.failed, ...c.failed, ...h.failed],
      };
    },
    /** A tenant's rebuild in slices that each fit a request: see rebuild-slices.ts. */
    rebuildInSlices: (tenant, options) =>
      rebuildInSlices({ catalog, agreements, history }, stores, outboxOf(stores), tenant, options),
    /** Every answer of a tenant rewritten in slices that fit a request: see answer-slices.ts. */
    refreshAnswersInSlices: (tenant, options) =>
      refreshAnswersInSlices(stores.viewStore, tenant, outboxOf(stores), options),
  };
}

/**
 * After a batch is projected, the answers it may change are recomputed once per tenant. The API
 * does the same right after a commit; this is the path that guarantees it, for the events the
 * API's refresh did not finish (answers-through.ts). A failure retries the batch from the
 * tenant's first record (every step is idempotent).
 */
async function refreshBatchAnswers(
  stores: { eventStore: EventStore; viewStore: ViewStore },
  event: DynamoDBStreamEvent,
): Promise<DynamoDBBatchItemFailure[]> {
  const batches = new Map<string, { events: StoredEvent[]; first: string | undefined }>();
  for (const record of event.Records) {
    const stored = parseStreamRecord(record);
    if (!stored) continue;
    const batch = batches.get(stored.tenant) ?? {
      events: [],
      first: record.dynamodb?.SequenceNumber,
    };
    batch.events.push(stored);
    batches.set(stored.tenant, batch);
  }
  for (const [tenant, { events, first }] of batches) {
    // A batch of notes or renames changes no answer: nothing to read or mark.
    if (!answerScopeOf(events)) continue;
    try {
      await refreshOwed(stores, tenant, events);
    } catch (error) {
      console.error("answers not refreshed; the batch is retried", error);
      if (first === undefined) throw error;
      return [{ itemIdentifier: first }];
    }
  }
  return [];
}

/** Refreshes the answers of the events no refresh has covered yet, then marks them covered. */
async function refreshOwed(
  stores: { eventStore: EventStore; viewStore: ViewStore },
  tenant: string,
  events: StoredEvent[],
) {
  const { viewStore } = stores;
  const through = await readThrough(viewStore, tenant, events);
  const owed = owedBy(events, through);
  const scope = answerScopeOf(owed);
  if (scope) {
    const recorded = recordedSpanOf(owed);
    await refreshAnswers(viewStore, tenant, scope, outboxOf(stores), { recorded });
  }
  await writeThrough(viewStore, tenant, marksAfter(events, through));
}

/** The stream projector's outbox: its own clock and ids, as it runs apart from any request. */
const outboxOf = ({ eventStore }: { eventStore: EventStore }) => ({
  eventStore,
  clock: () => new Date(),
  newId: randomUUID,
});
