import { termEnded } from "../api/extras.ts";
import type { Term } from "../api/types.ts";
import {
  AXIS_END,
  AXIS_START,
  addDays,
  daysBetween,
  type Precision,
  periodOf,
} from "../lib/dates.ts";

export const LABEL_WIDTH = 230;
export const PLOT_WIDTH = 900;
export const ROW_HEIGHT = 24;
const SPAN = daysBetween(AXIS_START, AXIS_END);

export const clampDate = (date: string): string =>
  date < AXIS_START ? AXIS_START : date > AXIS_END ? AXIS_END : date;

export const xOf = (date: string): number =>
  LABEL_WIDTH + (daysBetween(AXIS_START, clampDate(date)) / SPAN) * PLOT_WIDTH;

const asPrecision = (value: string | null): Precision =>
  value === "year" || value === "month" ? value : "day";

/**
 * Where a term's bar is drawn. Its start or end known only to the month or year becomes a
 * fuzzy band covering that whole month or year, never a precise day.
 */
export interface BarGeometry {
  from: string;
  /** The last day in force, or null when open-ended. */
  to: string | null;
  fuzzyStart: { start: string; end: string } | null;
  fuzzyEnd: { start: string; end: string } | null;
  open: boolean;
}

export function barOf(term: Term): BarGeometry {
  const { from, fromPrecision, to, toPrecision } = term.effective;
  const ended = termEnded(term);
  const last = ended ? addDays(ended.on, -1) : to;
  const startPrecision = asPrecision(fromPrecision);
  const endPrecision = ended ? ended.precision : asPrecision(toPrecision);
  return {
    from,
    to: last,
    fuzzyStart: startPrecision === "day" ? null : periodOf(from, startPrecision),
    fuzzyEnd: last && endPrecision !== "day" ? periodOf(last, endPrecision) : null,
    open: last === null,
  };
}

export const YEARS = Array.from({ length: 16 }, (_, index) => 2019 + index);
