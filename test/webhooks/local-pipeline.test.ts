import { LocalBus } from "@termline/store";
import {
  type StreamHandler,
  startStreamPoller,
  viewsTableCheckpoints,
  viewsTableDeadLetters,
} from "@termline/store/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNotifier } from "../../functions/src/notify/notify.ts";
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
  bus.subscribe("notify", createNotifier(runtime, { log: () => {} }));
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
    },
    stop: async () => {
      await Promise.all([projector.stop(), publisher.stop()]);
      await bus.drain();
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
    const received = receiver.received.map((r) => String(r.headers["termline-event-id"]));
    expect(received.sort()).toEqual(ids.sort());
    for (const request of receiver.received)
      expect(verifyWebhook(request.body, request.headers, secret)).toBe(true);
    // The projector kept its own place in the stream beside the publisher's.
    expect(await t.viewStore.getView("acme", "agreement#a1")).toMatchObject({ version: 3 });
  });
});
