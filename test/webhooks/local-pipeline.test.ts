import { LocalBus } from "@termline/store";
import {
  type StreamHandler,
  startStreamPoller,
  viewsTableCheckpoints,
  viewsTableDeadLetters,
} from "@termline/store/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTokens } from "../../functions/src/api/auth.ts";
import { startLocalPipeline } from "../../functions/src/local/pipeline.ts";
import { wire } from "../../functions/src/local/wiring.ts";
import { createBackgroundNotifier } from "../../functions/src/notify/background-notifier.ts";
import {
  listFailedDeliveries,
  saveFailedDelivery,
} from "../../functions/src/notify/failed-deliveries.ts";
import { requestReplay } from "../../functions/src/notify/replay-request.ts";
import { testRuntime } from "../../functions/src/notify/test-fixtures.ts";
import { createViewProjector } from "../../functions/src/projector/agreement-projection.ts";
import {
  consumerCheckpoints,
  consumerDeadLetters,
} from "../../functions/src/publisher/consumer-bookkeeping.ts";
import { createCommittedPublisher } from "../../functions/src/publisher/publish-committed.ts";
import { createWebhook } from "../../functions/src/services/webhooks.ts";
import { createTestTables, type TestTables } from "../support/dynamo.ts";
import { appendInput, pendingEvent } from "../support/events.ts";
import {
  startWebhookReceiver,
  verifyWebhook,
  type WebhookReceiver,
} from "../support/webhook-receiver.ts";

/** The pipeline as `npm start` wires it: stream → publisher → local bus → notifier → HTTP. */
let t: TestTables;
let receiver: WebhookReceiver;

beforeAll(async () => {
  t = await createTestTables("pipeline");
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.drop();
});

function startLocal(runtime: ReturnType<typeof testRuntime>) {
  const bus = new LocalBus({ awaitDelivery: true, retryBaseMs: 1 });
  const notifier = createBackgroundNotifier(runtime, { log: () => {} });
  bus.subscribe("notify", notifier.accept);
  const poll = (handler: StreamHandler, consumer?: string) => {
    const checkpoints = viewsTableCheckpoints(t.viewStore);
    const deadLetters = viewsTableDeadLetters(t.viewStore);
    return startStreamPoller({
      connection: { endpoint: t.endpoint },
      tableName: t.names.events,
      handler,
      checkpoints: consumer ? consumerCheckpoints(checkpoints, consumer) : checkpoints,
      deadLetters: consumer ? consumerDeadLetters(deadLetters, consumer) : deadLetters,
      intervalMs: 50,
      onError: () => {},
    });
  };
  const projector = poll(createViewProjector(t).handler);
  const publisher = poll(createCommittedPublisher({ bus }), "publisher");
  return {
    drain: async () => {
      await Promise.all([projector.drain(), publisher.drain()]);
      await bus.drain();
      await notifier.drain();
    },
    stop: async () => {
      await Promise.all([projector.stop(), publisher.stop()]);
      await bus.drain();
      await notifier.drain();
    },
  };
}

describe("the local pipeline", () => {
  it("delivers each committed event once, signed, across a restart", async () => {
    const runtime = testRuntime(t);
    const { secret } = await createWebhook(runtime, "acme", { url: receiver.url, events: ["*"] });
    const first = startLocal(runtime);
    const commit = await t.eventStore.append(
      appendInput({
        agreementId: "a1",
        events: [pendingEvent("NoteAdded", { text: "one" }), pendingEvent("NoteAdded")],
      }),
    );
    await first.drain();
    await first.stop();

    const second = startLocal(runtime);
    const later = await t.eventStore.append(
      appendInput({ agreementId: "a1", expectedVersion: 2, events: [pendingEvent("NoteAdded")] }),
    );
    await second.drain();
    await second.stop();

    const ids = [...commit.events, ...later.events].map((event) => event.id);
    // Each exactly once; the bus promises no order, and two deliveries may overtake each other.
    const received = receiver.received.map((r) => String(r.headers["webhook-id"]));
    expect(received.sort()).toEqual(ids.sort());
    for (const request of receiver.received)
      expect(verifyWebhook(request.body, request.headers, secret)).toBe(true);
    // The projector kept its own place in the stream beside the publisher's.
    expect(await t.viewStore.getView("acme", "agreement#a1")).toMatchObject({ version: 3 });
  });
});

/** `npm start`'s pipeline on this file's tables, one try per delivery, alerts out of the way. */
const pipelineOf = (wiring: Parameters<typeof startLocalPipeline>[0]["wiring"], bus: LocalBus) =>
  startLocalPipeline({
    endpoint: t.endpoint,
    eventsTable: t.names.events,
    wiring,
    bus,
    alertIntervalMs: 60 * 60 * 1000,
    delivery: { maxAttempts: 1 },
  });

describe("npm start's pipeline (startLocalPipeline)", () => {
  it("delivers to one tenant while another tenant's receiver holds its request", async () => {
    const slow = await startWebhookReceiver();
    const prompt = await startWebhookReceiver();
    const bus = new LocalBus({ awaitDelivery: true });
    const wiring = await wire({ endpoint: t.endpoint, tables: t.names, tokens: new Map(), bus });
    const { runtime } = wiring;
    await createWebhook(runtime, "hanging", { url: slow.url, events: ["*"] });
    await createWebhook(runtime, "waiting", { url: prompt.url, events: ["*"] });
    // One try of up to 10 s: the slow receiver holds its request that long.
    const pipeline = pipelineOf(wiring, bus);
    try {
      slow.reply("hang");
      await t.eventStore.append(appendInput({ tenant: "hanging", agreementId: "h1" }));
      await until(() => slow.holding() === 1, "the slow receiver to hold a request");
      await t.eventStore.append(appendInput({ tenant: "waiting", agreementId: "w1" }));
      await until(() => prompt.received.length === 1, "the other tenant's delivery");
      // It arrived while the first request was still held: nothing waited for that receiver.
      expect(slow.holding()).toBe(1);
      expect(JSON.parse(String(prompt.received[0]?.body)).tenant).toBe("waiting");
    } finally {
      await slow.close(); // ends the held request, so its one try fails and is kept
      await pipeline.stop();
      await prompt.close();
    }
    expect(await listFailedDeliveries(runtime, "hanging")).toMatchObject([
      { eventType: "NoteAdded", attempts: 1 },
    ]);
    expect(await listFailedDeliveries(runtime, "waiting")).toEqual([]);
  });
});

describe("replays under npm start", () => {
  it("queues a replay through the API for the pipeline's notifier, and sends one a crash left queued", async () => {
    const bus = new LocalBus({ awaitDelivery: true });
    const tokens = parseTokens("replay-admin:admin:replays");
    const wiring = await wire({ endpoint: t.endpoint, tables: t.names, tokens, bus });
    const { runtime } = wiring;
    const { id: webhookId, secret } = await createWebhook(runtime, "replays", {
      url: receiver.url,
      events: ["NoteAdded"],
    });
    const failed = async (n: number) =>
      saveFailedDelivery(
        runtime,
        "replays",
        webhookId,
        { eventId: `evt-replay-${n}`, eventType: "NoteAdded", body: `{"n":${n}}` },
        { attempts: 4, lastError: "HTTP 502" },
      );
    const [asked, leftOver] = [await failed(1), await failed(2)];
    // A run recorded this request and died before its in-memory bus handed it on.
    await requestReplay(runtime, { publish: async () => {} }, "replays", leftOver.id);
    const before = receiver.received.length;

    const pipeline = pipelineOf(wiring, bus);
    try {
      const response = await wiring.app.request(`/api/v1/webhooks/deliveries/${asked.id}/replay`, {
        method: "POST",
        headers: { authorization: "Bearer replay-admin" },
      });
      expect(response.status).toBe(202);
      const deadline = Date.now() + 10_000;
      while ((await listFailedDeliveries(runtime, "replays")).length > 0) {
        if (Date.now() > deadline) throw new Error("the replays were not sent");
        await new Promise((done) => setTimeout(done, 20));
      }
    } finally {
      await pipeline.stop();
    }
    const sent = receiver.received.slice(before);
    expect(sent.map((request) => request.body).sort()).toEqual(['{"n":1}', '{"n":2}']);
    for (const request of sent)
      expect(verifyWebhook(request.body, request.headers, secret)).toBe(true);
  });
});

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
