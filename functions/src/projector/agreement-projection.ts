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

/** One JSON line per view written, naming the request that recorded the event. */
const logProjected = (event: StoredEvent, version: number) =>
  console.log(
    JSON.stringify({
      level: "info",
      message: "projected",
      tenant: event.tenant,
      agreementId: event.agreementId,
      version,
      eventId: event.id,
      correlationId: event.correlationId,
    }),
  );

export function createAgreementProjector(
  stores: { eventStore: EventStore; viewStore: ViewStore },
  options: { log?: boolean } = {},
) {
  return createProjector<AgreementState>({
    ...stores,
    ...(options.log ? { onProjected: logProjected } : {}),
    viewKey: agreementViewKey,
    initialState: () => initialAgreementState("", ""),
    evolve: evolveAgreement,
  });
}
