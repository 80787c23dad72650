import type { Runtime } from "../services/runtime.ts";

/**
 * One marker per (subscription, event), taken with a conditional put before sending, so an
 * event the bus delivers twice (it is at least once) reaches each webhook once. A marker left
 * at "sending" by a notifier that died mid-way is taken over once stale: at least once wins
 * over at most once, and receivers can still dedupe by Termline-Event-Id.
 */
const STALE_AFTER_MS = 15 * 60 * 1000;
/** Markers only need to outlive the bus's redelivery window (24 h on EventBridge). */
const KEEP_FOR_SECONDS = 30 * 24 * 60 * 60;
const keyOf = (subscriptionId: string, eventId: string) => `delivered#${subscriptionId}#${eventId}`;

export type MarkerStatus = "sending" | "delivered" | "failed";

function marker(runtime: Runtime, status: MarkerStatus) {
  const now = runtime.clock();
  return {
    itemType: "delivery-marker",
    status,
    at: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + KEEP_FOR_SECONDS,
  };
}

/** True if this caller may send; false if it was sent, kept as failed, or is being sent. */
export async function claimDelivery(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  eventId: string,
): Promise<boolean> {
  const key = keyOf(subscriptionId, eventId);
  if (await runtime.viewStore.putItem(tenant, key, marker(runtime, "sending"), { ifAbsent: true }))
    return true;
  const existing = await runtime.viewStore.getItem(tenant, key);
  const age = runtime.clock().getTime() - Date.parse(String(existing?.at));
  if (existing?.status !== "sending" || !(age > STALE_AFTER_MS)) return false;
  await runtime.viewStore.putItem(tenant, key, marker(runtime, "sending"));
  return true;
}

export async function markDelivered(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  eventId: string,
) {
  await runtime.viewStore.putItem(
    tenant,
    keyOf(subscriptionId, eventId),
    marker(runtime, "delivered"),
  );
}

export async function markFailed(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  eventId: string,
) {
  await runtime.viewStore.putItem(
    tenant,
    keyOf(subscriptionId, eventId),
    marker(runtime, "failed"),
  );
}
