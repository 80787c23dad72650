import type { AgreementState } from "../agreement/state.ts";
import type { CalendarDate } from "../dates.ts";
import type { StoredEvent } from "../events/envelope.ts";
import { termView } from "./agreement-view.ts";
import { agreementLabel } from "./describe-term.ts";
import type { Names } from "./names.ts";

/**
 * A term as one line of history shows it: without its list of changes, its versions and the
 * sources it has gathered, which all grow with the term's events, so that a line's size depends
 * on its own event only (the line's own sources are the event's).
 */
export type TermAsOf = Omit<ReturnType<typeof termView>, "changes" | "versions" | "sources">;

/** One recorded change, as the tenant-wide history shows it: the event, and its term before and after. */
export interface ChangeLine {
  agreementId: string;
  agreementTitle: string;
  eventId: string;
  version: number;
  type: string;
  effectiveOn: string;
  precision: StoredEvent["precision"];
  recordedAt: string;
  recordedBy: string;
  data: Record<string, unknown>;
  sources: StoredEvent["sources"];
  termId?: string;
  term?: { kind: string; before?: TermAsOf; after?: TermAsOf };
  /** For a correction or retraction: the entry it supersedes. */
  supersedes?: { version: number; eventId: string };
  /** Set on an entry once a later correction or retraction supersedes it. */
  supersededBy?: { version: number; eventId: string; type: string };
}

/** The version an event corrects or retracts, if it does. */
export function supersededVersionOf(event: Pick<StoredEvent, "type" | "data">): number | undefined {
  const version = event.data.correctsVersion ?? event.data.retractsVersion;
  return typeof version === "number" ? version : undefined;
}

const termIdOf = (event: Pick<StoredEvent, "data">): string | undefined =>
  typeof event.data.termId === "string" ? event.data.termId : undefined;

function termAsOf(state: AgreementState, termId: string, at: CalendarDate, names: Names) {
  const term = state.terms[termId];
  if (!term) return undefined;
  const {
    changes: _changes,
    versions: _versions,
    sources: _sources,
    ...shown
  } = termView(state, term, at, names);
  return shown;
}

/**
 * The line for `event`, given the agreement just before and just after it. A correction or
 * retraction is shown against the term of the entry it supersedes (`target`), on that entry's date.
 */
export function changeLineOf(input: {
  before: AgreementState;
  after: AgreementState;
  event: StoredEvent;
  target?: StoredEvent | undefined;
  names: Names;
}): ChangeLine {
  const { before, after, event, target, names } = input;
  const about = target ?? event;
  const termId = termIdOf(about);
  const at = about.effectiveOn;
  const termBefore = termId ? termAsOf(before, termId, at, names) : undefined;
  const termAfter = termId ? termAsOf(after, termId, at, names) : undefined;
  const kind = termAfter?.kind ?? termBefore?.kind;
  return {
    agreementId: event.agreementId,
    agreementTitle: agreementLabel(after),
    eventId: event.id,
    version: event.version,
    type: event.type,
    effectiveOn: event.effectiveOn,
    precision: event.precision,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
    data: event.data,
    sources: event.sources,
    ...(termId ? { termId } : {}),
    ...(termId && kind
      ? {
          term: {
            kind,
            ...(termBefore ? { before: termBefore } : {}),
            ...(termAfter ? { after: termAfter } : {}),
          },
        }
      : {}),
    ...(target ? { supersedes: { version: target.version, eventId: target.id } } : {}),
  };
}
