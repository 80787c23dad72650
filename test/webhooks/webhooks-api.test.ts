import { OpenAPIHono } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthEnv,
  authenticate,
  parseTokens,
  registryOf,
} from "../../functions/src/api/auth.ts";
import { problemResponse, toProblem } from "../../functions/src/api/problem.ts";
import { webhookRoutes } from "../../functions/src/api/routes/webhooks.ts";
import { notify } from "../../functions/src/notify/notify.ts";
import {
  busEvent,
  deadlineApproaching,
  noteAdded,
  testRuntime,
} from "../../functions/src/notify/test-fixtures.ts";
import { createTestTables, type TestTables } from "../support/dynamo.ts";
import {
  startWebhookReceiver,
  verifyWebhook,
  type WebhookReceiver,
} from "../support/webhook-receiver.ts";

/**
 * The webhook routes behind the app's own auth and problem mapping. (They are mounted in
 * app.ts; this suite builds the same stack around them alone, on its own tables.)
 */
let t: TestTables;
let receiver: WebhookReceiver;
let runtime: ReturnType<typeof testRuntime>;
let app: OpenAPIHono<AuthEnv>;
const options = { delivery: { maxAttempts: 2, retryBaseMs: 1 }, log: () => {} };

beforeAll(async () => {
  t = await createTestTables("webhooks-api");
  runtime = testRuntime(t);
  receiver = await startWebhookReceiver();
  const tokens = parseTokens("admin-a:admin:acme,editor-a:editor:acme,admin-b:admin:beta");
  app = new OpenAPIHono<AuthEnv>().basePath("/api/v1");
  app.use("*", authenticate(registryOf(tokens)));
  app.route("/", webhookRoutes(runtime));
  app.onError((error, c) => problemResponse(c, toProblem(error)));
});
afterAll(async () => {
  await receiver.close();
  await t.drop();
});

async function call(method: string, path: string, token = "admin-a", body?: unknown) {
  const response = await app.request(`/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
}

describe("webhook subscriptions over the API", () => {
  it("creates a subscription, shows its secret once, and keeps it per tenant", async () => {
    const created = await call("POST", "/webhooks", "admin-a", {
      url: receiver.url,
      events: ["DeadlineApproaching", "NoteAdded"],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^wh-/),
      url: receiver.url,
      events: ["DeadlineApproaching", "NoteAdded"],
      format: "json",
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const { id } = created.body;
    // Stored sealed, bound to its tenant and subscription: the table never holds it readable.
    const stored = await runtime.viewStore.getItem("acme", `webhook#${id}`);
    expect(String(stored?.secret)).toMatch(/^local:v1:/);
    expect(JSON.stringify(stored)).not.toContain(created.body.secret.slice(6));
    const one = await call("GET", `/webhooks/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).not.toHaveProperty("secret");
    const list = await call("GET", "/webhooks");
    expect(list.body.webhooks).toEqual([one.body]);
    expect(list.text).not.toContain(created.body.secret);

    expect((await call("GET", "/webhooks", "admin-b")).body.webhooks).toEqual([]);
    expect((await call("GET", `/webhooks/${id}`, "admin-b")).status).toBe(404);
    expect((await call("DELETE", `/webhooks/${id}`, "admin-b")).status).toBe(404);
    expect((await call("DELETE", `/webhooks/${id}`)).status).toBe(204);
    expect((await call("GET", `/webhooks/${id}`)).status).toBe(404);
  });

  it("is for admins only", async () => {
    expect((await call("GET", "/webhooks", "editor-a")).status).toBe(403);
    const post = await call("POST", "/webhooks", "editor-a", { url: receiver.url, events: ["*"] });
    expect(post.status).toBe(403);
    expect((await call("GET", "/webhooks/deliveries/failed", "editor-a")).status).toBe(403);
  });

  it("refuses URLs that are not http(s), unknown event types and extra fields", async () => {
    const bad = [
      { url: "ftp://example.com/hook", events: ["*"] },
      { url: "not a url", events: ["*"] },
      { url: receiver.url, events: ["NoteAddedd"] },
      { url: receiver.url, events: [] },
      { url: receiver.url, events: ["*"], format: "xml" },
      { url: receiver.url, events: ["*"], secret: "mine" },
    ];
    for (const body of bad) {
      const response = await call("POST", "/webhooks", "admin-a", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.type).toMatch(/validation-failed$/);
    }
  });

  it("keeps a delivery that kept failing, lists it, and replays it once the receiver is back", async () => {
    const created = await call("POST", "/webhooks", "admin-a", {
      url: receiver.url,
      events: ["DeadlineApproaching"],
      format: "slack",
    });
    const { id: subscriptionId, secret } = created.body;
    receiver.reply(502, 502);
    const detail = deadlineApproaching();
    const event = busEvent("DeadlineApproaching", detail);
    const result = await notify(runtime, event, options);
    expect(result.failed).toHaveLength(1);

    const failed = await call("GET", "/webhooks/deliveries/failed");
    expect(failed.status).toBe(200);
    expect(failed.body.deliveries).toEqual([
      {
        id: expect.stringMatching(/^dlv-/),
        subscriptionId,
        eventId: detail.id,
        eventType: "DeadlineApproaching",
        payload: receiver.received[0]?.body,
        attempts: 2,
        lastError: "HTTP 502",
        failedAt: runtime.clock().toISOString(),
        lastAttemptAt: runtime.clock().toISOString(),
      },
    ]);
    expect((await call("GET", "/webhooks/deliveries/failed", "admin-b")).body.deliveries).toEqual(
      [],
    );
    const deliveryId = failed.body.deliveries[0].id;
    expect(
      (await call("POST", `/webhooks/deliveries/${deliveryId}/replay`, "admin-b")).status,
    ).toBe(404);

    const replayed = await call("POST", `/webhooks/deliveries/${deliveryId}/replay`);
    expect(replayed.status, replayed.text).toBe(200);
    expect(replayed.body).toEqual({ id: deliveryId, delivered: true, attempts: 3 });
    const last = receiver.received.at(-1);
    expect(last?.body).toBe(receiver.received[0]?.body);
    expect(last?.headers["termline-event-id"]).toBe(detail.id);
    expect(verifyWebhook(String(last?.body), last?.headers ?? {}, secret)).toBe(true);
    expect((await call("GET", "/webhooks/deliveries/failed")).body.deliveries).toEqual([]);
    expect((await call("POST", `/webhooks/deliveries/${deliveryId}/replay`)).status).toBe(404);

    // Delivered now: the bus redelivering the event sends nothing more.
    const count = receiver.received.length;
    expect((await notify(runtime, event, options)).duplicates).toEqual([subscriptionId]);
    expect(receiver.received).toHaveLength(count);
  });

  it("keeps a replay that fails again listed, with its attempts counted", async () => {
    const { body } = await call("POST", "/webhooks", "admin-a", {
      url: receiver.url,
      events: ["NoteAdded"],
    });
    receiver.reply(500, 500, 500);
    await notify(runtime, busEvent("NoteAdded", noteAdded()), options);
    const [kept] = (await call("GET", "/webhooks/deliveries/failed")).body.deliveries;
    expect(kept.subscriptionId).toBe(body.id);
    const replayed = await call("POST", `/webhooks/deliveries/${kept.id}/replay`);
    expect(replayed.body).toEqual({
      id: kept.id,
      delivered: false,
      attempts: 3,
      lastError: "HTTP 500",
    });
    const [still] = (await call("GET", "/webhooks/deliveries/failed")).body.deliveries;
    expect(still).toMatchObject({ id: kept.id, attempts: 3 });
    // Once its webhook is gone, a replay has nowhere to go and says so.
    await call("DELETE", `/webhooks/${body.id}`);
    const orphan = await call("POST", `/webhooks/deliveries/${kept.id}/replay`);
    expect(orphan.status).toBe(404);
    expect(orphan.body.detail).toMatch(/was deleted/);
  });
});
