import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "Termline-Signature";

/** Hex HMAC-SHA256 of `<t>.<raw body>`: the timestamp is signed so a replayed request ages out. */
export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** `t=<unix seconds>,v1=<hex>`; a new scheme would add `v2=` beside `v1=` so receivers can move over. */
export function signatureHeader(secret: string, body: string, at: Date): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  return `t=${timestamp},v1=${sign(secret, timestamp, body)}`;
}
