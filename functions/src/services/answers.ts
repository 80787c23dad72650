import type { StoredEvent } from "@termline/core";
import { AGREEMENT_VIEW_PREFIX, LISTING_PREFIX } from "../projector/agreement-keys.ts";
import {
  ANSWER_PREFIX,
  type AnswerScope,
  answerScopeOf,
  refreshAnswers,
} from "../projector/answer-projection.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Right after a commit, the answers it may change are recomputed, so the person who recorded a
 * change asks about it and sees it. The stream projector does the same and is the path that
 * guarantees it, so a failure here is logged, not the request's.
 */
export async function refreshAnswersAfter(
  runtime: Runtime,
  tenant: string,
  events: StoredEvent[],
): Promise<void> {
  const scope = answerScopeOf(events);
  if (scope) await refreshQuietly(runtime, tenant, scope);
}

/** Every answer of the tenant, once, after a batch of commits (an import). */
export const refreshAllAnswers = (runtime: Runtime, tenant: string) =>
  refreshQuietly(runtime, tenant, "all");

async function refreshQuietly(runtime: Runtime, tenant: string, scope: AnswerScope) {
  try {
    await refreshAnswers(runtime.viewStore, tenant, scope, runtime);
  } catch (error) {
    console.warn("answers not refreshed here; the stream projector will", error);
  }
}

/**
 * Data kept from before the read models (answers, listings) were: whether the tenant has
 * agreements or a catalog but none of the read models, and so needs one rebuild.
 */
export async function lacksReadModels(runtime: Runtime, tenant: string): Promise<boolean> {
  const [answers, listings] = await Promise.all([
    runtime.viewStore.listViews(tenant, ANSWER_PREFIX),
    runtime.viewStore.listViews(tenant, LISTING_PREFIX),
  ]);
  if (answers.length > 0 && listings.length > 0) return false;
  const snapshots = await runtime.viewStore.listViews(tenant, AGREEMENT_VIEW_PREFIX);
  return snapshots.length > 0 && (answers.length === 0 || listings.length === 0);
}
