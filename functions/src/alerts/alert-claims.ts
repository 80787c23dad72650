import type { Runtime } from "../services/runtime.ts";

/**
 * Each alert is claimed with a conditional put before it is published, so two overlapping runs
 * cannot both send it. A claim still "claimed" long after (the run died between claim and
 * publish) is taken over by the next run: at least once, and consumers dedupe by alert id.
 */
const STALE_AFTER_MS = 15 * 60 * 1000;
const key = (alertId: string) => `alert#${alertId}`;

export async function claimAlert(
  runtime: Runtime,
  tenant: string,
  alertId: string,
): Promise<boolean> {
  return runtime.viewStore.putItem(
    tenant,
    key(alertId),
    { itemType: "alert", alertId, status: "claimed", claimedAt: runtime.clock().toISOString() },
    { ifAbsent: true },
  );
}

export function claimOf(runtime: Runtime, tenant: string, alertId: string) {
  return runtime.viewStore.getItem(tenant, key(alertId));
}

export async function markPublished(
  runtime: Runtime,
  tenant: string,
  alertId: string,
): Promise<void> {
  await runtime.viewStore.putItem(tenant, key(alertId), {
    itemType: "alert",
    alertId,
    status: "published",
    publishedAt: runtime.clock().toISOString(),
  });
}

export async function releaseClaim(
  runtime: Runtime,
  tenant: string,
  alertId: string,
): Promise<void> {
  await runtime.viewStore.deleteItem(tenant, key(alertId));
}

/** Claims left behind by a run that died before publishing. */
export async function staleClaims(runtime: Runtime, tenant: string): Promise<string[]> {
  const cutoff = new Date(runtime.clock().getTime() - STALE_AFTER_MS).toISOString();
  const claims = await runtime.viewStore.listItems(tenant, "alert#");
  return claims
    .filter((claim) => claim.status === "claimed" && String(claim.claimedAt) < cutoff)
    .map((claim) => String(claim.alertId));
}
