import { type AgreementState, evolve, type StoredEvent } from "@termline/core";
import type { Transition } from "@termline/store";
import { writeLines } from "../projector/history-projection.ts";
import type { Runtime } from "./runtime.ts";

/**
 * Right after a commit, its lines are written to the tenant's history, so whoever recorded a
 * change finds it there at once. The stream projector writes the same lines and is the path
 * that guarantees them, so a failure here is logged, not the request's.
 */
export async function writeHistoryAfter(
  runtime: Runtime,
  tenant: string,
  before: AgreementState,
  events: StoredEvent[],
): Promise<void> {
  const transitions = transitionsOf(before, events);
  // A state folded from the log (a correction's) names the entries it supersedes.
  const log = before.log ? [...before.log, ...events] : undefined;
  try {
    await writeLines(runtime.viewStore, tenant, transitions, log);
  } catch (error) {
    console.warn("history not written here; the stream projector will", error);
  }
}

/** Each event with the state just before and just after it. */
export function transitionsOf(
  before: AgreementState,
  events: StoredEvent[],
): Transition<AgreementState>[] {
  const transitions: Transition<AgreementState>[] = [];
  let state = before;
  for (const event of events) {
    const after = evolve(state, event);
    transitions.push({ event, before: state, after });
    state = after;
  }
  return transitions;
}
