import type { MatrixChanges } from "../api/types.ts";
import { AXIS_START } from "../lib/dates.ts";
import type { Namer } from "../lib/names.ts";

export interface ChangeDate {
  date: string;
  what: string[];
}

const answer = ({ decision, certainty }: { decision: string; certainty: string }) =>
  certainty === "uncertain" ? `${decision} (uncertain)` : decision;

/**
 * The days on which some cell of the matrix changes, each saying which and how ("Frontier on
 * Amazon Web Services: denied → conflict"), from the start of the record on. The scrubber snaps
 * to these.
 */
export function changeDates(changes: MatrixChanges["changes"], names: Namer): ChangeDate[] {
  const dates = changes.map(({ date, cells }) => ({
    date,
    what: cells.map(
      (cell) =>
        `${names.product(cell.product)} on ${names.provider(cell.provider)}: ${answer(cell.was)} → ${answer(cell)}`,
    ),
  }));
  const start = { date: AXIS_START, what: ["start of the record"] };
  return dates[0]?.date === AXIS_START ? dates : [start, ...dates];
}

/** The index of the last change on or before `date` (0 if none). */
export function indexAt(dates: readonly ChangeDate[], date: string): number {
  let found = 0;
  for (const [index, change] of dates.entries()) if (change.date <= date) found = index;
  return found;
}
