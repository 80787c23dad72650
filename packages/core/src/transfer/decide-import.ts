import { type DecisionContext, decideAppend, decideRecordAgreement } from "../agreement/decide.ts";
import { evolve } from "../agreement/evolve.ts";
import { type AgreementState, initialAgreementState } from "../agreement/state.ts";
import { RuleViolationError, TermlineError, ValidationError } from "../errors.ts";
import type { PendingEvent, StoredEvent } from "../events/envelope.ts";
import { type ExportedEvent, splitOrigin } from "./export-document.ts";

/** Folds decided events into a state as the store would number them; for imports, tests and benchmarks. */
export function applyPending(
  state: AgreementState,
  pending: PendingEvent[],
  recordedAt: string,
  recordedBy = "import",
): AgreementState {
  return pending.reduce((current, event) => {
    const stored: StoredEvent = {
      ...event,
      tenant: current.tenant,
      agreementId: current.id,
      id: `${current.id}-${current.version + 1}`,
      version: current.version + 1,
      recordedAt,
      recordedBy,
    };
    return evolve(current, stored);
  }, state);
}

/** Re-labels a decider's error paths (`events.0.holder`) as the document's (`agreements.2.events.5.holder`). */
function relabel(error: unknown, from: RegExp, to: string): never {
  if (!(error instanceof TermlineError)) throw error;
  const errors = (error.errors ?? [{ path: "", message: error.message }]).map((item) => ({
    path: item.path ? item.path.replace(from, to) : to.replace(/\.$/, ""),
    message: item.message,
  }));
  const detail = errors.map((item) => `${item.path}: ${item.message}`).join("; ");
  const Kind = error instanceof ValidationError ? ValidationError : RuleViolationError;
  throw new Kind(detail, { errors });
}

/**
 * Decides an agreement's whole history from a document, event by event, exactly as the API
 * would have decided each when it was first recorded: the first event records the agreement,
 * every later one is checked against what the earlier ones leave. Pure: nothing is written.
 */
export function decideImportedAgreement(
  tenant: string,
  agreementId: string,
  events: ExportedEvent[],
  context: DecisionContext & { path: string; recordedAt: string },
): PendingEvent[] {
  const [first, ...rest] = events.map(splitOrigin);
  if (first?.input.type !== "AgreementRecorded") {
    const message = "an agreement's first event must be AgreementRecorded";
    throw new ValidationError(`${context.path}.events.0.type: ${message}`, {
      errors: [{ path: `${context.path}.events.0.type`, message }],
    });
  }
  let state = initialAgreementState(tenant, agreementId);
  const decided: PendingEvent[] = [];
  const { type: _type, ...command } = first.input;
  try {
    const [recorded] = decideRecordAgreement(state, { ...command, id: agreementId }, context);
    if (recorded) decided.push({ ...recorded, ...(first.origin ? { origin: first.origin } : {}) });
  } catch (error) {
    relabel(error, /^/, `${context.path}.events.0.`);
  }
  state = applyPending(state, decided, context.recordedAt);
  for (const [index, { input, origin }] of rest.entries()) {
    try {
      const [event] = decideAppend(
        state,
        { expectedVersion: state.version, events: [input] },
        context,
      );
      if (!event) continue;
      const withOrigin = origin ? { ...event, origin } : event;
      decided.push(withOrigin);
      state = applyPending(state, [withOrigin], context.recordedAt);
    } catch (error) {
      relabel(error, /^events\.0/, `${context.path}.events.${index + 1}`);
    }
  }
  return decided;
}
