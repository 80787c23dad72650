import type { Runtime } from "../services/runtime.ts";
import type { WebhookMessage } from "./payloads.ts";

/**
 * One marker per (subscription, event), claimed before sending, so an event the bus delivers
 * twice (it is at least once) reaches each webhook once. While "sending", the marker holds the
 * message itself: it is the outbox a notifier that died mid-way is resumed from, so at least
 * once holds across crashes. Markers only need to outlive the bus's redelivery window (24 h on
 * EventBridge), so they expire after 30 days.
 */
export type MarkerStatus = "sending" | "delivered" | "failed";

/** A delivery claimed and not finished: what it takes to send it again. */
export interface PendingDelivery {
  tenant: string;
  subscriptionId: string;
  message: WebhookMessage;
}

/** A "sending" marker as stored: who claimed it, and until when its claimer can be at work. */
export interface SendingMarker {
  owner: string | undefined;
  leaseUntil: number;
}

/**
 * Who is sending, and when another sender's "sending" marker was abandoned (its sender died).
 * On Lambda that is once its lease is over: a live sender finishes, or fails, within it.
 */
export interface MarkerPolicy {
  owner: string;
  leaseMs: number;
  abandoned(marker: SendingMarker, now: Date): boolean;
}

export const leaseExpired = (marker: SendingMarker, now: Date) => now.getTime() > marker.leaseUntil;

const PREFIX = "delivered#";
const KEEP_FOR_SECONDS = 30 * 24 * 60 * 60;
const idOf = (subscriptionId: string, eventId: string) => `${subscriptionId}#${eventId}`;
const keyOf = (subscriptionId: string, eventId: string) =>
  `${PREFIX}${idOf(subscriptionId, eventId)}`;

function record(runtime: Runtime, subscriptionId: string, eventId: string, status: MarkerStatus) {
  const now = runtime.clock();
  return {
    itemType: "delivery-marker",
    id: idOf(subscriptionId, eventId),
    status,
    at: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + KEEP_FOR_SECONDS,
  };
}

function sendingRecord(runtime: Runtime, pending: PendingDelivery, policy: MarkerPolicy) {
  const { subscriptionId, message } = pending;
  const base = record(runtime, subscriptionId, message.eventId, "sending");
  return {
    ...base,
    claim: runtime.newId(),
    owner: policy.owner,
    leaseUntil: Date.parse(base.at) + policy.leaseMs,
    subscriptionId,
    eventId: message.eventId,
    eventType: message.eventType,
    payload: message.body,
  };
}

/** Markers written before leases existed count as leased for 15 minutes from their claim. */
const sendingMarkerOf = (item: Record<string, unknown>): SendingMarker => ({
  owner: typeof item.owner === "string" ? item.owner : undefined,
  leaseUntil:
    typeof item.leaseUntil === "number" ? item.leaseUntil : Date.parse(String(item.at)) + 900_000,
});

/** Replaces an abandoned "sending" marker, conditionally on it being the one read: one taker wins. */
async function takeOver(
  runtime: Runtime,
  pending: PendingDelivery,
  existing: Record<string, unknown>,
  policy: MarkerPolicy,
): Promise<boolean> {
  const { tenant, subscriptionId, message } = pending;
  const unchanged: Record<string, string> = { status: "sending", at: String(existing.at) };
  if (typeof existing.claim === "string") unchanged.claim = existing.claim;
  return runtime.viewStore.putItem(
    tenant,
    keyOf(subscriptionId, message.eventId),
    sendingRecord(runtime, pending, policy),
    { ifUnchanged: unchanged },
  );
}

/**
 * True if this caller may send; false if it was sent, kept as failed, or is being sent by a
 * live sender. A marker its sender abandoned is taken over, so the redelivered event is sent.
 */
export async function claimDelivery(
  runtime: Runtime,
  pending: PendingDelivery,
  policy: MarkerPolicy,
): Promise<boolean> {
  const { tenant, subscriptionId, message } = pending;
  const key = keyOf(subscriptionId, message.eventId);
  const marker = sendingRecord(runtime, pending, policy);
  if (await runtime.viewStore.putItem(tenant, key, marker, { ifAbsent: true })) return true;
  const existing = await runtime.viewStore.getItem(tenant, key);
  if (existing?.status !== "sending") return false;
  if (!policy.abandoned(sendingMarkerOf(existing), runtime.clock())) return false;
  return takeOver(runtime, pending, existing, policy);
}

/**
 * Takes over every abandoned delivery of a tenant that kept its message, for the caller to
 * send. Markers from before the outbox (no payload) wait for their event's redelivery.
 */
export async function takeOverAbandoned(
  runtime: Runtime,
  tenant: string,
  policy: MarkerPolicy,
): Promise<PendingDelivery[]> {
  const taken: PendingDelivery[] = [];
  for (const item of await runtime.viewStore.listItems(tenant, PREFIX)) {
    if (item.status !== "sending" || typeof item.payload !== "string") continue;
    if (!policy.abandoned(sendingMarkerOf(item), runtime.clock())) continue;
    const pending: PendingDelivery = {
      tenant,
      subscriptionId: String(item.subscriptionId),
      message: {
        eventId: String(item.eventId),
        eventType: String(item.eventType),
        body: item.payload,
      },
    };
    if (await takeOver(runtime, pending, item, policy)) taken.push(pending);
  }
  return taken;
}

/** The message leaves the marker once the delivery has ended either way. */
export async function markDelivered(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  eventId: string,
) {
  const marker = record(runtime, subscriptionId, eventId, "delivered");
  await runtime.viewStore.putItem(tenant, keyOf(subscriptionId, eventId), marker);
}

export async function markFailed(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  eventId: string,
) {
  const marker = record(runtime, subscriptionId, eventId, "failed");
  await runtime.viewStore.putItem(tenant, keyOf(subscriptionId, eventId), marker);
}
