import { NotFoundError, WebhookReplayRequestedDetail } from "@termline/core";
import type { Runtime } from "../services/runtime.ts";
import { webhookWithSecret } from "../services/webhooks.ts";
import { type DeliveryOptions, deliverWithRetries } from "./deliver.ts";
import { type MarkerPolicy, markDelivered } from "./delivery-markers.ts";
import {
  FAILED_DELIVERY_PREFIX,
  failedDeliveryKey,
  toFailedDelivery,
  withoutReplay,
} from "./failed-deliveries.ts";
import type { NotifierOptions, NotifyResult } from "./notify.ts";
import type { BusEventIn } from "./payloads.ts";

/**
 * The notifier's half of a replay (the API's is replay-request.ts). A request is claimed on
 * the failed delivery's item as a delivery is on its marker (delivery-markers.ts): with an
 * owner and a lease, conditionally on the request still being the item's current one, so a
 * redelivered event or a second notifier sends nothing, and a sender that died is taken over
 * once its lease is over. Dying after the receiver answered and before the outcome is written
 * is the one case that sends twice, with the same `webhook-id` so the receiver can tell.
 */
export interface ClaimedReplay {
  tenant: string;
  requestId: string;
  claim: string;
  /** The item as claimed: what the outcome replaces, conditionally on this claim. */
  item: Record<string, unknown>;
}

export interface ReplayOutcome {
  deliveryId: string;
  subscriptionId: string;
  delivered: boolean;
  attempts: number;
  lastError?: string;
}

export function replayRequestOf(event: BusEventIn): WebhookReplayRequestedDetail {
  const parsed = WebhookReplayRequestedDetail.safeParse(event.detail);
  if (!parsed.success)
    throw new Error(`bus event ${event.id} (${event["detail-type"]}) has an unreadable detail`);
  return parsed.data;
}

async function claimItem(
  runtime: Runtime,
  tenant: string,
  item: Record<string, unknown>,
  requestId: string,
  policy: MarkerPolicy,
): Promise<ClaimedReplay | undefined> {
  // Replayed and deleted, answered and cleared, or superseded by a newer request.
  if (item.replayRequestId !== requestId) return undefined;
  const held = typeof item.replayClaim === "string" ? item.replayClaim : null;
  const now = runtime.clock();
  if (held !== null) {
    const owner = typeof item.replayOwner === "string" ? item.replayOwner : undefined;
    const leaseUntil = typeof item.replayLeaseUntil === "number" ? item.replayLeaseUntil : 0;
    if (!policy.abandoned({ owner, leaseUntil }, now)) return undefined;
  }
  const claim = runtime.newId();
  const claimed = {
    ...item,
    replayClaim: claim,
    replayOwner: policy.owner,
    replayLeaseUntil: now.getTime() + policy.leaseMs,
  };
  const won = await runtime.viewStore.putItem(tenant, failedDeliveryKey(String(item.id)), claimed, {
    ifUnchanged: { replayRequestId: requestId, replayClaim: held },
  });
  return won ? { tenant, requestId, claim, item: claimed } : undefined;
}

/** Claims the request for this sender; undefined if it is not to be sent (by this sender). */
export async function claimReplay(
  runtime: Runtime,
  request: Pick<WebhookReplayRequestedDetail, "tenant" | "id" | "deliveryId">,
  policy: MarkerPolicy,
): Promise<ClaimedReplay | undefined> {
  const item = await runtime.viewStore.getItem(
    request.tenant,
    failedDeliveryKey(request.deliveryId),
  );
  return item ? claimItem(runtime, request.tenant, item, request.id, policy) : undefined;
}

/**
 * Claims every requested replay of a tenant that no live sender holds: those whose sender
 * died, and (with `npm start`, whose bus is in memory) those whose bus event died with it.
 */
export async function takeOverReplays(
  runtime: Runtime,
  tenant: string,
  policy: MarkerPolicy,
): Promise<ClaimedReplay[]> {
  const taken: ClaimedReplay[] = [];
  for (const item of await runtime.viewStore.listItems(tenant, FAILED_DELIVERY_PREFIX)) {
    if (typeof item.replayRequestId !== "string") continue;
    const claimed = await claimItem(runtime, tenant, item, item.replayRequestId, policy);
    if (claimed) taken.push(claimed);
  }
  return taken;
}

/**
 * One try, freshly signed, of the same body bytes: the admin asking is the retry. Delivered,
 * the item goes; refused, it stays listed with this try's error and no request, so it can be
 * replayed again.
 */
export async function sendReplay(
  runtime: Runtime,
  replay: ClaimedReplay,
  options: DeliveryOptions = {},
): Promise<ReplayOutcome> {
  const { tenant, item } = replay;
  const failure = toFailedDelivery(item);
  const key = failedDeliveryKey(failure.id);
  const webhook = await webhookWithSecret(runtime, tenant, failure.subscriptionId).catch(
    (error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    },
  );
  const message = { eventId: failure.eventId, eventType: failure.eventType, body: failure.payload };
  const outcome = webhook
    ? await deliverWithRetries(webhook, message, { ...options, maxAttempts: 1 })
    : {
        delivered: false,
        attempts: 0,
        lastError: `webhook "${failure.subscriptionId}" was deleted, so nothing was sent`,
      };
  const ended = { deliveryId: failure.id, subscriptionId: failure.subscriptionId };
  const attempts = failure.attempts + outcome.attempts;
  if (outcome.delivered) {
    await markDelivered(runtime, tenant, failure.subscriptionId, failure.eventId);
    // Unconditional: while this claim's lease runs nobody else may change the item.
    await runtime.viewStore.deleteItem(tenant, key);
    return { ...ended, delivered: true, attempts };
  }
  const lastError = outcome.lastError ?? "unknown error";
  await runtime.viewStore.putItem(
    tenant,
    key,
    { ...withoutReplay(item), attempts, lastError, lastAttemptAt: runtime.clock().toISOString() },
    { ifUnchanged: { replayRequestId: replay.requestId, replayClaim: replay.claim } },
  );
  return { ...ended, delivered: false, attempts, lastError };
}

/** `notify`'s handling of a `WebhookReplayRequested` event, on AWS: claim, send, record. */
export async function notifyReplay(
  runtime: Runtime,
  event: BusEventIn,
  options: NotifierOptions & { log: (entry: Record<string, unknown>) => void },
  markers: MarkerPolicy,
): Promise<NotifyResult> {
  const request = replayRequestOf(event);
  const result: NotifyResult = { eventId: request.id, delivered: [], duplicates: [], failed: [] };
  const claimed = await claimReplay(runtime, request, markers);
  const entry = {
    correlationId: request.correlationId,
    tenant: request.tenant,
    deliveryId: request.deliveryId,
    requestId: request.id,
  };
  if (!claimed) {
    options.log({ level: "info", message: "notify: replay request already handled", ...entry });
    return result;
  }
  const outcome = await sendReplay(runtime, claimed, options.delivery);
  if (outcome.delivered) result.delivered.push(outcome.subscriptionId);
  else
    result.failed.push({
      subscriptionId: outcome.subscriptionId,
      failureId: outcome.deliveryId,
      error: outcome.lastError ?? "unknown error",
    });
  options.log({
    level: outcome.delivered ? "info" : "warn",
    message: outcome.delivered ? "notify: replay delivered" : "notify: replay failed, kept",
    ...entry,
    attempts: outcome.attempts,
    ...(outcome.delivered ? {} : { error: outcome.lastError }),
  });
  return result;
}
