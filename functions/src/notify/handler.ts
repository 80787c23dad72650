import type { EventBridgeEvent } from "aws-lambda";
import {
  correlationIdOfBusEvent,
  count,
  instrumented,
  logEntry,
  metricNames,
} from "../aws/observability.ts";
import { runtimeFromEnv } from "../aws/runtime-from-env.ts";
import { createNotifier, type NotifyResult } from "./notify.ts";

/**
 * The Lambda subscribed to the bus (a rule on source `termline`); locally the same notifier is
 * a LocalBus subscriber. Besides events for subscribers it takes the API's
 * `WebhookReplayRequested`, since only this function may open a signing secret. Its timeout must cover the delivery retries: 4 tries of up to 10 s
 * plus 7 s of backoff. It throws only when the event is unreadable or storage fails, so that
 * Lambda retries it and then dead-letters it; failed webhook deliveries are kept instead, and
 * counted (`WebhooksFailed`, which infra/monitoring.ts alarms on).
 */
const notifier = createNotifier(runtimeFromEnv(), { log: logEntry });

export const handler = instrumented(
  async (event: EventBridgeEvent<string, unknown>): Promise<NotifyResult> => {
    const result = await notifier(event);
    count(metricNames.webhooksDelivered, result.delivered.length);
    count(metricNames.webhooksFailed, result.failed.length);
    return result;
  },
  correlationIdOfBusEvent,
);
