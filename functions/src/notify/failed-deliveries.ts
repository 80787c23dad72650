import { NotFoundError } from "@termline/core";
import type { Runtime } from "../services/runtime.ts";
import { webhookWithSecret } from "../services/webhooks.ts";
import { type DeliveryOptions, deliverWithRetries } from "./deliver.ts";
import { markDelivered } from "./delivery-markers.ts";
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
}

export interface ReplayOutcome {
  id: string;
  delivered: boolean;
  attempts: number;
  lastError?: string;
}

const PREFIX = "delivery-failed#";
const keyOf = (id: string) => `${PREFIX}${id}`;

function toFailedDelivery(item: Record<string, unknown>): FailedDelivery {
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
  };
}

async function save(runtime: Runtime, tenant: string, failure: FailedDelivery) {
  await runtime.viewStore.putItem(tenant, keyOf(failure.id), {
    ...failure,
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

/**
 * Sends a kept delivery again to its subscription's current URL and secret. It makes one try
 * (the admin asking is the retry); on success the record goes, on failure it is updated.
 */
export async function replayFailedDelivery(
  runtime: Runtime,
  tenant: string,
  id: string,
  options: DeliveryOptions = {},
): Promise<ReplayOutcome> {
  const item = await runtime.viewStore.getItem(tenant, keyOf(id));
  if (!item) throw new NotFoundError(`failed delivery "${id}" does not exist (already replayed?)`);
  const failure = toFailedDelivery(item);
  const webhook = await webhookWithSecret(runtime, tenant, failure.subscriptionId).catch(() => {
    throw new NotFoundError(
      `webhook "${failure.subscriptionId}" was deleted, so this delivery has nowhere to go; delete it or subscribe again`,
    );
  });
  const message = { eventId: failure.eventId, eventType: failure.eventType, body: failure.payload };
  const outcome = await deliverWithRetries(webhook, message, { ...options, maxAttempts: 1 });
  const attempts = failure.attempts + outcome.attempts;
  if (outcome.delivered) {
    await markDelivered(runtime, tenant, failure.subscriptionId, failure.eventId);
    await runtime.viewStore.deleteItem(tenant, keyOf(id));
    return { id, delivered: true, attempts };
  }
  const lastError = outcome.lastError ?? "unknown error";
  await save(runtime, tenant, {
    ...failure,
    attempts,
    lastError,
    lastAttemptAt: runtime.clock().toISOString(),
  });
  return { id, delivered: false, attempts, lastError };
}

/** Deletes a kept delivery an admin has given up on. */
export async function discardFailedDelivery(runtime: Runtime, tenant: string, id: string) {
  if (!(await runtime.viewStore.getItem(tenant, keyOf(id))))
    throw new NotFoundError(`failed delivery "${id}" does not exist`);
  await runtime.viewStore.deleteItem(tenant, keyOf(id));
}
