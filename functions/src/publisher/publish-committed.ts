import {
  type BusEntry,
  type DomainEventDetail,
  ENTITLEMENT_CHANGED,
  type EntitlementChangedDetail,
  type EventBus,
  type StoredEvent,
} from "@termline/core";
import { PublishFailedError, parseStreamRecord } from "@termline/store";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { isAnswerStream } from "../projector/answer-projection.ts";

export interface CommittedPublisherOptions {
  bus: EventBus;
  onError?: (error: unknown, record: DynamoDBRecord | undefined) => void;
}

/** What consumers receive for a committed event: `id` is the event's id, so they can dedupe. */
export function domainEventDetail(event: StoredEvent): DomainEventDetail {
  const { id, tenant, agreementId, version, type, effectiveOn, precision } = event;
  return {
    id,
    tenant,
    agreementId,
    version,
    ...(event.correlationId ? { correlationId: event.correlationId } : {}),
    event: {
      id,
      type,
      version,
      effectiveOn,
      precision,
      recordedAt: event.recordedAt,
      recordedBy: event.recordedBy,
      data: event.data,
      sources: event.sources,
    },
  };
}

/**
 * A cell's change of decision (an event of its `_answer.` stream) is published as the
 * `EntitlementChanged` detail consumers know: the cell and its periods, named by the event's id.
 */
export function busEntryOf(event: StoredEvent): BusEntry {
  if (!isAnswerStream(event.agreementId))
    return { detailType: event.type, detail: domainEventDetail(event) };
  const data = event.data as Omit<EntitlementChangedDetail, "id" | "tenant">;
  const detail: EntitlementChangedDetail = {
    id: event.id,
    tenant: event.tenant,
    ...(event.correlationId ? { correlationId: event.correlationId } : {}),
    product: data.product,
    provider: data.provider,
    segment: data.segment,
    periods: data.periods,
  };
  return { detailType: ENTITLEMENT_CHANGED, detail };
}

const logError = (error: unknown, record: DynamoDBRecord | undefined) =>
  console.error(
    JSON.stringify({
      level: "error",
      message: "publisher: could not publish committed events",
      sequenceNumber: record?.dynamodb?.SequenceNumber,
      error: error instanceof Error ? error.message : String(error),
    }),
  );

/**
 * The Lambda on the events table's stream that publishes every committed event to the bus.
 * Publishing from the stream, not the API request, means an event is published if and only if
 * it was committed. With ReportBatchItemFailures Lambda resumes from the first failed record,
 * so that is the one reported: records after it may already be on the bus and will be sent
 * again, which is why consumers dedupe by id.
 */
export function createCommittedPublisher(options: CommittedPublisherOptions) {
  const onError = options.onError ?? logError;
  const failAt = (record: DynamoDBRecord | undefined): DynamoDBBatchResponse => ({
    batchItemFailures: [{ itemIdentifier: record?.dynamodb?.SequenceNumber ?? "" }],
  });

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const entries: BusEntry[] = [];
    const sources: DynamoDBRecord[] = [];
    let unreadable: DynamoDBRecord | undefined;
    for (const record of event.Records) {
      let stored: StoredEvent | undefined;
      try {
        stored = parseStreamRecord(record);
      } catch (error) {
        // Publish what precedes it, then report it: retries, bisecting and the DLQ take over.
        onError(error, record);
        unreadable = record;
        break;
      }
      if (!stored) continue;
      entries.push(busEntryOf(stored));
      sources.push(record);
    }

    if (entries.length > 0) {
      try {
        await options.bus.publish(entries);
      } catch (error) {
        onError(error, undefined);
        // Anything else than a per-entry failure leaves no way to know what was sent.
        const first = error instanceof PublishFailedError ? error.firstIndex : 0;
        return failAt(sources[first]);
      }
    }
    return unreadable ? failAt(unreadable) : { batchItemFailures: [] };
  };
}
