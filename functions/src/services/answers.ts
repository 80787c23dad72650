import type { StoredEvent } from "@termline/core";
import { answerScopeOf, refreshAnswers } from "../projector/answer-projection.ts";
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
  if (!scope) return;
  try {
    await refreshAnswers(runtime.viewStore, tenant, scope, runtime);
  } catch (error) {
    console.warn("answers not refreshed inline; the stream projector will", error);
  }
}
