import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import {
  correlationIdsOfStream,
  count,
  instrumented,
  logger,
  metricNames,
} from "../aws/observability.ts";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { createViewProjector } from "./agreement-projection.ts";

/**
 * The Lambda subscribed to the events table's stream. Table names come from the deployment's
 * environment and a missing one fails at cold start rather than projecting into another table;
 * the same projector runs locally behind the stream poller. The projector's own per-event log
 * lines stay as they are; this adds one structured line and the counts per batch.
 */
const projector = createViewProjector(runtimeFromEnv(), { log: true });

export const handler = instrumented(
  async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const response = await projector.handler(event);
    const failed = response.batchItemFailures.length;
    count(metricNames.eventsProjected, failed === 0 ? event.Records.length : 0);
    count(metricNames.projectionFailures, failed);
    logger.info("stream batch projected", {
      records: event.Records.length,
      failed,
      correlationIds: correlationIdsOfStream(event),
    });
    return response;
  },
);
