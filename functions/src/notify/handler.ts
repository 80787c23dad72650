import type { EventBridgeEvent } from "aws-lambda";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { createNotifier, type NotifyResult } from "./notify.ts";

/**
 * The Lambda subscribed to the bus (a rule on source `termline`); locally the same notifier is
 * a LocalBus subscriber. Its timeout must cover the delivery retries: 4 tries of up to 10 s
 * plus 7 s of backoff. It throws only when the event is unreadable or storage fails, so that
 * EventBridge retries it and then dead-letters it; failed webhook deliveries are kept instead.
 */
const notifier = createNotifier(runtimeFromEnv());

export const handler = (event: EventBridgeEvent<string, unknown>): Promise<NotifyResult> =>
  notifier(event);
