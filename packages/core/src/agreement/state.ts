import type { CalendarDate, Precision } from "../dates.ts";
import type { AgreementParty } from "../events/agreement-events.ts";
import type { Source, StoredEvent } from "../events/envelope.ts";
import type { TermKind } from "../events/term-events.ts";

/** When something happened in the contract, at the precision it is known. */
export interface Dated {
  on: CalendarDate;
  precision: Precision;
  version: number;
}

/** A change to a term's attributes from a date on (an amendment, a cap, a funding). */
export interface TermChange extends Dated {
  changes: Record<string, unknown>;
  summary?: string | undefined;
}

/**
 * A term keeps its whole effective history: what it said when granted, each change from its
 * date, and how it ended. The views answer any `at` date from this without replaying the log.
 */
export interface Term {
  id: string;
  kind: TermKind;
  grantedBy: string;
  granted: Dated;
  attributes: Record<string, unknown>;
  changes: TermChange[];
  ended?: (Dated & { reason?: string | undefined; by: string }) | undefined;
  sources: Source[];
  /** Each event about the term with the day it takes effect and what it cites: a reason on a date cites only those in force. */
  cited?: Citation[] | undefined;
  versions: number[];
}

export interface Citation {
  on: CalendarDate;
  precision: Precision;
  version: number;
  sources: Source[];
}

export interface Dispute {
  id: string;
  kind: "party-claim" | "conflicting-reports" | "uncertain-fact";
  claim: string;
  claimedBy?: string | undefined;
  concerns?:
    | {
        termIds?: string[] | undefined;
        products?: "all" | string[] | undefined;
        classes?: string[] | undefined;
        providers?: string[] | undefined;
        effectiveOn?: { date: string; alternative: string } | undefined;
      }
    | undefined;
  raised: Dated;
  /**
   * Its resolution, with the resolution's own sources: cited from the day it takes effect, not
   * for the days the dispute was open (absent in snapshots folded before they were kept apart).
   */
  resolved?: (Dated & { resolution: string; sources?: Source[] | undefined }) | undefined;
  /** The sources of the claim, as raised. */
  sources: Source[];
}

export interface OpenQuestion {
  id: string;
  question: string;
  raised: Dated;
  answered?: (Dated & { answer: string }) | undefined;
  sources: Source[];
}

export interface Note extends Dated {
  text: string;
  recordedBy: string;
  sources: Source[];
}

export interface Amendment extends Dated {
  summary: string;
  sources: Source[];
}

/** How an earlier event was superseded: corrected by a later one, or retracted. */
export interface Supersession {
  by: number;
  kind: "corrected" | "retracted";
  reason: string;
}

/** An acknowledged deadline, for the date it had when acknowledged: a moved deadline warns again. */
export interface Acknowledgement extends Dated {
  deadlineId: string;
  deadlineDate: CalendarDate;
  by: string;
  note?: string | undefined;
}

export interface AgreementState {
  id: string;
  tenant: string;
  exists: boolean;
  version: number;
  title: string;
  kind: string;
  summary?: string | undefined;
  parties: AgreementParty[];
  started?: Dated | undefined;
  endsOn?: string | undefined;
  terminated?: (Dated & { reason: string }) | undefined;
  amendments: Amendment[];
  terms: Record<string, Term>;
  disputes: Record<string, Dispute>;
  questions: Record<string, OpenQuestion>;
  /** The latest notes only (`RECENT_NOTES`): a busy agreement's notes are read from its log, page by page. */
  notes: Note[];
  noteCount: number;
  acknowledgements: Record<string, Acknowledgement>;
  supersessions: Record<number, Supersession>;
  sources: Source[];
  /**
   * When the latest of its events was recorded (absent in snapshots written before it was kept):
   * the state as known at any later instant is this very state, with no need of the log.
   */
  latestRecordedAt?: string | undefined;
  /** When the first of its events was recorded: before that instant, nothing of it was known. */
  firstRecordedAt?: string | undefined;
  /**
   * The events so far, present only while the state is folded from the log, never in a stored
   * snapshot (which must not grow with the log). Corrections and retractions, which change the
   * past, are decided and applied on a state folded from the log.
   */
  log?: StoredEvent[] | undefined;
}

/** How many notes a snapshot keeps; the rest stay in the log. */
export const RECENT_NOTES = 20;

/** The state as a view stores it: without the log, so it grows with the terms, not the events. */
export function snapshotOf(state: AgreementState): AgreementState {
  const { log: _log, ...snapshot } = state;
  return snapshot;
}

export function initialAgreementState(tenant: string, id: string): AgreementState {
  return {
    id,
    tenant,
    exists: false,
    version: 0,
    title: "",
    kind: "other",
    parties: [],
    amendments: [],
    terms: {},
    disputes: {},
    questions: {},
    notes: [],
    noteCount: 0,
    acknowledgements: {},
    supersessions: {},
    sources: [],
    log: [],
  };
}
