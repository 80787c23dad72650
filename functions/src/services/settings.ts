import {
  type AlertPolicy,
  AlertPolicySchema,
  defaultAlertPolicy,
  type Names,
  namesIn,
} from "@termline/core";
import { asView } from "@termline/store";
import { CATALOG_VIEW_KEY } from "../projector/catalog-projection.ts";
import { catalogOfView, loadCatalog } from "./catalog-reads.ts";
import { keptBriefly } from "./kept-briefly.ts";
import type { Runtime } from "./runtime.ts";

export const ALERT_POLICY = "settings#alert-policy";

export async function alertPolicyOf(runtime: Runtime, tenant: string): Promise<AlertPolicy> {
  return alertPolicyIn(await runtime.viewStore.getItem(tenant, ALERT_POLICY));
}

const keptPolicies = keptBriefly<AlertPolicy>();

/**
 * The policy a list of deadlines shows its alerts by, kept a few seconds (kept-briefly.ts): a
 * change made through another container shows within `KEPT_MAX_AGE_MS`. The alert job, which
 * sends them, reads it afresh.
 */
export async function shownAlertPolicy(runtime: Runtime, tenant: string): Promise<AlertPolicy> {
  const kept = keptPolicies.get(runtime, tenant);
  if (kept) return kept;
  const policy = await alertPolicyOf(runtime, tenant);
  keptPolicies.keep(runtime, tenant, policy);
  return policy;
}

/** The policy its item holds; without one (or a malformed one), the default. */
export function alertPolicyIn(item: Record<string, unknown> | undefined): AlertPolicy {
  const parsed = AlertPolicySchema.safeParse({ leadDays: item?.leadDays });
  return parsed.success ? parsed.data : defaultAlertPolicy;
}

/**
 * What a list of deadlines as they stand is shown with, in one BatchGetItem: the catalog's
 * names (summaries cite entries by placeholder) and the tenant's alert policy.
 */
async function deadlineSettings(runtime: Runtime, tenant: string) {
  const items = await runtime.viewStore.getItemsTogether(tenant, [CATALOG_VIEW_KEY, ALERT_POLICY]);
  const view = items.get(CATALOG_VIEW_KEY);
  return {
    names: namesIn(await catalogOfView(runtime, tenant, view && asView(view))),
    policy: alertPolicyIn(items.get(ALERT_POLICY)),
  };
}

/**
 * The catalog's names as known at `knownAt`, and the alert policy when `withPolicy`: as they
 * stand, both in one BatchGetItem.
 */
export async function namesWithPolicy(
  runtime: Runtime,
  tenant: string,
  { knownAt, withPolicy }: { knownAt?: string | undefined; withPolicy: boolean },
): Promise<{ names: Names; policy?: AlertPolicy }> {
  if (withPolicy && knownAt === undefined) return deadlineSettings(runtime, tenant);
  const [catalog, policy] = await Promise.all([
    loadCatalog(runtime, tenant, knownAt),
    withPolicy ? alertPolicyOf(runtime, tenant) : undefined,
  ]);
  return policy ? { names: namesIn(catalog), policy } : { names: namesIn(catalog) };
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
  keptPolicies.keep(runtime, tenant, policy);
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
