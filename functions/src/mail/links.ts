import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import * as z from "zod";
import type { Runtime } from "../services/runtime.ts";

/**
 * The links in an e-mail act without a token (the reader is not signed in), so each carries
 * what it may do, signed with a key of its tenant's. The key is made on first use and kept in
 * the views table: nothing to configure, and rotating it (deleting the item) voids every link.
 */
export const LinkPayload = z.discriminatedUnion("do", [
  z.object({
    do: z.literal("unsubscribe"),
    tenant: z.string(),
    person: z.string(),
  }),
  z.object({
    do: z.literal("acknowledge"),
    tenant: z.string(),
    person: z.string(),
    agreementId: z.string(),
    deadlineId: z.string(),
    /** The deadline's date when the mail was sent: a link for a date since moved acknowledges nothing. */
    date: z.string(),
    /** Unix seconds after which the link no longer works. */
    expires: z.number().int(),
    /** Makes the link single-use: its first use is recorded under this nonce. */
    nonce: z.string(),
  }),
]);
export type LinkPayload = z.infer<typeof LinkPayload>;

export class LinkRefused extends Error {}

const KEY = "settings#mail-link-key";
const encode = (value: string | Buffer) => Buffer.from(value).toString("base64url");

async function keyOf(runtime: Runtime, tenant: string): Promise<Buffer> {
  const existing = await runtime.viewStore.getItem(tenant, KEY);
  if (typeof existing?.key === "string") return Buffer.from(existing.key, "base64url");
  const key = randomBytes(32).toString("base64url");
  // Two first uses at once: one key wins and both read it back.
  await runtime.viewStore.putItem(tenant, KEY, { key, itemType: "settings" }, { ifAbsent: true });
  const stored = await runtime.viewStore.getItem(tenant, KEY);
  return Buffer.from(String(stored?.key), "base64url");
}

const mac = (key: Buffer, body: string) => createHmac("sha256", key).update(body).digest();

export async function signLink(runtime: Runtime, payload: LinkPayload): Promise<string> {
  const body = encode(JSON.stringify(payload));
  return `${body}.${encode(mac(await keyOf(runtime, payload.tenant), body))}`;
}

/** The payload of a link this tenant signed, or LinkRefused (tampered, unknown, or expired). */
export async function verifyLink(runtime: Runtime, token: string): Promise<LinkPayload> {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) throw new LinkRefused("This link is not valid.");
  let payload: LinkPayload;
  try {
    payload = LinkPayload.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw new LinkRefused("This link is not valid.");
  }
  const expected = mac(await keyOf(runtime, payload.tenant), body);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new LinkRefused("This link is not valid.");
  if (payload.do === "acknowledge" && runtime.clock().getTime() / 1000 > payload.expires)
    throw new LinkRefused(
      "This link has expired. Open the deadline in Termline to acknowledge it.",
    );
  return payload;
}

/**
 * Records a single-use link's use; false if it had been used already. The record only has to
 * outlive the link, so it expires by TTL a day after the link does.
 */
export async function consumeOnce(
  runtime: Runtime,
  tenant: string,
  link: { nonce: string; expires: number },
) {
  return runtime.viewStore.putItem(
    tenant,
    `mail-link-used#${link.nonce}`,
    {
      itemType: "mail-link-used",
      at: runtime.clock().toISOString(),
      expiresAt: link.expires + 86_400,
    },
    { ifAbsent: true },
  );
}

export async function releaseUse(runtime: Runtime, tenant: string, nonce: string) {
  await runtime.viewStore.deleteItem(tenant, `mail-link-used#${nonce}`);
}
