import type { Catalog, StoredEvent } from "@termline/core";
import { OPEN_MATTERS_MARK, OPEN_MATTERS_MODEL } from "../projector/agreement-indexes.ts";
import { AGREEMENT_VIEW_PREFIX, LISTING_PREFIX } from "../projector/agreement-keys.ts";
import {
  ANSWER_PERIOD_PREFIX,
  ANSWERS_MODEL,
  ANSWERS_MODEL_KEY,
} from "../projector/answer-items.ts";
import {
  type AnswerScope,
  answerScopeOf,
  recordedSpanOf,
  refreshAnswers,
  writeGrids,
} from "../projector/answer-projection.ts";
import type { RecordedSpan } from "../projector/answer-revisions.ts";
import { HISTORY_VIEW_PREFIX } from "../projector/history-projection.ts";
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
): Promise<boolean> {
  const scope = answerScopeOf(events);
  return scope ? refreshQuietly(runtime, tenant, scope, recordedSpanOf(events)) : true;
}

/**
 * After a catalog change, its answers as after any commit, but a new segment's: every product
 * on every provider, each period citing every grant in force, so at 1,000 agreements about
 * 200 MB and 40 s, past what a request may take. Those are left to the stream projector; the
 * grids are written here, so the segment is listed at once, and until its cells are written
 * its questions are evaluated from the snapshots (the model has nothing of it to serve stale).
 * `refreshed`: false when left, so the stream's mark stays behind. `updating`: whether reads
 * give answers from before the change meanwhile (never for a new segment, evaluated at read).
 */
export async function refreshCatalogAnswersAfter(
  runtime: Runtime,
  tenant: string,
  events: StoredEvent[],
  catalog: Catalog,
): Promise<{ refreshed: boolean; updating: boolean }> {
  const scope = answerScopeOf(events);
  if (typeof scope !== "object" || !("segments" in scope)) {
    const refreshed = await refreshAnswersAfter(runtime, tenant, events);
    return { refreshed, updating: !refreshed };
  }
  try {
    await writeGrids(runtime.viewStore, tenant, catalog);
  } catch (error) {
    console.warn("grids not written here; the stream projector will", error);
  }
  return { refreshed: false, updating: false };
}

/** What a write tells its caller of the answers it moves (`AnswersState` in the API's schemas). */
export type AnswersState = "current" | "updating";
export const answersState = (updating: boolean): AnswersState =>
  updating ? "updating" : "current";

/** A write's `answers` field: absent when it refreshed nothing (a dry run). */
export const answersField = ({ answersUpdating }: { answersUpdating?: boolean | undefined }) =>
  answersUpdating === undefined ? {} : { answers: answersState(answersUpdating) };

/** Every answer of the tenant, once, after a batch of commits (an import). */
export const refreshAllAnswers = (runtime: Runtime, tenant: string) =>
  refreshQuietly(runtime, tenant, "all");

/**
 * How long a request refreshes answers before it leaves the rest to the stream projector. At
 * tens of thousands of agreements a busy cell takes seconds, and a commit can move a dozen:
 * past this the request answers rather than keep its caller waiting (CloudFront gives up after
 * 30 s by default).
 * A cell already started finishes. The answers left are the previous ones until the stream's
 * refresh writes them, as after a refresh that failed here.
 */
export const INLINE_ANSWERS_MS = 5_000;

async function refreshQuietly(
  runtime: Runtime,
  tenant: string,
  scope: AnswerScope,
  recorded?: RecordedSpan,
): Promise<boolean> {
  try {
    const budgetMs = runtime.inlineAnswersMs ?? INLINE_ANSWERS_MS;
    const { left } = await refreshAnswers(runtime.viewStore, tenant, scope, runtime, {
      recorded,
      budgetMs,
    });
    if (left === 0) return true;
    console.info(
      JSON.stringify({
        level: "info",
        message: "answers left to the stream projector past the request's budget",
        tenant,
        cells: left,
        budgetMs,
      }),
    );
    return false;
  } catch (error) {
    console.warn("answers not refreshed here; the stream projector will", error);
    return false;
  }
}

/**
 * Data kept from before the read models (answers, listings, history) were, or answers from an
 * older model (`ANSWERS_MODEL`), or no open-matters index or one by older rules
 * (`OPEN_MATTERS_MODEL`): whether the tenant has agreements but not the read models as
 * this code builds them, and so needs one rebuild.
 */
export async function lacksReadModels(runtime: Runtime, tenant: string): Promise<boolean> {
  const has = async (prefix: string) =>
    (
      await runtime.viewStore.queryItems(
        tenant,
        { from: prefix, to: `${prefix}\uffff` },
        { limit: 1 },
      )
    ).items.length > 0;
  const [answers, listings, history, snapshots, mark, openMatters] = await Promise.all([
    // Answers stored before periods had items of their own count as none.
    has(ANSWER_PERIOD_PREFIX),
    has(LISTING_PREFIX),
    has(HISTORY_VIEW_PREFIX),
    has(AGREEMENT_VIEW_PREFIX),
    runtime.viewStore.getItem(tenant, ANSWERS_MODEL_KEY),
    runtime.viewStore.getItem(tenant, OPEN_MATTERS_MARK),
  ]);
  const current = Number(mark?.model ?? 0) >= ANSWERS_MODEL;
  const indexCurrent = Number(openMatters?.model ?? 1) >= OPEN_MATTERS_MODEL;
  return snapshots && !(answers && listings && history && current && openMatters && indexCurrent);
}
