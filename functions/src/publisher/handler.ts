import { EventBridgeBus } from "@termline/store";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { required } from "../aws/runtime-from-env.ts";
import { createCommittedPublisher } from "./publish-committed.ts";

/**
 * The Lambda subscribed to the events table's stream (beside the projector) that puts every
 * committed event on the bus. The bus name comes from the deployment's environment and a
 * missing one fails at cold start, not by publishing to the default bus where no rule listens.
 * Locally the same publisher runs behind the stream poller with the local bus.
 */
const publish = createCommittedPublisher({
  bus: new EventBridgeBus({ busName: required("TERMLINE_BUS_NAME") }),
});

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  publish(event);
