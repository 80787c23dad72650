import { decideAppend, decideRecordAgreement } from "../agreement/decide.ts";
import { evolve } from "../agreement/evolve.ts";
import { type AgreementState, initialAgreementState } from "../agreement/state.ts";
import type { PendingEvent, StoredEvent } from "../events/envelope.ts";
import type { ReferenceAgreement } from "../reference-case/reference-agreement.ts";

/**
 * Runs agreements through the real decider and fold with no store: for core tests and
 * benchmarks that need the reference case as states. The store-backed path is tested apart.
 */
export function commit(
  state: AgreementState,
  pending: PendingEvent[],
  recordedAt: string,
): AgreementState {
  return pending.reduce((current, event) => {
    const stored: StoredEvent = {
      ...event,
      tenant: current.tenant,
      agreementId: current.id,
      id: `${current.id}-${current.version + 1}`,
      version: current.version + 1,
      recordedAt,
      recordedBy: "test",
    };
    return evolve(current, stored);
  }, state);
}

export function foldReference(
  agreements: ReferenceAgreement[],
  tenant = "test",
  recordedAt = "2026-11-01T00:00:00.000Z",
): AgreementState[] {
  const context = { today: recordedAt.slice(0, 10) };
  return agreements.map(({ agreement, commits }) => {
    let state = initialAgreementState(tenant, agreement.id);
    state = commit(state, decideRecordAgreement(state, agreement, context), recordedAt);
    for (const events of commits) {
      state = commit(
        state,
        decideAppend(state, { expectedVersion: state.version, events }, context),
        recordedAt,
      );
    }
    return state;
  });
}
