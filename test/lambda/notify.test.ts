import { createHmac, randomUUID } from "node:crypto";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent, EventBridgeEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../functions/src/api/token-registry.ts";
import { saveFailedDelivery } from "../../functions/src/notify/failed-deliveries.ts";
import type { NotifyResult } from "../../functions/src/notify/notify.ts";
import type { Runtime } from "../../functions/src/services/runtime.ts";
import { createWebhook, type WebhookWithSecret } from "../../functions/src/services/webhooks.ts";
import { readStreamRecords as readStream } from "../support/stream-records.ts";
import {
  type WebhookReceiver as Receiver,
  startWebhookReceiver as startReceiver,
} from "../support/webhook-receiver.ts";
import { busEvent, streamEvent } from "./support/events.ts";
import {
  agreementInput,
  givenCatalogOf,
  type HttpHandler,
  invokeHttp,
  trancheEvent,
} from "./support/http.ts";
import { type LambdaEnv, setUpLambdaEnv } from "./support/lambda-env.ts";

let env: LambdaEnv;
let receiver: Receiver;
let webhook: WebhookWithSecret;
let api: HttpHandler;
let publisher: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
let notify: (event: EventBridgeEvent<string, unknown>) => Promise<NotifyResult>;

beforeAll(async () => {
  [env, receiver] = await Promise.all([
    setUpLambdaEnv("lambda-notify", ["api", "publisher", "notify"]),
    startReceiver(),
  ]);
  const { eventStore, viewStore } = env.tables;
  await givenCatalogOf(viewStore, "acme");
  const runtime: Runtime = { eventStore, viewStore, clock: () => new Date(), newId: randomUUID };
  webhook = await createWebhook(runtime, "acme", {
    url: receiver.url,
    events: ["InvestmentTrancheCommitted"],
  });
  // Another tenant's subscription to everything must never see acme's events.
  await createWebhook(runtime, "beta", { url: `${receiver.url}/beta`, events: ["*"] });
  api = await env.load("api");
  publisher = await env.load("publisher");
  notify = await env.load("notify");
});
afterAll(async () => {
  await Promise.all([env?.close(), receiver?.close()]);
});

const verify = (secret: string, header: string, body: string) => {
  const { t, v1 } = Object.fromEntries(header.split(",").map((part) => part.split("=", 2)));
  return v1 === createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
};

describe("the notify bundle, on the bus events the publisher bundle put", () => {
  it("delivers a subscribed event once, signed, to the tenant's webhook only", async () => {
    const editor = await createToken(
      env.tables.viewStore,
      { tenant: "acme", role: "editor", name: "Edie" },
      new Date(),
    );
    for (const [url, body] of [
      ["/api/v1/agreements", agreementInput("acme-cloud")],
      [
        "/api/v1/agreements/acme-cloud/events",
        { expectedVersion: 1, events: [trancheEvent("2030-06-30")] },
      ],
    ] as const) {
      const reply = await invokeHttp(api, "POST", url, { token: editor, body });
      expect(reply.status, reply.text).toBe(201);
    }
    const records = await readStream(env.tables.endpoint, env.tables.names.events);
    expect(await publisher(streamEvent(records))).toEqual({ batchItemFailures: [] });
    const events = env.eventBridge.accepted.map((entry) => busEvent(entry));
    expect(events.map((event) => event["detail-type"])).toEqual([
      "AgreementRecorded",
      "InvestmentTrancheCommitted",
    ]);

    const results = [];
    for (const event of events) results.push(await notify(event));
    const ids = events.map((event) => (event.detail as { id: string }).id);
    expect(
      results.map(({ eventId, delivered, failed }) => ({ eventId, delivered, failed })),
    ).toEqual([
      { eventId: ids[0], delivered: [], failed: [] },
      { eventId: ids[1], delivered: [webhook.id], failed: [] },
    ]);

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const tranche = events[1];
    const detail = tranche?.detail as { id: string };
    expect(request?.path).toBe("/hooks/termline");
    expect(request?.headers["termline-event-id"]).toBe(detail.id);
    expect(request?.headers["termline-event-type"]).toBe("InvestmentTrancheCommitted");
    const signature = String(request?.headers["termline-signature"]);
    expect(verify(webhook.secret, signature, request?.body ?? "")).toBe(true);
    expect(JSON.parse(request?.body ?? "{}")).toEqual({
      id: detail.id,
      type: "InvestmentTrancheCommitted",
      time: tranche?.time,
      tenant: "acme",
      detail,
    });
  });

  it("does not deliver a bus event twice when EventBridge redelivers it", async () => {
    const tranche = env.eventBridge.accepted.map((entry) => busEvent(entry))[1];
    if (!tranche) throw new Error("the first test publishes the tranche");
    const again = await notify(tranche);
    expect(again).toMatchObject({ delivered: [], duplicates: [webhook.id], failed: [] });
    expect(receiver.received).toHaveLength(1);
  });

  it("replays a failed delivery: the API bundle puts the request on the bus, Notify's sends it", async () => {
    const { eventStore, viewStore } = env.tables;
    const runtime: Runtime = { eventStore, viewStore, clock: () => new Date(), newId: randomUUID };
    const admin = await createToken(
      viewStore,
      { tenant: "acme", role: "admin", name: "Ada" },
      new Date(),
    );
    const message = { eventId: "evt-replay", eventType: "NoteAdded", body: '{"replayed":1}' };
    const failure = await saveFailedDelivery(runtime, "acme", webhook.id, message, {
      attempts: 4,
      lastError: "HTTP 502",
    });
    const path = `/api/v1/webhooks/deliveries/${failure.id}/replay`;

    // EventBridge refusing the entry: a 503, and nothing is left queued.
    env.eventBridge.reject = (entry) => entry.DetailType === "WebhookReplayRequested";
    const refused = await invokeHttp(api, "POST", path, { token: admin });
    expect(refused.status).toBe(503);
    expect(refused.headers["content-type"]).toBe("application/problem+json");
    expect(await viewStore.getItem("acme", `delivery-failed#${failure.id}`)).not.toHaveProperty(
      "replayRequestId",
    );
    env.eventBridge.reject = () => false;

    const acceptedBefore = env.eventBridge.accepted.length;
    const queued = await invokeHttp(api, "POST", path, { token: admin });
    expect(queued.status, queued.text).toBe(202);
    expect(queued.json).toMatchObject({ id: failure.id, state: "replay-queued" });
    const entries = env.eventBridge.accepted.slice(acceptedBefore);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      EventBusName: env.busName,
      Source: "termline",
      DetailType: "WebhookReplayRequested",
    });

    const receivedBefore = receiver.received.length;
    const result = await notify(busEvent(entries[0] ?? {}));
    expect(result).toMatchObject({ delivered: [webhook.id], failed: [] });
    expect(receiver.received).toHaveLength(receivedBefore + 1);
    const sent = receiver.received.at(-1);
    expect(sent?.body).toBe('{"replayed":1}');
    expect(
      verify(webhook.secret, String(sent?.headers["termline-signature"]), '{"replayed":1}'),
    ).toBe(true);
    const list = await invokeHttp(api, "GET", "/api/v1/webhooks/deliveries/failed", {
      token: admin,
    });
    expect(list.json).toEqual({ deliveries: [] });
  });
});
