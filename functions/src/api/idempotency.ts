import { createHash } from "node:crypto";
import type { IdempotencyRequest } from "@termline/store";
import type { Context } from "hono";
import type { AuthEnv } from "./auth.ts";

/** The key names the request: method, path and body. A same key for another request is refused by the store. */
export function idempotencyOf(
  c: Context<AuthEnv>,
  body: unknown,
  scope = "",
): IdempotencyRequest | undefined {
  const key = c.req.header("idempotency-key");
  if (!key) return undefined;
  const requestHash = createHash("sha256")
    .update(`${c.req.method} ${c.req.path} ${scope} ${JSON.stringify(body)}`)
    .digest("hex");
  return { key, requestHash };
}
