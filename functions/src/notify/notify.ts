import { randomUUID } from "node:crypto";
import { BUS_SOURCE, WEBHOOK_REPLAY_REQUESTED } from "@termline/core";
import type { Runtime } from "../services/runtime.ts";
import { subscriptionsFor, type WebhookWithSecret } from "../services/webhooks.ts";
import { type DeliveryOptions, deliverWithRetries, longestDeliveryMs } from "./deliver.ts";
import {
  claimDelivery,
  leaseExpired,
  type MarkerPolicy,
  markDelivered,
  markFailed,
  type PendingDelivery,
} from "./delivery-markers.ts";
import { saveFailedDelivery } from "./failed-deliveries.ts";
import { type BusEventIn, detailOf, messageFor } from "./payloads.ts";
import { notifyReplay } from "./replay.ts";

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

export type SendOutcome =
  | { delivered: true }
  | { delivered: false; failure: NotifyResult["failed"][number] };

export const logJson = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

/** Time for the storage calls around the sending, beyond the longest the sending can take. */
const LEASE_MARGIN_MS = 15_000;

/**
 * Where each invocation may be the last (Lambda), a "sending" marker is abandoned once its
 * lease is over: a live sender has finished or given up by then, and EventBridge's retry of a
 * crashed invocation comes later still (a minute at least after the function's timeout).
 */
export function leasedMarkers(options: NotifierOptions = {}): MarkerPolicy {
  return {
    owner: randomUUID(),
    leaseMs: longestDeliveryMs(options.delivery) + LEASE_MARGIN_MS,
    abandoned: leaseExpired,
  };
}

/** The bus event's messages, one per subscription of its tenant that wants its type. */
export async function pendingDeliveries(runtime: Runtime, event: BusEventIn) {
  const detail = detailOf(event);
  const subscriptions = await subscriptionsFor(runtime, detail.tenant, event["detail-type"]);
  const deliveries = subscriptions.map((webhook) => ({
    webhook,
    pending: {
      tenant: detail.tenant,
      subscriptionId: webhook.id,
      message: messageFor(webhook.format, event, detail),
    } satisfies PendingDelivery,
  }));
  return { detail, deliveries };
}

/**
 * Sends a claimed delivery and records how it ended. A delivery that fails every try is kept
 * for replay rather than thrown, since throwing would make the bus redeliver to the webhooks
 * that did receive it (their markers would stop it, but the failure would be lost in retries).
 */
export async function sendClaimed(
  runtime: Runtime,
  webhook: Pick<WebhookWithSecret, "url" | "secret">,
  { tenant, subscriptionId, message }: PendingDelivery,
  options: DeliveryOptions = {},
): Promise<SendOutcome> {
  const outcome = await deliverWithRetries(webhook, message, options);
  if (outcome.delivered) {
    await markDelivered(runtime, tenant, subscriptionId, message.eventId);
    return { delivered: true };
  }
  const failure = await saveFailedDelivery(runtime, tenant, subscriptionId, message, outcome);
  await markFailed(runtime, tenant, subscriptionId, message.eventId);
  return {
    delivered: false,
    failure: { subscriptionId, failureId: failure.id, error: failure.lastError },
  };
}

/**
 * The bus subscriber on AWS: sends one bus event to every webhook of its tenant that wants its
 * type, and returns once each has been delivered or kept as failed (Lambda runs one
 * invocation per event, so a slow receiver holds up only its own). The tenant comes from the
 * detail, and only that tenant's subscriptions are read.
 */
export async function notify(
  runtime: Runtime,
  event: BusEventIn,
  options: NotifierOptions = {},
  markers: MarkerPolicy = leasedMarkers(options),
): Promise<NotifyResult> {
  const log = options.log ?? logJson;
  const result: NotifyResult = { eventId: undefined, delivered: [], duplicates: [], failed: [] };
  if (event.source !== BUS_SOURCE) return result;
  // An admin's request to the notifier, not news for subscribers: never fanned out to webhooks.
  // A replay is one try, so its lease is one try's longest: over before Lambda's first retry.
  if (event["detail-type"] === WEBHOOK_REPLAY_REQUESTED) {
    const oneTry = longestDeliveryMs({ ...options.delivery, maxAttempts: 1 });
    const replayMarkers = { ...markers, leaseMs: oneTry + LEASE_MARGIN_MS };
    return notifyReplay(runtime, event, { ...options, log }, replayMarkers);
  }
  const { detail, deliveries } = await pendingDeliveries(runtime, event);
  result.eventId = detail.id;
  await Promise.all(
    deliveries.map(async ({ webhook, pending }) => {
      if (!(await claimDelivery(runtime, pending, markers))) {
        result.duplicates.push(webhook.id);
        return;
      }
      const sent = await sendClaimed(runtime, webhook, pending, options.delivery);
      if (sent.delivered) result.delivered.push(webhook.id);
      else result.failed.push(sent.failure);
    }),
  );
  // Events nobody subscribed to are the common case (every commit): logging them is noise.
  if (deliveries.length === 0) return result;
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

/** The notifier as the body of the Lambda handler. */
export const createNotifier = (runtime: Runtime, options: NotifierOptions = {}) => {
  const markers = leasedMarkers(options);
  return (event: BusEventIn): Promise<NotifyResult> => notify(runtime, event, options, markers);
};
