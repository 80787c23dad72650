import type { AgreementState } from "@termline/core";
import type { ViewStore } from "@termline/store";
import { deadlineIndex } from "./deadline-index.ts";
import { openMatterIndex } from "./open-matter-index.ts";
import { reindexAgreement, reindexTenant, type StretchIndex } from "./stretch-index.ts";

/** The read models kept per agreement and stretch of dates: deadlines, and what is open. */
const INDEXES = [deadlineIndex, openMatterIndex] as readonly StretchIndex<unknown>[];

/**
 * Marks a tenant whose indexes by date (open matters, deadlines) were built whole: one kept
 * before the open-matters index existed has none until then (services/answers.ts,
 * `lacksReadModels`, rebuilds them on start).
 */
export const OPEN_MATTERS_MARK = "read-models#open-matters";

/**
 * What the indexes hold, by the rules that built them: a mark with an older model asks for one
 * rebuild too. 2: a question is open from the day it is raised (before, from any date). 3: a
 * deadline's items name its owner.
 */
export const OPEN_MATTERS_MODEL = 3;

/** One agreement's entries in every index, moved from `before` to `after`. Idempotent. */
export async function reindexAgreementIndexes(
  viewStore: ViewStore,
  tenant: string,
  change: { before: AgreementState | undefined; after: AgreementState },
): Promise<void> {
  await Promise.all(INDEXES.map((index) => reindexAgreement(viewStore, tenant, index, change)));
}

/** The whole tenant's indexes from its snapshots: for rebuilds and imports. */
export async function reindexTenantIndexes(viewStore: ViewStore, tenant: string): Promise<void> {
  await reindexTenant(viewStore, tenant, INDEXES);
  await viewStore.putItem(tenant, OPEN_MATTERS_MARK, {
    itemType: "read-model",
    model: OPEN_MATTERS_MODEL,
  });
}
