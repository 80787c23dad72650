import { createHmac, randomBytes } from "node:crypto";
import type { WebhookMessage } from "./payloads.ts";

/**
 * Requests are signed as Standard Webhooks (standardwebhooks.com) specifies, so receivers can
 * use a ready-made verifier: `webhook-id` (the event's id, the same on every retry),
 * `webhook-timestamp` (Unix seconds at sending) and `webhook-signature: v1,<base64 HMAC-SHA256
 * of "<id>.<timestamp>.<body>">`, keyed with the bytes the `whsec_…` secret encodes in base64.
 */
export const WEBHOOK_ID = "webhook-id";
export const WEBHOOK_TIMESTAMP = "webhook-timestamp";
export const WEBHOOK_SIGNATURE = "webhook-signature";
/** The first scheme, kept beside the standard one so receivers written against it go on working. */
export const LEGACY_SIGNATURE_HEADER = "Termline-Signature";

/** 256 random bits in the Standard Webhooks form: `whsec_` and standard base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** Node's base64 decoder also reads base64url, so secrets issued in that alphabet sign the same. */
const keyOf = (secret: string) => Buffer.from(secret.replace(/^whsec_/, ""), "base64");

export function standardSignature(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`, "utf8");
  return `v1,${mac.digest("base64")}`;
}

/** Hex HMAC-SHA256 of `<t>.<raw body>` keyed with the whole secret string (the first scheme). */
export function legacySignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8");
  return `t=${timestamp},v1=${mac.digest("hex")}`;
}

/** The signing headers of one request; signed at send time, so a retry carries a fresh timestamp. */
export function signedHeaders(
  secret: string,
  message: Pick<WebhookMessage, "eventId" | "body">,
  at: Date,
): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    [WEBHOOK_ID]: message.eventId,
    [WEBHOOK_TIMESTAMP]: String(timestamp),
    [WEBHOOK_SIGNATURE]: standardSignature(secret, message.eventId, timestamp, message.body),
    [LEGACY_SIGNATURE_HEADER]: legacySignature(secret, timestamp, message.body),
  };
}
