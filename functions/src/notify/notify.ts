import { BUS_SOURCE } from "@termline/core";
import type { Runtime } from "../services/runtime.ts";
import { subscriptionsFor, type WebhookWithSecret } from "../services/webhooks.ts";
import { type DeliveryOptions, deliverWithRetries } from "./deliver.ts";
import { claimDelivery, markDelivered, markFailed } from "./delivery-markers.ts";
import { saveFailedDelivery } from "./failed-deliveries.ts";
import { type BusEventIn, type Detail, detailOf, messageFor } from "./payloads.ts";

export interface NotifierOptions {
  delivery?: DeliveryOptions;
  log?: (entry: Record<string, unknown>) => void;
}

export interface NotifyResult {
  eventId: string | undefined;
  delivered: string[];
  /** Subscriptions this event had already been sent to (a redelivered bus event). */
  duplicates: string[];
  failed: { subscriptionId: string; failureId: string; error: string }[];
}

const logJson = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

/**
 * The bus subscriber: sends one bus event to every webhook of its tenant that wants its type.
 * The tenant comes from the detail, and only that tenant's subscriptions are read. A delivery
 * that fails every try is kept for replay rather than thrown, since throwing would make the
 * bus redeliver to the webhooks that did receive it (their markers would stop it, but the
 * failure would still be lost in the bus's retries).
 */
export async function notify(
  runtime: Runtime,
  event: BusEventIn,
  options: NotifierOptions = {},
): Promise<NotifyResult> {
  const log = options.log ?? logJson;
  const result: NotifyResult = { eventId: undefined, delivered: [], duplicates: [], failed: [] };
  if (event.source !== BUS_SOURCE) return result;
  const detail = detailOf(event);
  result.eventId = detail.id;
  const subscriptions = await subscriptionsFor(runtime, detail.tenant, event["detail-type"]);
  await Promise.all(
    subscriptions.map((webhook) => deliverTo(runtime, webhook, event, detail, options, result)),
  );
  // Events nobody subscribed to are the common case (every commit): logging them is noise.
  if (subscriptions.length === 0) return result;
  log({
    level: result.failed.length > 0 ? "warn" : "info",
    message: "notify: bus event handled",
    correlationId: detail.correlationId,
    tenant: detail.tenant,
    eventId: detail.id,
    detailType: event["detail-type"],
    delivered: result.delivered.length,
    duplicates: result.duplicates.length,
    failed: result.failed,
  });
  return result;
}

async function deliverTo(
  runtime: Runtime,
  webhook: WebhookWithSecret,
  event: BusEventIn,
  detail: Detail,
  options: NotifierOptions,
  result: NotifyResult,
) {
  const { tenant, id: eventId } = detail;
  if (!(await claimDelivery(runtime, tenant, webhook.id, eventId))) {
    result.duplicates.push(webhook.id);
    return;
  }
  const message = messageFor(webhook.format, event, detail);
  const outcome = await deliverWithRetries(webhook, message, options.delivery);
  if (outcome.delivered) {
    await markDelivered(runtime, tenant, webhook.id, eventId);
    result.delivered.push(webhook.id);
    return;
  }
  const failure = await saveFailedDelivery(runtime, tenant, webhook.id, message, outcome);
  await markFailed(runtime, tenant, webhook.id, eventId);
  result.failed.push({
    subscriptionId: webhook.id,
    failureId: failure.id,
    error: failure.lastError,
  });
}

/** The notifier as a bus subscriber (LocalBus) or the body of the Lambda handler. */
export const createNotifier =
  (runtime: Runtime, options: NotifierOptions = {}) =>
  (event: BusEventIn): Promise<NotifyResult> =>
    notify(runtime, event, options);
