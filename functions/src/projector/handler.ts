import { createDynamoClients, EventStore, ViewStore } from "@termline/store";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { createAgreementProjector } from "./agreement-projection.ts";

/**
 * The Lambda subscribed to the events table's stream. Table names come from the environment
 * the deployment sets; the same projector runs locally behind the stream poller.
 */
const { doc } = createDynamoClients();
const projector = createAgreementProjector({
  eventStore: new EventStore(doc, process.env.TERMLINE_EVENTS_TABLE ?? "termline-events"),
  viewStore: new ViewStore(doc, process.env.TERMLINE_VIEWS_TABLE ?? "termline-views"),
});

export const handler = (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> =>
  projector.handler(event);
