import { OpenAPIHono } from "@hono/zod-openapi";
import { LocalBus } from "@termline/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AuthEnv,
  authenticate,
  parseTokens,
  registryOf,
} from "../../functions/src/api/auth.ts";
import { problemResponse, toProblem } from "../../functions/src/api/problem.ts";
import { webhookRoutes } from "../../functions/src/api/routes/webhooks.ts";
import {
  type BackgroundNotifier,
  createBackgroundNotifier,
} from "../../functions/src/notify/background-notifier.ts";
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
 * app.ts; this suite builds the same stack around them alone, on its own tables.) Replays go
 * as under `npm start`: the API queues them on the local bus, and the background notifier
 * sends them. The API's runtime cannot open a secret, as on AWS, where it may not decrypt.
 */
let t: TestTables;
let receiver: WebhookReceiver;
let runtime: ReturnType<typeof testRuntime>;
let app: OpenAPIHono<AuthEnv>;
let notifier: BackgroundNotifier;
const options = { delivery: { maxAttempts: 2, retryBaseMs: 1, timeoutMs: 2_000 }, log: () => {} };

beforeAll(async () => {
  t = await createTestTables("webhooks-api");
  runtime = testRuntime(t);
  receiver = await startWebhookReceiver();
  const tokens = parseTokens("admin-a:admin:acme,editor-a:editor:acme,admin-b:admin:beta");
  const bus = new LocalBus({ awaitDelivery: true, retryBaseMs: 1 });
  notifier = createBackgroundNotifier(runtime, options);
  bus.subscribe("notify", notifier.accept);
  const box = runtime.secretBox;
  if (!box) throw new Error("testRuntime seals secrets");
  const apiRuntime = {
    ...runtime,
    secretBox: {
      seal: box.seal,
      open: () => Promise.reject(new Error("the API may not open a signing secret")),
    },
  };
  app = new OpenAPIHono<AuthEnv>().basePath("/api/v1");
  app.use("*", authenticate(registryOf(tokens)));
  app.route("/", webhookRoutes(apiRuntime, bus));
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
});

/**
 * A new subscription of acme's to one event type (each test its own, so no other subscription
 * gets its event) whose receiver failed every try: its one failed delivery.
 */
async function failedDelivery(type: string, format: "json" | "slack" = "json") {
  const created = await call("POST", "/webhooks", "admin-a", {
    url: receiver.url,
    events: [type],
    format,
  });
  const { id: subscriptionId, secret } = created.body;
  receiver.reply(502, 502);
  const detail = type === "DeadlineApproaching" ? deadlineApproaching() : noteAdded();
  const event = busEvent(type, detail);
  expect((await notify(runtime, event, options)).failed).toHaveLength(1);
  const listed = (await call("GET", "/webhooks/deliveries/failed")).body.deliveries;
  const delivery = listed.find(
    (d: { subscriptionId: string }) => d.subscriptionId === subscriptionId,
  );
  return {
    subscriptionId,
    secret,
    detail,
    event,
    delivery,
    sentBody: receiver.received.at(-1)?.body,
  };
}

const failedList = async () => (await call("GET", "/webhooks/deliveries/failed")).body.deliveries;

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe("replaying a failed delivery: the API queues, the notifier sends", () => {
  it("lists a delivery that kept failing, queues its replay (202), and the notifier delivers it once, signed", async () => {
    const { subscriptionId, secret, detail, event, delivery, sentBody } = await failedDelivery(
      "DeadlineApproaching",
      "slack",
    );
    expect(delivery).toEqual({
      id: expect.stringMatching(/^dlv-/),
      subscriptionId,
      eventId: detail.id,
      eventType: "DeadlineApproaching",
      payload: sentBody,
      attempts: 2,
      lastError: "HTTP 502",
      failedAt: runtime.clock().toISOString(),
      lastAttemptAt: runtime.clock().toISOString(),
      state: "failed",
    });
    expect((await call("GET", "/webhooks/deliveries/failed", "admin-b")).body.deliveries).toEqual(
      [],
    );
    const before = receiver.received.length;

    const replayed = await call("POST", `/webhooks/deliveries/${delivery.id}/replay`);
    expect(replayed.status, replayed.text).toBe(202);
    expect(replayed.body).toEqual({
      ...delivery,
      state: "replay-queued",
      replayRequestedAt: runtime.clock().toISOString(),
    });
    await until(async () => (await failedList()).length === 0, "the replay to be delivered");
    await notifier.drain();

    expect(receiver.received).toHaveLength(before + 1);
    const last = receiver.received.at(-1);
    expect(last?.body).toBe(sentBody);
    expect(last?.headers["webhook-id"]).toBe(detail.id);
    expect(verifyWebhook(String(last?.body), last?.headers ?? {}, secret)).toBe(true);
    expect((await call("POST", `/webhooks/deliveries/${delivery.id}/replay`)).status).toBe(404);
    // Delivered now: the bus redelivering the event sends nothing more.
    expect((await notify(runtime, event, options)).duplicates).toEqual([subscriptionId]);
    expect(receiver.received).toHaveLength(before + 1);
  });

  it("refuses another tenant's delivery (404) and an editor (403), and sends nothing", async () => {
    const { delivery } = await failedDelivery("NoteAdded");
    const before = receiver.received.length;
    const foreign = await call("POST", `/webhooks/deliveries/${delivery.id}/replay`, "admin-b");
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({
      status: 404,
      detail: expect.stringContaining(delivery.id),
    });
    const editor = await call("POST", `/webhooks/deliveries/${delivery.id}/replay`, "editor-a");
    expect(editor.status).toBe(403);
    await notifier.drain();
    expect(receiver.received).toHaveLength(before);
    // Nothing changed: it is still a plain failed delivery, with no request on it.
    expect((await failedList()).find((d: { id: string }) => d.id === delivery.id)).toEqual(
      delivery,
    );
    expect(
      await runtime.viewStore.getItem("acme", `delivery-failed#${delivery.id}`),
    ).not.toHaveProperty("replayRequestId");
    await call("POST", `/webhooks/deliveries/${delivery.id}/replay`);
    await until(async () => (await failedList()).length === 0, "the cleanup replay");
  });

  it("sends once for a double click and for requests racing each other", async () => {
    const { delivery } = await failedDelivery("DisputeRaised");
    const before = receiver.received.length;
    receiver.reply("hang"); // held, so the later requests come while it is being sent
    const first = await call("POST", `/webhooks/deliveries/${delivery.id}/replay`);
    const racing = await Promise.all([
      call("POST", `/webhooks/deliveries/${delivery.id}/replay`),
      call("POST", `/webhooks/deliveries/${delivery.id}/replay`),
    ]);
    for (const response of [first, ...racing]) {
      expect(response.status, response.text).toBe(202);
      expect(response.body).toMatchObject({ id: delivery.id, state: "replay-queued" });
    }
    await until(async () => receiver.holding() === 1, "the replay to reach the receiver");
    await notifier.drain(); // its one try gives up after the 2 s timeout
    expect(receiver.received).toHaveLength(before + 1);
    expect((await failedList())[0]).toMatchObject({
      id: delivery.id,
      state: "failed",
      attempts: 3,
    });
    await call("POST", `/webhooks/deliveries/${delivery.id}/replay`);
    await until(async () => (await failedList()).length === 0, "the cleanup replay");
  });

  it("keeps a replay the receiver refuses again listed with the new error, replayable again", async () => {
    const { delivery } = await failedDelivery("TermAmended");
    receiver.reply(500);
    expect((await call("POST", `/webhooks/deliveries/${delivery.id}/replay`)).status).toBe(202);
    await until(
      async () => (await failedList()).some((d: { state: string }) => d.state === "failed"),
      "the replay to fail",
    );
    expect(await failedList()).toEqual([
      { ...delivery, attempts: 3, lastError: "HTTP 500", state: "failed" },
    ]);
    // The request was cleared: asking again sends again, and this time it goes through.
    const before = receiver.received.length;
    expect((await call("POST", `/webhooks/deliveries/${delivery.id}/replay`)).status).toBe(202);
    await until(async () => (await failedList()).length === 0, "the second replay");
    expect(receiver.received).toHaveLength(before + 1);
  });

  it("says so when the delivery's webhook was deleted, and queues nothing", async () => {
    const { subscriptionId, delivery } = await failedDelivery("AgreementRecorded");
    await call("DELETE", `/webhooks/${subscriptionId}`);
    const orphan = await call("POST", `/webhooks/deliveries/${delivery.id}/replay`);
    expect(orphan.status).toBe(404);
    expect(orphan.body.detail).toMatch(/was deleted/);
    expect((await failedList())[0]).toEqual(delivery);
  });
});
