import { type CalendarDate, ValidationError, yearsAfter } from "@termline/core";

/** Answers over time cost one evaluation per change date; fifty years holds any contract's terms. */
export const DEFAULT_YEARS = 10;
export const MAX_YEARS = 50;

/**
 * The range a question over time is about: from `from` (default today) to `to` (default ten
 * years on), both included. A range that runs backwards or past fifty years is a 400 at `to`.
 */
export function dateRange(
  query: { from?: CalendarDate | undefined; to?: CalendarDate | undefined },
  today: CalendarDate,
): { from: CalendarDate; to: CalendarDate } {
  const from = query.from ?? today;
  const to = query.to ?? yearsAfter(from, DEFAULT_YEARS);
  const latest = yearsAfter(from, MAX_YEARS);
  const problem =
    to < from
      ? `must not be before from (${from})`
      : to > latest
        ? `must be at most ${MAX_YEARS} years after from (${latest} at the latest)`
        : undefined;
  if (problem)
    throw new ValidationError(`to: ${problem}`, { errors: [{ path: "to", message: problem }] });
  return { from, to };
}
