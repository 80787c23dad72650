import { createHash, randomBytes } from "node:crypto";
import type { ViewStore } from "@termline/store";
import type { Principal, Role, TokenRegistry } from "./auth.ts";

/**
 * On AWS, tokens live hashed in the views table: a leaked table gives no usable token, and a
 * token is shown once, when it is created. Lookups are cached briefly per Lambda container.
 */
const TOKENS = "_tokens";
const CACHE_MS = 60_000;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const keyOf = (hash: string) => `token#${hash}`;

export function tableTokenRegistry(
  viewStore: ViewStore,
  now: () => number = Date.now,
): TokenRegistry {
  const cache = new Map<string, { principal: Principal | undefined; until: number }>();
  return async (token) => {
    const hash = hashToken(token);
    const cached = cache.get(hash);
    if (cached && cached.until > now()) return cached.principal;
    const item = await viewStore.getItem(TOKENS, keyOf(hash));
    const principal =
      item && item.revoked !== true
        ? { tenant: String(item.tenant), role: item.role as Role, name: String(item.name) }
        : undefined;
    cache.set(hash, { principal, until: now() + CACHE_MS });
    return principal;
  };
}

/** Creates a token for a tenant and returns it: the only time it is ever seen in plain text. */
export async function createToken(
  viewStore: ViewStore,
  principal: Principal,
  createdAt: Date,
): Promise<string> {
  const token = `tl_${randomBytes(24).toString("base64url")}`;
  await viewStore.putItem(
    TOKENS,
    keyOf(hashToken(token)),
    { ...principal, createdAt: createdAt.toISOString(), itemType: "token" },
    { ifAbsent: true },
  );
  return token;
}

/** Revoking keeps the record (who had access, and when) and refuses the token from then on. */
export async function revokeToken(
  viewStore: ViewStore,
  token: string,
  revokedAt: Date,
): Promise<boolean> {
  const item = await viewStore.getItem(TOKENS, keyOf(hashToken(token)));
  if (!item) return false;
  await viewStore.putItem(TOKENS, keyOf(hashToken(token)), {
    ...item,
    revoked: true,
    revokedAt: revokedAt.toISOString(),
  });
  return true;
}
