import type { AgreementState, Term } from "../agreement/state.ts";
import type { CalendarDate } from "../dates.ts";
import type { ImpreciseSpan } from "./certainty.ts";
import type { Decision } from "./evaluate.ts";
import type { Reason } from "./reasons.ts";

/** A right-bearing term of an agreement, as the evaluation walks them. */
export interface RightTerm {
  agreement: AgreementState;
  term: Term;
}

/**
 * What one cell's questions on many days share, worked out once rather than once a day. A
 * busy cell's timeline asks hundreds of days about thousands of grants that mostly say the
 * same from one day to the next. Valid for one list of agreements, one catalog and one set of
 * names: a memo is made for one cell's questions and dropped after.
 */
export interface CellMemo {
  /** The cell's decision by day: doubts ask the days around each imprecise date, which many dates share. */
  decisions: Map<CalendarDate, Decision>;
  /** Reasons made, by code, words, term and the term's stretch (`termEpoch`). */
  reasons: Map<string, Reason>;
  /** Each term version's imprecise dates, by term and by the attributes of the version. */
  dates: Map<Term, Map<object, ImpreciseSpan[]>>;
  /** The agreements' right-bearing terms, listed once. */
  terms?: RightTerm[];
  /** The agreements with disputes, raised or resolved: the only ones dispute reasons read. */
  disputing?: AgreementState[];
}

export const cellMemo = (): CellMemo => ({
  decisions: new Map(),
  reasons: new Map(),
  dates: new Map(),
});
