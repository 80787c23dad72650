import type { Runtime } from "./runtime.ts";

/** Jobs that run for every tenant (alerts) find them here; the key cannot clash with a tenant's own. */
const SYSTEM = "_system";
const PREFIX = "tenant#";

export async function registerTenant(runtime: Runtime, tenant: string): Promise<void> {
  await runtime.viewStore.putItem(SYSTEM, `${PREFIX}${tenant}`, { tenant, itemType: "tenant" });
}

export async function listTenants(runtime: Pick<Runtime, "viewStore">): Promise<string[]> {
  const items = await runtime.viewStore.listItems(SYSTEM, PREFIX);
  return items.map((item) => String(item.tenant)).sort();
}
