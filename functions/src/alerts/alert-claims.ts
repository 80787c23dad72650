import { claimsOf } from "../services/claims.ts";
import type { Runtime } from "../services/runtime.ts";

/** Each alert is claimed before it is published; a run that died mid-way is taken over after 15 min. */
export const alertClaims = (runtime: Runtime) =>
  claimsOf(runtime, {
    prefix: "alert#",
    itemType: "alert",
    working: "claimed",
    staleAfterMs: 15 * 60 * 1000,
  });
