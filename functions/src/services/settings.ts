import { type AlertPolicy, AlertPolicySchema, defaultAlertPolicy } from "@termline/core";
import type { Runtime } from "./runtime.ts";

export const ALERT_POLICY = "settings#alert-policy";

export async function alertPolicyOf(runtime: Runtime, tenant: string): Promise<AlertPolicy> {
  return alertPolicyIn(await runtime.viewStore.getItem(tenant, ALERT_POLICY));
}

/** The policy its item holds; without one (or a malformed one), the default. */
export function alertPolicyIn(item: Record<string, unknown> | undefined): AlertPolicy {
  const parsed = AlertPolicySchema.safeParse({ leadDays: item?.leadDays });
  return parsed.success ? parsed.data : defaultAlertPolicy;
}

export async function saveAlertPolicy(
  runtime: Runtime,
  tenant: string,
  policy: AlertPolicy,
): Promise<void> {
  await runtime.viewStore.putItem(tenant, ALERT_POLICY, {
    leadDays: policy.leadDays,
    itemType: "settings",
  });
}

export const SOURCE_POLICY = "settings#source-policy";

export interface SourcePolicy {
  /** Every recorded change must cite at least one source. */
  requireSources: boolean;
}

export async function sourcePolicyOf(runtime: Runtime, tenant: string): Promise<SourcePolicy> {
  return sourcePolicyIn(await runtime.viewStore.getItem(tenant, SOURCE_POLICY));
}

/** The policy its item holds; without one, sources are not required. */
export const sourcePolicyIn = (item: Record<string, unknown> | undefined): SourcePolicy => ({
  requireSources: item?.requireSources === true,
});

export async function saveSourcePolicy(
  runtime: Runtime,
  tenant: string,
  policy: SourcePolicy,
): Promise<void> {
  await runtime.viewStore.putItem(tenant, SOURCE_POLICY, {
    requireSources: policy.requireSources,
    itemType: "settings",
  });
}
