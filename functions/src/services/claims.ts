import type { Runtime } from "./runtime.ts";

/**
 * Work to be done once per key (an alert, a webhook delivery). A conditional put claims it
 * before the work starts, so concurrent workers cannot both do it. A claim still at its working
 * status long after (its worker died mid-way) is taken over, conditionally on being that same
 * stale claim, so only one taker wins: at least once beats at most once, and consumers
 * dedupe by id.
 */
export interface ClaimKind {
  prefix: string;
  itemType: string;
  /** The status a claim has while its work is under way, e.g. "claimed" or "sending". */
  working: string;
  staleAfterMs: number;
  /** Set for claims that may expire by TTL once no redelivery can come. */
  keepForSeconds?: number;
}

export type ClaimOutcome = { claimed: true } | { claimed: false; status: string };

export interface Claims {
  claim(tenant: string, id: string): Promise<ClaimOutcome>;
  /** Records how the work ended (e.g. "published", "delivered", "failed"). */
  mark(tenant: string, id: string, status: string): Promise<void>;
  /** Gives the work back, for the next worker to try. */
  release(tenant: string, id: string): Promise<void>;
}

export function claimsOf(runtime: Runtime, kind: ClaimKind): Claims {
  const key = (id: string) => `${kind.prefix}${id}`;
  const record = (id: string, status: string) => {
    const now = runtime.clock();
    const expiry =
      kind.keepForSeconds === undefined
        ? {}
        : { expiresAt: Math.floor(now.getTime() / 1000) + kind.keepForSeconds };
    return { itemType: kind.itemType, id, status, at: now.toISOString(), ...expiry };
  };
  return {
    async claim(tenant, id) {
      const { viewStore } = runtime;
      if (await viewStore.putItem(tenant, key(id), record(id, kind.working), { ifAbsent: true }))
        return { claimed: true };
      const existing = await viewStore.getItem(tenant, key(id));
      const status = String(existing?.status);
      const at = String(existing?.at);
      const stale =
        status === kind.working && runtime.clock().getTime() - Date.parse(at) > kind.staleAfterMs;
      if (
        stale &&
        (await viewStore.putItem(tenant, key(id), record(id, kind.working), {
          ifUnchanged: { status, at },
        }))
      ) {
        return { claimed: true };
      }
      return { claimed: false, status };
    },
    async mark(tenant, id, status) {
      await runtime.viewStore.putItem(tenant, key(id), record(id, status));
    },
    async release(tenant, id) {
      await runtime.viewStore.deleteItem(tenant, key(id));
    },
  };
}
