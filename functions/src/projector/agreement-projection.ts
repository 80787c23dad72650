import {
  type AgreementState,
  evolve,
  initialAgreementState,
  type StoredEvent,
} from "@termline/core";
import { createProjector, type EventStore, type ViewStore } from "@termline/store";

export const agreementViewKey = (agreementId: string) => `agreement#${agreementId}`;
export const AGREEMENT_VIEW_PREFIX = "agreement#";

/** The projection of each agreement's stream: its whole temporal state, as `evolve` folds it. */
export function evolveAgreement(state: AgreementState, event: StoredEvent): AgreementState {
  // The projector starts from one blank state for every stream; the first event names it.
  const named =
    state.version === 0 ? initialAgreementState(event.tenant, event.agreementId) : state;
  return evolve(named, event);
}

export function createAgreementProjector(stores: { eventStore: EventStore; viewStore: ViewStore }) {
  return createProjector<AgreementState>({
    ...stores,
    viewKey: agreementViewKey,
    initialState: () => initialAgreementState("", ""),
    evolve: evolveAgreement,
  });
}
