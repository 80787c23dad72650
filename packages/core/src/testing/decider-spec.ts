import { expect } from "vitest";
import { decideAppend, decideRecordAgreement } from "../agreement/decide.ts";
import { type AgreementState, initialAgreementState } from "../agreement/state.ts";
import type { CalendarDate } from "../dates.ts";
import type { TermlineError } from "../errors.ts";
import type { PendingEvent } from "../events/envelope.ts";
import { commit, referenceCatalog } from "./in-memory-agreements.ts";

/**
 * Given/when/then for the decider. `given` records an agreement and appends each step as its own
 * commit (a step that is an array is one commit of several events), through the real decider and
 * fold; `when` decides a command against that state; `then` / `thenThrows` check the outcome.
 *
 *   given(grant).when(append(end)).then([{ type: "ExclusivityEnded" }]);
 */

export type EventInput = { type: string; [field: string]: unknown };
export type Step = EventInput | EventInput[];

/** What a record command looks like when the tests do not care: a deal from 2020-01-01. */
export const defaultAgreement = {
  id: "deal",
  title: "A test deal",
  kind: "partnership",
  parties: [
    { party: "openai", role: "model developer" },
    { party: "amazon", role: "cloud provider" },
  ],
  effectiveOn: "2020-01-01",
} as const;

export const DEFAULT_TODAY: CalendarDate = "2026-05-01";
const TENANT = "t1";

export type Command =
  | { kind: "record"; command: Record<string, unknown> }
  | { kind: "append"; command: { expectedVersion?: number; events: unknown[] } };

/** An append of these events, as one commit (expectedVersion is filled in from the state). */
export const append = (...events: unknown[]): Command => ({ kind: "append", command: { events } });
/** An append command exactly as given (e.g. to send a malformed body). */
export const appendCommand = (command: {
  expectedVersion?: number;
  events: unknown[];
}): Command => ({
  kind: "append",
  command,
});
export const record = (command: Record<string, unknown>): Command => ({ kind: "record", command });

export interface Decided {
  events: PendingEvent[];
  /** The state once the decided events are committed, for checks through the fold. */
  state: AgreementState;
}

export class Outcome {
  constructor(
    private readonly spec: Spec,
    private readonly decide: () => PendingEvent[],
  ) {}

  /** The decider accepts and produces events matching these partials, in order and no more. */
  // biome-ignore lint/suspicious/noThenProperty: given/when/then is the point; an Outcome is never awaited.
  then(expected: Record<string, unknown>[]): Decided {
    const events = this.decide();
    expect(events).toHaveLength(expected.length);
    expected.forEach((partial, index) => {
      expect(events[index]).toMatchObject(partial);
    });
    return { events, state: commit(this.spec.state, events, `${this.spec.today}T00:00:00.000Z`) };
  }

  /** The decider refuses: an instance of `errorClass` whose message has `messagePart`, and the field `path` if given. */
  thenThrows(
    errorClass: abstract new (...args: never[]) => TermlineError,
    messagePart: string | RegExp,
    path?: string,
  ): TermlineError {
    let decided: PendingEvent[] | undefined;
    let caught: unknown;
    try {
      decided = this.decide();
    } catch (error) {
      caught = error;
    }
    expect(decided, "the decider returned events instead of throwing").toBeUndefined();
    expect(caught).toBeInstanceOf(errorClass);
    const error = caught as TermlineError;
    if (typeof messagePart === "string") expect(error.message).toContain(messagePart);
    else expect(error.message).toMatch(messagePart);
    if (path !== undefined) expect(error.errors?.map((field) => field.path)).toContain(path);
    return error;
  }
}

export class Spec {
  constructor(
    readonly state: AgreementState,
    readonly today: CalendarDate = DEFAULT_TODAY,
  ) {}

  /** The same history, decided as if on another day (events without effectiveOn take it). */
  on(today: CalendarDate): Spec {
    return new Spec(this.state, today);
  }

  when(command: Command): Outcome {
    const context = { today: this.today, catalog: referenceCatalog };
    if (command.kind === "record")
      return new Outcome(this, () => decideRecordAgreement(this.state, command.command, context));
    const body = { expectedVersion: this.state.version, ...command.command };
    return new Outcome(this, () => decideAppend(this.state, body, context));
  }

  /** Commits more steps on top of this history. */
  and(...steps: Step[]): Spec {
    return new Spec(applySteps(this.state, steps, this.today), this.today);
  }
}

function applySteps(state: AgreementState, steps: Step[], today: CalendarDate): AgreementState {
  const recordedAt = `${today}T00:00:00.000Z`;
  return steps.reduce((current, step) => {
    const events = Array.isArray(step) ? step : [step];
    const command = { expectedVersion: current.version, events };
    return commit(
      current,
      decideAppend(current, command, { today, catalog: referenceCatalog }),
      recordedAt,
    );
  }, state);
}

/** An agreement recorded with `agreement` (an id is required), then `steps` committed one by one. */
export function givenAgreement(
  agreement: Record<string, unknown> & { id: string },
  ...steps: Step[]
): Spec {
  const today = DEFAULT_TODAY;
  const empty = initialAgreementState(TENANT, agreement.id);
  const recorded = commit(
    empty,
    decideRecordAgreement(empty, agreement, { today, catalog: referenceCatalog }),
    `${today}T00:00:00.000Z`,
  );
  return new Spec(applySteps(recorded, steps, today), today);
}

/** The default agreement (`deal`, from 2020-01-01), then `steps`. */
export function given(...steps: Step[]): Spec {
  return givenAgreement({ ...defaultAgreement }, ...steps);
}

/** No agreement with this id has been recorded. */
export function givenNoAgreement(id: string = defaultAgreement.id): Spec {
  return new Spec(initialAgreementState(TENANT, id));
}
