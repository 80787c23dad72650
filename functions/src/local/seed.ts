import { referenceCase } from "@termline/core";
import { appendEvents, recordAgreement } from "../services/agreements.ts";
import type { Runtime } from "../services/runtime.ts";

export const SEED_ACTOR = "reference-seed";

/**
 * Loads the reference case into a tenant that has no agreements yet, through the same
 * decide-and-append path as any user's change. Returns how many events it recorded.
 */
export async function seedReferenceCase(runtime: Runtime, tenant: string): Promise<number> {
  const existing = await runtime.viewStore.listViews(tenant, "agreement#");
  if (existing.length > 0) return 0;
  const actor = { tenant, name: SEED_ACTOR };
  let recorded = 0;
  for (const { agreement, commits } of referenceCase) {
    const created = await recordAgreement(runtime, actor, agreement);
    let version = created.version;
    recorded += created.events.length;
    for (const events of commits) {
      const outcome = await appendEvents(runtime, actor, agreement.id, {
        expectedVersion: version,
        events,
      });
      version = outcome.version;
      recorded += outcome.events.length;
    }
  }
  return recorded;
}
