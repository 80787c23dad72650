/**
 * Two subscribers on the events table's stream, each with its own failure handling:
 *
 * - Projector (`functions/src/projector/handler.ts`) folds committed events into the views.
 * - Publisher (`functions/src/publisher/handler.ts`) puts every committed event on the bus:
 *   published from the stream, so an event is published if and only if it was committed.
 *
 * Both report batch item failures; Lambda bisects a failing batch, retries a bounded number of
 * times, and then sends a pointer to the poison records (shard and sequence numbers, not the
 * records themselves) to the subscriber's dead-letter queue. DEPLOY.md says how to replay.
 */
import { bus, putEventsPermission } from "./bus";
import { deadLetterQueue, functionDefaults, sendTo, tablePermissions } from "./functions";
import { eventsTable } from "./storage";

/** Only committed domain events reach the subscribers: not idempotency records, not TTL removals. */
const committedEventsOnly = [
  {
    eventName: ["INSERT"],
    dynamodb: { NewImage: { itemType: { S: ["event"] } } },
  },
] satisfies sst.aws.DynamoSubscriberArgs["filters"];

function streamFailureHandling(dlq: sst.aws.Queue) {
  return {
    eventSourceMapping: {
      // A mapping created (or re-created) later still sees the 24 h the stream keeps;
      // both subscribers are idempotent, and bus consumers dedupe by event id.
      startingPosition: "TRIM_HORIZON",
      batchSize: 100,
      maximumBatchingWindowInSeconds: 1,
      bisectBatchOnFunctionError: true,
      functionResponseTypes: ["ReportBatchItemFailures"],
      maximumRetryAttempts: 5,
      maximumRecordAgeInSeconds: 86400,
      destinationConfig: { onFailure: { destinationArn: dlq.arn } },
    },
  } satisfies sst.aws.DynamoSubscriberArgs["transform"];
}

export const projectorDlq = deadLetterQueue("ProjectorDLQ");

export const projector = eventsTable.subscribe(
  "Projector",
  {
    ...functionDefaults("projector"),
    handler: "functions/src/projector/handler.handler",
    description: "Folds committed events into the views table",
    // A catalog change or a correction refreshes every cell of a tenant's answers: at 1,000
    // agreements about a minute locally (BENCHMARKS.md), so the most a stream consumer may run.
    memory: "1024 MB",
    timeout: "15 minutes",
    permissions: [
      tablePermissions.denyEventMutations,
      tablePermissions.readEvents,
      tablePermissions.readWriteViews,
      sendTo(projectorDlq),
    ],
  },
  { filters: committedEventsOnly, transform: streamFailureHandling(projectorDlq) },
);

export const publisherDlq = deadLetterQueue("PublisherDLQ");

export const publisher = eventsTable.subscribe(
  "Publisher",
  {
    ...functionDefaults("publisher"),
    handler: "functions/src/publisher/handler.handler",
    description: $interpolate`Publishes committed events to ${bus.name}`,
    memory: "256 MB",
    timeout: "60 seconds",
    // The stream image carries the whole event: the publisher reads no table at all.
    permissions: [tablePermissions.denyEventMutations, putEventsPermission, sendTo(publisherDlq)],
  },
  { filters: committedEventsOnly, transform: streamFailureHandling(publisherDlq) },
);
