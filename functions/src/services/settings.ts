import { type AlertPolicy, AlertPolicySchema, defaultAlertPolicy } from "@termline/core";
import type { Runtime } from "./runtime.ts";

const ALERT_POLICY = "settings#alert-policy";

export async function alertPolicyOf(runtime: Runtime, tenant: string): Promise<AlertPolicy> {
  const item = await runtime.viewStore.getItem(tenant, ALERT_POLICY);
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
