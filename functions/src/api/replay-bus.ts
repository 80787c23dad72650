import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { EventBridgeBus } from "@termline/store/bus";

/**
 * The bus the API hands an admin's webhook replay to (Notify signs and sends it). A module of
 * its own so the Lambda handler imports it, and the EventBridge client, on the first replay.
 */
export const replayBus = (busName: string) =>
  new EventBridgeBus({ client: new EventBridgeClient({}), busName });
