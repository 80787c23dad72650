/**
 * A tenant's records that change rarely and are only shown (the catalog's names, the alert
 * policy, people's names), kept a few seconds per container, so a warm read does not fetch
 * them beside what it asks.
 *
 * What that costs: a change made through another container shows here after at most
 * `KEPT_MAX_AGE_MS`; this container's own changes replace or drop what it keeps at once.
 * Nothing that decides (an id's check, a permission, a command) reads what is kept, and each
 * reader goes to DynamoDB when what is kept lacks what it looks for (an entry or a person
 * added since).
 */
import { LRUCache } from "lru-cache";
import type { Runtime } from "./runtime.ts";

export const KEPT_MAX_AGE_MS = 5_000;
/** Tenants kept per container and kind, least recently kept dropped first: a bound on memory. */
const MAX_TENANTS = 1_000;

export interface KeptBriefly<T> {
  get(runtime: Runtime, tenant: string): T | undefined;
  keep(runtime: Runtime, tenant: string, value: T): void;
  forget(runtime: Runtime, tenant: string): void;
}

/** One kind of record kept per runtime (a container; in tests, a wiring) and tenant. */
export function keptBriefly<T extends object>(): KeptBriefly<T> {
  const byRuntime = new WeakMap<Runtime, LRUCache<string, T>>();
  const keptOf = (runtime: Runtime) => {
    let kept = byRuntime.get(runtime);
    if (!kept) {
      // Ages by `performance.now()`, the container's own clock, not the runtime's, which tests
      // fix; read at each call (no `ttlResolution`), so an age is never rounded down.
      kept = new LRUCache({ max: MAX_TENANTS, ttl: KEPT_MAX_AGE_MS, ttlResolution: 0 });
      byRuntime.set(runtime, kept);
    }
    return kept;
  };
  return {
    get: (runtime, tenant) => keptOf(runtime).get(tenant),
    keep: (runtime, tenant, value) => {
      keptOf(runtime).set(tenant, value);
    },
    forget: (runtime, tenant) => {
      keptOf(runtime).delete(tenant);
    },
  };
}
