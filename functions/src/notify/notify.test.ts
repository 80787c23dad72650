import { DEADLINE_APPROACHING } from "@termline/core";
import { LocalBus } from "@termline/store";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestTables, type TestTables } from "../../../test/support/dynamo.ts";
import {
  startWebhookReceiver,
  verifyWebhook,
  type WebhookReceiver,
} from "../../../test/support/webhook-receiver.ts";
import { createWebhook, deleteWebhook, listWebhooks } from "../services/webhooks.ts";
import { createBackgroundNotifier } from "./background-notifier.ts";
import type { DeliveryOptions } from "./deliver.ts";
import { claimDelivery, leaseExpired } from "./delivery-markers.ts";
import { listFailedDeliveries } from "./failed-deliveries.ts";
import { leasedMarkers, notify } from "./notify.ts";
import { detailOf, messageFor } from "./payloads.ts";
import { busEvent, deadlineApproaching, noteAdded, testRuntime } from "./test-fixtures.ts";

let t: TestTables;
let receiver: WebhookReceiver;
let runtime: ReturnType<typeof testRuntime>;
const sleeps: number[] = [];
const delivery: DeliveryOptions = {
  retryBaseMs: 1,
  // Generous: a loaded machine must not turn a slow first answer into a retry.
  timeoutMs: 5_000,
  sleep: async (ms) => void sleeps.push(ms),
};
const options = { delivery, log: () => {} };

beforeAll(async () => {
  t = await createTestTables("notify");
  runtime = testRuntime(t);
});
afterAll(() => t.drop());
beforeEach(async () => {
  receiver = await startWebhookReceiver();
  sleeps.length = 0;
});
afterEach(async () => {
  await receiver.close();
  for (const tenant of ["acme", "beta"])
    for (const { id } of await listWebhooks(runtime, tenant))
      await deleteWebhook(runtime, tenant, id);
});

const subscribe = (events: string[], format: "json" | "slack" = "json", tenant = "acme") =>
  createWebhook(runtime, tenant, { url: receiver.url, events, format });
const header = (index: number, name: string) => receiver.received[index]?.headers[name];

describe("delivering bus events to webhooks", () => {
  it("signs each delivery as documented (Standard Webhooks), with the event's id and type", async () => {
    const { secret } = await subscribe(["NoteAdded"]);
    const detail = noteAdded();
    const event = busEvent("NoteAdded", detail);
    await notify(runtime, event, options);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const headers = request?.headers ?? {};
    expect(headers["webhook-id"]).toBe(detail.id);
    expect(headers["webhook-timestamp"]).toMatch(/^\d+$/);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const now = Math.floor(Date.now() / 1000);
    const body = String(request?.body);
    expect(verifyWebhook(body, headers, secret, now)).toBe(true);
    expect(verifyWebhook(`${body} `, headers, secret, now)).toBe(false);
    expect(verifyWebhook(body, { ...headers, "webhook-id": "evt-other" }, secret, now)).toBe(false);
    expect(verifyWebhook(body, headers, "whsec_b3RoZXI=", now)).toBe(false);
    expect(verifyWebhook(body, headers, secret, now + 301)).toBe(false);
    // The first scheme is still sent beside the standard one, for receivers written against it.
    expect(header(0, "termline-signature")).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(request?.method).toBe("POST");
    expect(header(0, "content-type")).toBe("application/json");
    expect(header(0, "termline-event-id")).toBe(detail.id);
    expect(header(0, "termline-event-type")).toBe("NoteAdded");
    expect(JSON.parse(String(request?.body))).toEqual({
      id: detail.id,
      type: "NoteAdded",
      time: event.time,
      tenant: "acme",
      detail,
    });
  });

  it("sends a Slack-compatible message when the subscription asks for it", async () => {
    await subscribe([DEADLINE_APPROACHING], "slack");
    const detail = deadlineApproaching();
    await notify(runtime, busEvent(DEADLINE_APPROACHING, detail), options);
    const body = JSON.parse(String(receiver.received[0]?.body));
    const text =
      ":alarm_clock: *Deadline in 30 days* (2029-06-30): Contingent tranches due — agreement `amazon-openai`";
    expect(body).toEqual({
      text,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text } },
        {
          type: "context",
          elements: [{ type: "mrkdwn", text: `Termline · tenant acme · ${detail.id}` }],
        },
      ],
    });
  });

  it("escapes Slack markup in text people wrote", async () => {
    await subscribe(["NoteAdded"], "slack");
    await notify(runtime, busEvent("NoteAdded", noteAdded()), options);
    const { text } = JSON.parse(String(receiver.received[0]?.body));
    expect(text).toContain("by alice &lt;legal&gt;");
  });

  it("retries with backoff until the receiver accepts, signing every try afresh", async () => {
    const { secret } = await subscribe(["*"]);
    receiver.reply(500, 503, 200);
    const result = await notify(runtime, busEvent("NoteAdded", noteAdded()), options);
    expect(result.delivered).toHaveLength(1);
    expect(receiver.received).toHaveLength(3);
    expect(sleeps).toEqual([1, 2]);
    for (const request of receiver.received)
      expect(verifyWebhook(request.body, request.headers, secret)).toBe(true);
    expect(await listFailedDeliveries(runtime, "acme")).toEqual([]);
  });

  it("gives up on a receiver that does not answer in time, and keeps the delivery", async () => {
    const webhook = await subscribe(["*"]);
    receiver.reply("hang", "hang", "hang", "hang");
    const detail = noteAdded();
    const result = await notify(runtime, busEvent("NoteAdded", detail), {
      ...options,
      delivery: { ...delivery, timeoutMs: 100 },
    });
    expect(result.failed).toMatchObject([{ subscriptionId: webhook.id }]);
    expect(receiver.received).toHaveLength(4);
    const kept = (await listFailedDeliveries(runtime, "acme")).find((f) => f.eventId === detail.id);
    expect(kept).toMatchObject({ attempts: 4, lastError: "no response within 100 ms" });
  });

  it("does not retry a request the receiver refuses (4xx), and keeps it for replay", async () => {
    const webhook = await subscribe(["*"]);
    receiver.reply(410);
    const detail = noteAdded();
    await notify(runtime, busEvent("NoteAdded", detail), options);
    expect(receiver.received).toHaveLength(1);
    const kept = (await listFailedDeliveries(runtime, "acme")).find((f) => f.eventId === detail.id);
    expect(kept).toMatchObject({
      subscriptionId: webhook.id,
      eventType: "NoteAdded",
      attempts: 1,
      lastError: "HTTP 410",
      payload: receiver.received[0]?.body,
    });
    expect(kept?.lastError).not.toContain("internal details");
  });

  it("never follows a redirect (it could lead inside the network), and keeps the delivery", async () => {
    await subscribe(["*"]);
    receiver.reply(307);
    const detail = noteAdded();
    await notify(runtime, busEvent("NoteAdded", detail), options);
    expect(receiver.received).toHaveLength(1);
    const kept = (await listFailedDeliveries(runtime, "acme")).find((f) => f.eventId === detail.id);
    expect(kept).toMatchObject({ attempts: 1, lastError: "HTTP 307" });
  });

  it("delivers an event the bus redelivers only once per subscription", async () => {
    await subscribe(["*"]);
    const detail = noteAdded();
    const first = await notify(runtime, busEvent("NoteAdded", detail), options);
    // EventBridge's redelivery is a new envelope (new id) around the same detail.
    const again = await notify(runtime, busEvent("NoteAdded", detail), options);
    expect(first.delivered).toHaveLength(1);
    expect(again).toMatchObject({ delivered: [], duplicates: first.delivered });
    expect(receiver.received).toHaveLength(1);
    // Two notifiers handling the same new event at once: the conditional put lets one send.
    const other = noteAdded();
    const racing = await Promise.all(
      [1, 2, 3].map(() => notify(runtime, busEvent("NoteAdded", other), options)),
    );
    expect(racing.flatMap((r) => r.delivered)).toHaveLength(1);
    expect(receiver.received.map((r) => r.headers["termline-event-id"])).toEqual([
      detail.id,
      other.id,
    ]);
  });

  it("sends an event whose sender died mid-retry when the bus retries it after the sender's lease", async () => {
    const webhook = await subscribe(["*"]);
    const event = busEvent("NoteAdded", noteAdded());
    const pending = {
      tenant: "acme",
      subscriptionId: webhook.id,
      message: messageFor("json", event, detailOf(event)),
    };
    // An invocation claimed it, the receiver failed, and it was killed in the retry wait.
    expect(await claimDelivery(runtime, pending, leasedMarkers(options))).toBe(true);
    const start = runtime.clock().toISOString();
    try {
      // Redelivered at once, the sender may still be at work: not sent twice.
      expect(await notify(runtime, event, options)).toMatchObject({ duplicates: [webhook.id] });
      // Lambda retries a failed asynchronous invocation a minute or more after its timeout.
      runtime.setNow(new Date(Date.parse(start) + 2 * 60_000).toISOString());
      expect(await notify(runtime, event, options)).toMatchObject({ delivered: [webhook.id] });
      expect(await notify(runtime, event, options)).toMatchObject({ duplicates: [webhook.id] });
      expect(receiver.received).toHaveLength(1);
    } finally {
      runtime.setNow(start);
    }
  });

  it("resumes a delivery a crashed run left once, though its event is redelivered meanwhile", async () => {
    const { secret, id } = await subscribe(["*"]);
    const event = busEvent("NoteAdded", noteAdded());
    const pending = {
      tenant: "acme",
      subscriptionId: id,
      message: messageFor("json", event, detailOf(event)),
    };
    const crashedRun = { owner: "crashed-run", leaseMs: 60_000, abandoned: leaseExpired };
    expect(await claimDelivery(runtime, pending, crashedRun)).toBe(true);

    const notifier = createBackgroundNotifier(runtime, options);
    const [resumed, accepted] = await Promise.all([
      notifier.resumeAbandoned(["acme", "beta"]),
      notifier.accept(event),
    ]);
    await notifier.drain();
    expect(resumed + accepted.sending.length).toBe(1);
    expect(receiver.received).toHaveLength(1);
    expect(
      verifyWebhook(
        String(receiver.received[0]?.body),
        receiver.received[0]?.headers ?? {},
        secret,
      ),
    ).toBe(true);
    // Its own deliveries are never taken for abandoned, nor sent again by a redelivery.
    expect(await notifier.resumeAbandoned(["acme"])).toBe(0);
    expect(await notifier.accept(event)).toMatchObject({ sending: [], duplicates: [id] });
  });

  it("sends each subscription only the types it asked for", async () => {
    const alerts = await subscribe([DEADLINE_APPROACHING]);
    const notes = await subscribe(["NoteAdded", "TermAmended"]);
    const everything = await subscribe(["*"]);
    const onNote = await notify(runtime, busEvent("NoteAdded", noteAdded()), options);
    const onAlert = await notify(
      runtime,
      busEvent(DEADLINE_APPROACHING, deadlineApproaching()),
      options,
    );
    expect(onNote.delivered.sort()).toEqual([notes.id, everything.id].sort());
    expect(onAlert.delivered.sort()).toEqual([alerts.id, everything.id].sort());
  });

  it("never sends one tenant's event to another tenant's webhook", async () => {
    const beta = await subscribe(["*"], "json", "beta");
    const fromAcme = await notify(runtime, busEvent("NoteAdded", noteAdded("acme")), options);
    expect(fromAcme.delivered).toEqual([]);
    expect(receiver.received).toHaveLength(0);
    const fromBeta = await notify(runtime, busEvent("NoteAdded", noteAdded("beta")), options);
    expect(fromBeta.delivered).toEqual([beta.id]);
    expect(JSON.parse(String(receiver.received[0]?.body)).tenant).toBe("beta");
  });

  it("rejects a detail that is not Termline's shape, so the bus retries and dead-letters it", async () => {
    await expect(
      notify(runtime, busEvent("NoteAdded", { id: "x", tenant: "acme" }), options),
    ).rejects.toThrow(/unreadable detail/);
    const ignored = await notify(runtime, { ...busEvent("NoteAdded", {}), source: "aws.s3" });
    expect(ignored).toMatchObject({ delivered: [], failed: [] });
  });

  it("runs as a LocalBus subscriber, as under npm start", async () => {
    const { secret } = await subscribe([DEADLINE_APPROACHING]);
    const bus = new LocalBus({ awaitDelivery: true });
    const notifier = createBackgroundNotifier(runtime, options);
    bus.subscribe("notify", notifier.accept);
    const detail = deadlineApproaching("acme", 7);
    await bus.publish([{ detailType: DEADLINE_APPROACHING, detail }]);
    await bus.publish([{ detailType: DEADLINE_APPROACHING, detail }]);
    await bus.drain();
    await notifier.drain();
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(JSON.parse(String(request?.body)).detail).toEqual(detail);
    expect(verifyWebhook(String(request?.body), request?.headers ?? {}, secret)).toBe(true);
    expect(bus.failed()).toEqual([]);
  });
});
