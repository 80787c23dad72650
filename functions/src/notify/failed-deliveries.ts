import { NotFoundError } from "@termline/core";
import type { Runtime } from "../services/runtime.ts";
import type { WebhookMessage } from "./payloads.ts";

/** A delivery that failed every try, kept in the tenant's partition for an admin to replay. */
export interface FailedDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  /** The exact body that was sent; a replay sends these bytes again, freshly signed. */
  payload: string;
  attempts: number;
  lastError: string;
  failedAt: string;
  lastAttemptAt: string;
  /** `replay-queued` from an admin's replay request until the notifier has tried it. */
  state: "failed" | "replay-queued";
  replayRequestedAt?: string;
}

/**
 * A replay request's bookkeeping on the failed delivery's own item (see replay-request.ts and
 * replay.ts): the request the API recorded, then the notifier's claim on it and its lease.
 */
export const REPLAY_FIELDS = [
  "replayRequestId",
  "replayRequestedAt",
  "replayClaim",
  "replayOwner",
  "replayLeaseUntil",
] as const;

export const FAILED_DELIVERY_PREFIX = "delivery-failed#";
const PREFIX = FAILED_DELIVERY_PREFIX;
export const failedDeliveryKey = (id: string) => `${PREFIX}${id}`;
const keyOf = failedDeliveryKey;

/** The item as it stands with no replay requested: what a request rolls back or ends in. */
export function withoutReplay(item: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...item };
  for (const field of REPLAY_FIELDS) delete rest[field];
  return rest;
}

export function toFailedDelivery(item: Record<string, unknown>): FailedDelivery {
  const requestedAt =
    typeof item.replayRequestedAt === "string" ? item.replayRequestedAt : undefined;
  return {
    id: String(item.id),
    subscriptionId: String(item.subscriptionId),
    eventId: String(item.eventId),
    eventType: String(item.eventType),
    payload: String(item.payload),
    attempts: Number(item.attempts),
    lastError: String(item.lastError),
    failedAt: String(item.failedAt),
    lastAttemptAt: String(item.lastAttemptAt),
    state: requestedAt ? "replay-queued" : "failed",
    ...(requestedAt ? { replayRequestedAt: requestedAt } : {}),
  };
}

/** `state` is derived from the replay fields when read, never stored. */
async function save(runtime: Runtime, tenant: string, failure: FailedDelivery) {
  const { state: _state, replayRequestedAt: _requestedAt, ...stored } = failure;
  await runtime.viewStore.putItem(tenant, keyOf(failure.id), {
    ...stored,
    itemType: "delivery-failed",
  });
}

export async function saveFailedDelivery(
  runtime: Runtime,
  tenant: string,
  subscriptionId: string,
  message: WebhookMessage,
  outcome: { attempts: number; lastError?: string },
): Promise<FailedDelivery> {
  const now = runtime.clock().toISOString();
  const failure: FailedDelivery = {
    id: `dlv-${runtime.newId()}`,
    subscriptionId,
    eventId: message.eventId,
    eventType: message.eventType,
    payload: message.body,
    attempts: outcome.attempts,
    lastError: outcome.lastError ?? "unknown error",
    failedAt: now,
    lastAttemptAt: now,
    state: "failed",
  };
  await save(runtime, tenant, failure);
  return failure;
}

export async function listFailedDeliveries(
  runtime: Runtime,
  tenant: string,
): Promise<FailedDelivery[]> {
  const items = await runtime.viewStore.listItems(tenant, PREFIX);
  return items.map(toFailedDelivery).sort((a, b) => a.failedAt.localeCompare(b.failedAt));
}

/** Deletes a kept delivery an admin has given up on. */
export async function discardFailedDelivery(runtime: Runtime, tenant: string, id: string) {
  if (!(await runtime.viewStore.getItem(tenant, keyOf(id))))
    throw new NotFoundError(`failed delivery "${id}" does not exist`);
  await runtime.viewStore.deleteItem(tenant, keyOf(id));
}
