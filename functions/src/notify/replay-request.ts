import {
  type EventBus,
  NotFoundError,
  ServiceUnavailableError,
  WEBHOOK_REPLAY_REQUESTED,
} from "@termline/core";
import type { Runtime } from "../services/runtime.ts";
import { getWebhook } from "../services/webhooks.ts";
import {
  type FailedDelivery,
  failedDeliveryKey,
  toFailedDelivery,
  withoutReplay,
} from "./failed-deliveries.ts";

/**
 * A request with no outcome after this long is taken as lost (the API died between recording
 * and publishing it, or the notifier's retries ran out), so an admin may ask again. The new
 * request gets a new id, and the notifier ignores the old one if it ever arrives.
 */
export const REPLAY_REQUEST_STALE_MS = 15 * 60 * 1000;

/** True while a request is recorded that the notifier may still act on. */
function pendingRequest(item: Record<string, unknown>, now: Date): boolean {
  if (typeof item.replayRequestId !== "string") return false;
  const requestedAt = Date.parse(String(item.replayRequestedAt));
  if (!(now.getTime() - requestedAt > REPLAY_REQUEST_STALE_MS)) return true;
  // A sender holding a live lease is still at work, however old the request.
  return typeof item.replayLeaseUntil === "number" && item.replayLeaseUntil >= now.getTime();
}

/** The values a replacement of the item is conditional on: those its reader saw. */
const seen = (item: Record<string, unknown>) => ({
  id: String(item.id),
  replayRequestId: typeof item.replayRequestId === "string" ? item.replayRequestId : null,
  replayClaim: typeof item.replayClaim === "string" ? item.replayClaim : null,
});

/**
 * The API's half of a replay: it records the request on the failed delivery and hands it to
 * the notifier as a `WebhookReplayRequested` bus event, then answers at once. The API cannot
 * send the request itself, since only the notifier may open signing secrets.
 *
 * Why the bus rather than invoking the notifier: the Notify function already consumes
 * `termline` events from it with retries and a dead-letter queue, the API then needs only
 * `events:PutEvents` on that bus, and `npm start`'s LocalBus runs the same path.
 *
 * Idempotent: while a request is pending (a double click, a retried HTTP request) the delivery
 * is returned as it stands and nothing is published again. If publishing fails, the request is
 * rolled back, so a retry starts afresh, and the caller gets a 503.
 */
export async function requestReplay(
  runtime: Runtime,
  bus: EventBus | undefined,
  tenant: string,
  id: string,
  correlationId?: string,
): Promise<FailedDelivery> {
  const key = failedDeliveryKey(id);
  const item = await runtime.viewStore.getItem(tenant, key);
  if (!item) throw new NotFoundError(`failed delivery "${id}" does not exist (already replayed?)`);
  const subscriptionId = String(item.subscriptionId);
  await getWebhook(runtime, tenant, subscriptionId).catch((error: unknown) => {
    if (!(error instanceof NotFoundError)) throw error;
    throw new NotFoundError(
      `webhook "${subscriptionId}" was deleted, so this delivery has nowhere to go; delete it or subscribe again`,
    );
  });
  const now = runtime.clock();
  if (pendingRequest(item, now)) return toFailedDelivery(item);
  if (!bus)
    throw new ServiceUnavailableError(
      "This deployment has no notifier to send replays; nothing was queued.",
    );

  const requestId = `rpl-${runtime.newId()}`;
  const requested = {
    ...withoutReplay(item),
    replayRequestId: requestId,
    replayRequestedAt: now.toISOString(),
  };
  if (!(await runtime.viewStore.putItem(tenant, key, requested, { ifUnchanged: seen(item) }))) {
    // Another request (or the notifier) changed it since it was read: report it as it is now.
    const current = await runtime.viewStore.getItem(tenant, key);
    if (!current) throw new NotFoundError(`failed delivery "${id}" was replayed meanwhile`);
    return toFailedDelivery(current);
  }

  try {
    await bus.publish([
      {
        detailType: WEBHOOK_REPLAY_REQUESTED,
        detail: {
          id: requestId,
          tenant,
          deliveryId: id,
          ...(correlationId ? { correlationId } : {}),
        },
      },
    ]);
  } catch (error) {
    // Only this request's own, unclaimed mark is undone; a failed rollback leaves it to go stale.
    await runtime.viewStore
      .putItem(tenant, key, withoutReplay(requested), {
        ifUnchanged: { replayRequestId: requestId, replayClaim: null },
      })
      .catch(() => false);
    // The bus's error names AWS internals: it goes to the log, not to the caller.
    console.error(
      JSON.stringify({
        level: "error",
        message: "replay: the request could not be published; rolled back",
        correlationId,
        tenant,
        deliveryId: id,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    throw new ServiceUnavailableError(
      "The replay could not be handed to the notifier, so nothing was queued; try again.",
    );
  }
  return toFailedDelivery(requested);
}
