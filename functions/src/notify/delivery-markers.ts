import { claimsOf } from "../services/claims.ts";
import type { Runtime } from "../services/runtime.ts";

/**
 * One marker per (subscription, event), claimed before sending, so an event the bus delivers
 * twice (it is at least once) reaches each webhook once. A marker left at "sending" by a
 * notifier that died mid-way is taken over once stale; receivers can still dedupe by
 * Termline-Event-Id. Markers only need to outlive the bus's redelivery window (24 h on
 * EventBridge), so they expire after 30 days.
 */
export type MarkerStatus = "sending" | "delivered" | "failed";

const markers = (runtime: Runtime) =>
  claimsOf(runtime, {
    prefix: "delivered#",
    itemType: "delivery-marker",
    working: "sending",
    staleAfterMs: 15 * 60 * 1000,
    keepForSeconds: 30 * 24 * 60 * 60,
  });
const idOf = (subscriptionId: string, eventId: string) => `${subscriptionId}#${eventId}`;

/** True if this caller may send; false if it was sent, kept as failed, or is being sent. */
export async function claimDelivery(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  eventId: string,
): Promise<boolean> {
  return (await markers(runtime).claim(tenant, idOf(subscriptionId, eventId))).claimed;
}

export async function markDelivered(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  eventId: string,
) {
  await markers(runtime).mark(tenant, idOf(subscriptionId, eventId), "delivered");
}

export async function markFailed(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  eventId: string,
) {
  await markers(runtime).mark(tenant, idOf(subscriptionId, eventId), "failed");
}
