import { createHash, randomBytes } from "node:crypto";
import type { ViewStore } from "@termline/store";
import { LRUCache } from "lru-cache";
import type { Principal, Role, TokenRegistry } from "./auth.ts";

/**
 * On AWS, tokens live hashed in the views table: a leaked table gives no usable token, and a
 * token is shown once, when it is created. Lookups are cached briefly per Lambda container.
 */
const TOKENS = "_tokens";
const CACHE_MS = 60_000;
/**
 * Tokens kept per container, least recently used dropped first: unknown tokens are kept too (a
 * refusal costs no second read), so without a bound a caller trying random tokens would grow
 * the container's memory without end.
 */
const MAX_CACHED = 10_000;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const keyOf = (hash: string) => `token#${hash}`;

export function tableTokenRegistry(
  viewStore: ViewStore,
  now: () => number = Date.now,
  maxCached = MAX_CACHED,
): TokenRegistry {
  // Lookups in flight are kept too, so concurrent requests with one token read it once; a
  // lookup that fails is dropped, and the next request reads again. The age is checked here,
  // not by lru-cache's own TTL, which takes an entry set at the instant 0 for one without one.
  const cache = new LRUCache<string, { lookup: Promise<Principal | undefined>; until: number }>({
    max: maxCached,
  });
  const lookUp = async (hash: string) => {
    const item = await viewStore.getItem(TOKENS, keyOf(hash));
    return item && item.revoked !== true
      ? { tenant: String(item.tenant), role: item.role as Role, name: String(item.name) }
      : undefined;
  };
  return (token) => {
    const hash = hashToken(token);
    const cached = cache.get(hash);
    if (cached && cached.until > now()) return cached.lookup;
    const entry = { lookup: lookUp(hash), until: now() + CACHE_MS };
    cache.set(hash, entry);
    entry.lookup.catch(() => {
      if (cache.peek(hash) === entry) cache.delete(hash);
    });
    return entry.lookup;
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
