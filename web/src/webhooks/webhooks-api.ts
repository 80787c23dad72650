import { eventTypes } from "../../../packages/core/src/events/catalog.ts";
import {
  DEADLINE_APPROACHING,
  ENTITLEMENT_CHANGED,
} from "../../../packages/core/src/integration/bus-events.ts";
import { api, ok } from "../api/client.ts";

/**
 * The event types `POST /webhooks` accepts, taken from the same lists the API validates with,
 * so a new event type shows up here without a UI change. Lazy: zod stays out of the entry chunk.
 */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  ...eventTypes,
  DEADLINE_APPROACHING,
  ENTITLEMENT_CHANGED,
];
export const ALL_EVENTS = "*";

/** `TermAmended` → "Term amended": people read words; the exact type is kept for hover. */
export const eventTypeText = (type: string): string =>
  type === ALL_EVENTS
    ? "All events"
    : type
        .replace(/(?<=[a-z0-9])(?=[A-Z])/g, " ")
        .replace(/ (\w)/g, (_, c: string) => ` ${c.toLowerCase()}`);

export type Webhook = Awaited<ReturnType<typeof listWebhooks>>["webhooks"][number];
export type CreatedWebhook = Awaited<ReturnType<typeof createWebhook>>;
export type FailedDelivery = Awaited<ReturnType<typeof listFailedDeliveries>>["deliveries"][number];

export const listWebhooks = () => ok(api.webhooks.$get());
export const createWebhook = (url: string, events: string[]) =>
  ok(api.webhooks.$post({ json: { url, events } }));
export const deleteWebhook = (id: string) => ok(api.webhooks[":id"].$delete({ param: { id } }));
export const listFailedDeliveries = () => ok(api.webhooks.deliveries.failed.$get());
export const replayDelivery = (id: string) =>
  ok(api.webhooks.deliveries[":id"].replay.$post({ param: { id } }));
