import { readFileSync } from "node:fs";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notify } from "../../functions/src/notify/notify.ts";
import { newWebhookSecret, signedHeaders } from "../../functions/src/notify/signature.ts";
import { busEvent, noteAdded, testRuntime } from "../../functions/src/notify/test-fixtures.ts";
import { createWebhook } from "../../functions/src/services/webhooks.ts";
import { createTestTables, type TestTables } from "../support/dynamo.ts";
import {
  startWebhookReceiver,
  verifyWebhook,
  type WebhookReceiver,
} from "../support/webhook-receiver.ts";

/** Receivers verify Termline's requests with a ready-made Standard Webhooks verifier. */
let t: TestTables;
let receiver: WebhookReceiver;

beforeAll(async () => {
  t = await createTestTables("standard-webhooks");
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.drop();
});

/** Header values as a plain map, the shape the package takes. */
const asStrings = (headers: Record<string, string | string[] | undefined>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));

/** What the docs tell holders of a base64url secret (issued before the standard) to do. */
const inStandardBase64 = (secret: string) =>
  `whsec_${secret.slice("whsec_".length).replaceAll("-", "+").replaceAll("_", "/")}`;

describe("Standard Webhooks signatures", () => {
  it("verify with the standardwebhooks package on a real delivery, and fail when tampered with", async () => {
    const runtime = testRuntime(t);
    const { secret } = await createWebhook(runtime, "acme", { url: receiver.url, events: ["*"] });
    const detail = noteAdded();
    const result = await notify(runtime, busEvent("NoteAdded", detail), { log: () => {} });
    expect(result.delivered).toHaveLength(1);
    const [request] = receiver.received;
    const headers = asStrings(request?.headers ?? {});
    const body = String(request?.body);

    const verifier = new Webhook(inStandardBase64(secret));
    expect(verifier.verify(body, headers)).toEqual(JSON.parse(body));
    expect(headers["webhook-id"]).toBe(detail.id);
    expect(() => verifier.verify(`${body} `, headers)).toThrow(WebhookVerificationError);
    expect(() => verifier.verify(body, { ...headers, "webhook-id": "evt-forged" })).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow(
      WebhookVerificationError,
    );
  });

  it("new secrets are whsec_ and standard base64 of 32 bytes, taken by the package as they are", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    const body = JSON.stringify({ id: "evt-1", type: "NoteAdded" });
    const headers = signedHeaders(secret, { eventId: "evt-1", body }, new Date());
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(verifyWebhook(body, headers, secret)).toBe(true);
    // The package's own signature is the one Termline sends.
    const at = new Date(Number(headers["webhook-timestamp"]) * 1000);
    expect(new Webhook(secret).sign("evt-1", at, body)).toBe(headers["webhook-signature"]);
  });

  it("the verifier the docs print is the one the tests run", () => {
    const docs = readFileSync("docs/webhooks.md", "utf8");
    const block = [...docs.matchAll(/```ts\n([\s\S]*?)```/g)]
      .map((match) => String(match[1]))
      .find((code) => code.includes("export function verifyWebhook("));
    const copy = readFileSync("test/support/webhook-receiver.ts", "utf8");
    const copied = copy.slice(copy.indexOf("const TOLERANCE_SECONDS"));
    expect(block).toBeDefined();
    expect(block?.slice(block.indexOf("const TOLERANCE_SECONDS")).trim()).toBe(copied.trim());
    expect(block).toContain('import { createHmac, timingSafeEqual } from "node:crypto";');
  });
});
