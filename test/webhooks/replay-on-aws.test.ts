/**
 * A replay as it runs on AWS: the API puts `WebhookReplayRequested` on EventBridge, and the
 * Notify handler's notifier opens the secret with KMS and sends. Neither service has a local
 * emulator, so their clients are mocked and the exact requests checked; the tables are
 * DynamoDB Local.
 */

import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { OpenAPIHono } from "@hono/zod-openapi";
import {
  type BusEntry,
  WEBHOOK_REPLAY_REQUESTED,
  WebhookReplayRequestedDetail,
} from "@termline/core";
import { EventBridgeBus } from "@termline/store";
import { mockClient } from "aws-sdk-client-mock";
import { requestId } from "hono/request-id";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthEnv,
  authenticate,
  parseTokens,
  registryOf,
} from "../../functions/src/api/auth.ts";
import { problemResponse, toProblem } from "../../functions/src/api/problem.ts";
import { webhookRoutes } from "../../functions/src/api/routes/webhooks.ts";
import { kmsSecretBox } from "../../functions/src/aws/secret-box.ts";
import { saveFailedDelivery } from "../../functions/src/notify/failed-deliveries.ts";
import { leasedMarkers, notify } from "../../functions/src/notify/notify.ts";
import { claimReplay } from "../../functions/src/notify/replay.ts";
import { requestReplay } from "../../functions/src/notify/replay-request.ts";
import { busEvent, testRuntime } from "../../functions/src/notify/test-fixtures.ts";
import { createWebhook } from "../../functions/src/services/webhooks.ts";
import { createTestTables, type TestTables } from "../support/dynamo.ts";
import {
  startWebhookReceiver,
  verifyWebhook,
  type WebhookReceiver,
} from "../support/webhook-receiver.ts";

const BUS = "termline-bus-test";
const KEY = "arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-aaaa-bbbb-cccc-000000000001";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const eventBridgeClient = new EventBridgeClient({ region: "eu-west-1", credentials });
const eventBridge = mockClient(eventBridgeClient);
const kmsClient = new KMSClient({ region: "eu-west-1", credentials });
const kms = mockClient(kmsClient);
const SEALED = Uint8Array.from([7, 7, 7, 250]);

let t: TestTables;
let receiver: WebhookReceiver;
let runtime: ReturnType<typeof testRuntime>;
let app: OpenAPIHono<AuthEnv>;
const options = { delivery: { maxAttempts: 1, timeoutMs: 2_000 }, log: () => {} };

beforeAll(async () => {
  t = await createTestTables("replay-aws");
  receiver = await startWebhookReceiver();
  runtime = { ...testRuntime(t), secretBox: kmsSecretBox(kmsClient, KEY) };
  const bus = new EventBridgeBus({
    client: eventBridgeClient,
    busName: BUS,
    sleep: async () => {},
  });
  app = new OpenAPIHono<AuthEnv>().basePath("/api/v1");
  app.use("*", requestId({ headerName: "X-Correlation-Id" }));
  app.use("*", authenticate(registryOf(parseTokens("admin-a:admin:acme"))));
  app.route("/", webhookRoutes(runtime, bus));
  app.onError((error, c) => problemResponse(c, toProblem(error)));
});
afterAll(async () => {
  await receiver.close();
  await t.drop();
});
beforeEach(() => {
  eventBridge.reset();
  kms.reset();
});

/** A subscription sealed with KMS, and a delivery to it that failed. */
async function failedDelivery() {
  kms.on(EncryptCommand).resolves({ CiphertextBlob: SEALED, KeyId: KEY });
  const webhook = await createWebhook(runtime, "acme", { url: receiver.url, events: ["*"] });
  const message = { eventId: `evt-${runtime.newId()}`, eventType: "NoteAdded", body: '{"n":1}' };
  const failure = await saveFailedDelivery(runtime, "acme", webhook.id, message, {
    attempts: 4,
    lastError: "HTTP 502",
  });
  kms.reset();
  return { webhook, failure };
}

const replay = (id: string) =>
  app.request(`/api/v1/webhooks/deliveries/${id}/replay`, {
    method: "POST",
    headers: { authorization: "Bearer admin-a", "x-correlation-id": "req-replay-1" },
  });
const stored = (id: string) => runtime.viewStore.getItem("acme", `delivery-failed#${id}`);
const accepted = { FailedEntryCount: 0, Entries: [{ EventId: "eb-1" }] };

describe("the API's hand-over to the notifier (EventBridge PutEvents)", () => {
  it("puts exactly one WebhookReplayRequested on the bus, and none for a second click", async () => {
    const { failure } = await failedDelivery();
    eventBridge.on(PutEventsCommand).resolves(accepted);
    const first = await replay(failure.id);
    expect(first.status).toBe(202);
    const second = await replay(failure.id);
    expect(second.status).toBe(202);
    expect(await second.json()).toMatchObject({ id: failure.id, state: "replay-queued" });

    const requestIdOnItem = (await stored(failure.id))?.replayRequestId;
    expect(requestIdOnItem).toMatch(/^rpl-/);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.Entries).toHaveLength(1);
    const [entry] = input?.Entries ?? [];
    expect({ ...entry, Detail: JSON.parse(String(entry?.Detail)) }).toEqual({
      EventBusName: BUS,
      Source: "termline",
      DetailType: "WebhookReplayRequested",
      Detail: {
        id: requestIdOnItem,
        tenant: "acme",
        deliveryId: failure.id,
        correlationId: "req-replay-1",
      },
    });
    // The API opened no secret: KMS was not called at all.
    expect(kms.calls()).toHaveLength(0);
  });

  it("answers 503 when PutEvents fails the entry (FailedEntryCount > 0), rolls back, and a retry works", async () => {
    const { failure } = await failedDelivery();
    eventBridge.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "try again" }],
    });
    const refused = await replay(failure.id);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const problem = await refused.json();
    expect(problem).toMatchObject({
      status: 503,
      type: expect.stringMatching(/service-unavailable$/),
    });
    expect(problem.detail).toMatch(/nothing was queued/);
    expect(JSON.stringify(problem)).not.toContain("InternalFailure");
    // The adapter tried the entry three times; the request mark was rolled back.
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(3);
    const after = await stored(failure.id);
    expect(after).not.toHaveProperty("replayRequestId");
    expect(after).not.toHaveProperty("replayRequestedAt");

    eventBridge.reset();
    eventBridge.on(PutEventsCommand).resolves(accepted);
    const retried = await replay(failure.id);
    expect(retried.status).toBe(202);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(1);
  });

  it("answers 503 and rolls back when the PutEvents call itself fails", async () => {
    const { failure } = await failedDelivery();
    eventBridge.on(PutEventsCommand).rejects(new Error("socket hang up"));
    expect((await replay(failure.id)).status).toBe(503);
    expect(await stored(failure.id)).not.toHaveProperty("replayRequestId");
  });
});

describe("a request lost between the API and the notifier", () => {
  it("may be asked for again after 15 minutes; the lost one, if it turns up, sends nothing", async () => {
    const { webhook, failure } = await failedDelivery();
    // The API recorded the request and died before PutEvents.
    const lost: BusEntry[] = [];
    await requestReplay(
      runtime,
      { publish: async (e) => void lost.push(...e) },
      "acme",
      failure.id,
    );
    eventBridge.on(PutEventsCommand).resolves(accepted);
    expect((await replay(failure.id)).status).toBe(202);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);

    const start = runtime.clock().getTime();
    runtime.setNow(new Date(start + 15 * 60 * 1000 + 1).toISOString());
    try {
      expect((await replay(failure.id)).status).toBe(202);
      const calls = eventBridge.commandCalls(PutEventsCommand);
      expect(calls).toHaveLength(1);
      const detail = JSON.parse(String(calls[0]?.args[0].input.Entries?.[0]?.Detail));
      expect(detail.id).not.toBe(lost[0]?.detail.id);

      kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from(webhook.secret), KeyId: KEY });
      const before = receiver.received.length;
      const old = busEvent(WEBHOOK_REPLAY_REQUESTED, lost[0]?.detail);
      expect(await notify(runtime, old, options)).toMatchObject({ delivered: [], failed: [] });
      expect(receiver.received).toHaveLength(before);
      const current = busEvent(WEBHOOK_REPLAY_REQUESTED, detail);
      expect(await notify(runtime, current, options)).toMatchObject({ delivered: [webhook.id] });
      expect(receiver.received).toHaveLength(before + 1);
    } finally {
      runtime.setNow(new Date(start).toISOString());
    }
  });
});

describe("the Notify handler's notifier on a WebhookReplayRequested event", () => {
  /** Records the request through the API's code, capturing the bus entry it publishes. */
  async function requested(id: string) {
    const entries: BusEntry[] = [];
    await requestReplay(runtime, { publish: async (e) => void entries.push(...e) }, "acme", id);
    const [entry] = entries;
    if (!entry) throw new Error("no request was published");
    return busEvent(WEBHOOK_REPLAY_REQUESTED, WebhookReplayRequestedDetail.parse(entry.detail));
  }

  it("decrypts the secret with the key and its context, sends once, signed, and deletes the delivery", async () => {
    const { webhook, failure } = await failedDelivery();
    const event = await requested(failure.id);
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from(webhook.secret), KeyId: KEY });
    const before = receiver.received.length;

    const result = await notify(runtime, event, options);
    expect(result).toEqual({
      eventId: event.detail.id,
      delivered: [webhook.id],
      duplicates: [],
      failed: [],
    });
    expect(kms.calls()).toHaveLength(1);
    expect(kms.commandCalls(DecryptCommand)[0]?.args[0].input).toEqual({
      KeyId: KEY,
      CiphertextBlob: Buffer.from(SEALED),
      EncryptionContext: { tenant: "acme", webhook: webhook.id },
    });
    expect(receiver.received).toHaveLength(before + 1);
    const sent = receiver.received.at(-1);
    expect(sent?.body).toBe('{"n":1}');
    expect(verifyWebhook(String(sent?.body), sent?.headers ?? {}, webhook.secret)).toBe(true);
    expect(await stored(failure.id)).toBeUndefined();

    // EventBridge delivers at least once: the same event again sends and decrypts nothing.
    kms.reset();
    expect(await notify(runtime, event, options)).toMatchObject({ delivered: [], failed: [] });
    expect(kms.calls()).toHaveLength(0);
    expect(receiver.received).toHaveLength(before + 1);
  });

  it("never fans the request out to subscriptions of everything", async () => {
    const { failure } = await failedDelivery();
    const event = await requested(failure.id);
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from("whsec_AAAA"), KeyId: KEY });
    const before = receiver.received.length;
    await notify(runtime, event, options);
    // Only the replayed body went out, though every subscription here wants "*".
    expect(receiver.received.slice(before).map((r) => r.body)).toEqual(['{"n":1}']);
  });

  it("keeps a failed try with its error and clears the request; that event again sends nothing", async () => {
    const { webhook, failure } = await failedDelivery();
    const event = await requested(failure.id);
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from(webhook.secret), KeyId: KEY });
    receiver.reply(500);
    const result = await notify(runtime, event, options);
    expect(result.failed).toEqual([
      { subscriptionId: webhook.id, failureId: failure.id, error: "HTTP 500" },
    ]);
    const kept = await stored(failure.id);
    expect(kept).toMatchObject({ attempts: 5, lastError: "HTTP 500" });
    for (const field of ["replayRequestId", "replayClaim", "replayLeaseUntil"])
      expect(kept).not.toHaveProperty(field);
    // That request is over: its event redelivered sends nothing.
    const before = receiver.received.length;
    await notify(runtime, event, options);
    expect(receiver.received).toHaveLength(before);
  });

  it("takes over a request whose sender died, once its lease is over, and sends it once", async () => {
    const { webhook, failure } = await failedDelivery();
    const event = await requested(failure.id);
    // A first invocation claimed it and died before sending.
    const dead = leasedMarkers(options);
    expect(await claimReplay(runtime, event.detail, dead)).toBeDefined();
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.from(webhook.secret), KeyId: KEY });
    const before = receiver.received.length;
    // Lambda's retry while the lease still runs: a live sender may hold it, so nothing is sent.
    expect(await notify(runtime, event, options)).toMatchObject({ delivered: [] });
    expect(receiver.received).toHaveLength(before);
    const start = runtime.clock().getTime();
    runtime.setNow(new Date(start + dead.leaseMs + 1).toISOString());
    try {
      expect(await notify(runtime, event, options)).toMatchObject({ delivered: [webhook.id] });
    } finally {
      runtime.setNow(new Date(start).toISOString());
    }
    expect(receiver.received).toHaveLength(before + 1);
    expect(await stored(failure.id)).toBeUndefined();
  });
});
