import { EventBridgeBus } from "@termline/store";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { required } from "../aws/deployment-env.ts";
import {
  correlationIdsOfStream,
  count,
  instrumented,
  logger,
  metricNames,
} from "../aws/observability.ts";
import { createCommittedPublisher } from "./publish-committed.ts";

/**
 * The Lambda subscribed to the events table's stream (beside the projector) that puts every
 * committed event on the bus. The bus name comes from the deployment's environment and a
 * missing one fails at cold start, not by publishing to the default bus where no rule listens.
 * Locally the same publisher runs behind the stream poller with the local bus.
 *
 * The stream filter passes only committed events, so each record is one event appended to the
 * log: `EventsAppended` counts them here (a retried batch counts again). Lambda resumes from
 * the reported record, so the records before it are the ones published.
 */
const publish = createCommittedPublisher({
  bus: new EventBridgeBus({ busName: required("TERMLINE_BUS_NAME") }),
  onError: (error, record) =>
    logger.error("publish failed; the record is retried", {
      error,
      eventId: record?.dynamodb?.NewImage?.id?.S,
      correlationId: record?.dynamodb?.NewImage?.correlationId?.S,
    }),
});

export const handler = instrumented(
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const response = await publish(event);
    const [failure] = response.batchItemFailures;
    const resumeAt = failure
      ? event.Records.findIndex((r) => r.dynamodb?.SequenceNumber === failure.itemIdentifier)
      : -1;
    const published = resumeAt === -1 ? event.Records.length : resumeAt;
    count(metricNames.eventsAppended, event.Records.length);
    count(metricNames.eventsPublished, published);
    count(metricNames.publishFailures, event.Records.length - published);
    logger.info("stream batch published", {
      records: event.Records.length,
      published,
      correlationIds: correlationIdsOfStream(event),
    });
    return response;
  },
);
