import { createRoute, z } from "@hono/zod-openapi";
import type { EventBus } from "@termline/core";
import { listFailedDeliveries } from "../../notify/failed-deliveries.ts";
import { requestReplay } from "../../notify/replay-request.ts";
import type { Runtime } from "../../services/runtime.ts";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  WebhookInput,
} from "../../services/webhooks.ts";
import { requireRole } from "../auth.ts";
import { newRouter } from "../router.ts";
import { json, problems } from "../schemas.ts";

const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    format: z.enum(["json", "slack"]),
    createdAt: z.string(),
  })
  .openapi("Webhook");
const CreatedWebhookSchema = WebhookSchema.extend({
  secret: z.string().openapi({
    description:
      "The signing secret. It is shown only in this response: store it where your receiver can read it.",
  }),
}).openapi("CreatedWebhook");
const FailedDeliverySchema = z
  .object({
    id: z.string(),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    payload: z.string().openapi({ description: "The exact body that was sent." }),
    attempts: z.number().int(),
    lastError: z.string(),
    failedAt: z.string(),
    lastAttemptAt: z.string(),
    state: z.enum(["failed", "replay-queued"]).openapi({
      description:
        "`replay-queued` from a replay request until the notifier has tried it; then the delivery is gone (delivered) or `failed` again with the new error.",
    }),
    replayRequestedAt: z
      .string()
      .optional()
      .openapi({ description: "When the pending replay was requested." }),
  })
  .openapi("FailedDelivery");
const idParam = (example: string) =>
  z.object({
    id: z
      .string()
      .min(1)
      .max(100)
      .openapi({ param: { name: "id", in: "path" }, example }),
  });
const WebhookParams = idParam("wh-3f2c…");
const DeliveryParams = idParam("dlv-8a1e…");
const tags = ["Webhooks"];
const problem503 = {
  ...problems[404],
  description: "The notifier could not be reached; nothing was queued, try again.",
};

/**
 * Webhook subscriptions and their failed deliveries, for admins: a subscription decides where
 * a tenant's data goes. `bus` carries replay requests to the notifier, which alone may open a
 * signing secret; without it a replay answers 503.
 */
export function webhookRoutes(runtime: Runtime, bus?: EventBus) {
  const tenantOf = (principal: { tenant: string }) => principal.tenant;
  return newRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/webhooks",
        tags,
        summary: "Subscribe a URL to events; the response holds its signing secret, once",
        middleware: [requireRole("admin")] as const,
        request: {
          body: { content: { "application/json": { schema: WebhookInput } }, required: true },
        },
        responses: { 201: json(CreatedWebhookSchema, "Subscribed"), ...problems },
      }),
      async (c) =>
        c.json(
          await createWebhook(runtime, tenantOf(c.get("principal")), c.req.valid("json")),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/webhooks",
        tags,
        summary: "List webhook subscriptions (without secrets)",
        middleware: [requireRole("admin")] as const,
        responses: {
          200: json(z.object({ webhooks: z.array(WebhookSchema) }), "Webhooks"),
          ...problems,
        },
      }),
      async (c) =>
        c.json({ webhooks: await listWebhooks(runtime, tenantOf(c.get("principal"))) }, 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/webhooks/deliveries/failed",
        tags,
        summary: "Deliveries that failed every retry, oldest first",
        middleware: [requireRole("admin")] as const,
        responses: {
          200: json(z.object({ deliveries: z.array(FailedDeliverySchema) }), "Failed deliveries"),
          ...problems,
        },
      }),
      async (c) =>
        c.json(
          { deliveries: await listFailedDeliveries(runtime, tenantOf(c.get("principal"))) },
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/webhooks/deliveries/{id}/replay",
        tags,
        summary: "Queue a failed delivery to be sent again (one try, freshly signed)",
        description:
          "Records the request and hands it to the notifier, which sends the same body once more with a fresh signature: delivered, it leaves the list of failed deliveries; refused, it stays there with the new error and can be replayed again. Asking again while a replay is queued queues nothing more.",
        middleware: [requireRole("admin")] as const,
        request: { params: DeliveryParams },
        responses: {
          202: json(FailedDeliverySchema, "Queued: the delivery, now `replay-queued`"),
          400: problems[400],
          401: problems[401],
          403: problems[403],
          404: problems[404],
          503: problem503,
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const tenant = tenantOf(c.get("principal"));
        const queued = await requestReplay(runtime, bus, tenant, id, c.get("requestId"));
        return c.json(queued, 202);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/webhooks/{id}",
        tags,
        summary: "A webhook subscription (without its secret)",
        middleware: [requireRole("admin")] as const,
        request: { params: WebhookParams },
        responses: { 200: json(WebhookSchema, "The webhook"), ...problems },
      }),
      async (c) =>
        c.json(
          await getWebhook(runtime, tenantOf(c.get("principal")), c.req.valid("param").id),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/webhooks/{id}",
        tags,
        summary: "Unsubscribe",
        middleware: [requireRole("admin")] as const,
        request: { params: WebhookParams },
        responses: { 204: { description: "Deleted" }, ...problems },
      }),
      async (c) => {
        await deleteWebhook(runtime, tenantOf(c.get("principal")), c.req.valid("param").id);
        return c.body(null, 204);
      },
    );
}
