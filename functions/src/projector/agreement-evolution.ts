import {
  type AgreementState,
  evolve,
  initialAgreementState,
  type StoredEvent,
} from "@termline/core";

/** The projection of each agreement's stream: its whole temporal state, as `evolve` folds it. */
export function evolveAgreement(state: AgreementState, event: StoredEvent): AgreementState {
  // The projector starts from one blank state for every stream; the first event names it.
  const named =
    state.version === 0 ? initialAgreementState(event.tenant, event.agreementId) : state;
  return evolve(named, event);
}
