import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { createViewProjector } from "./agreement-projection.ts";

/**
 * The Lambda subscribed to the events table's stream. Table names come from the deployment's
 * environment and a missing one fails at cold start rather than projecting into another table;
 * the same projector runs locally behind the stream poller.
 */
const projector = createViewProjector(runtimeFromEnv(), { log: true });

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  projector.handler(event);
