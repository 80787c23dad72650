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
  requireInOrder(from, to);
  const latest = yearsAfter(from, MAX_YEARS);
  if (to > latest)
    refuseTo(`must be at most ${MAX_YEARS} years after from (${latest} at the latest)`);
  return { from, to };
}

/**
 * A range that runs backwards is a 400 at `to`, the same on every endpoint that takes one (the
 * key range a read would ask DynamoDB for would otherwise be refused by it, a 500).
 */
export function requireInOrder(from: CalendarDate, to: CalendarDate | undefined): void {
  if (to !== undefined && to < from) refuseTo(`must not be before from (${from})`);
}

function refuseTo(problem: string): never {
  throw new ValidationError(`to: ${problem}`, { errors: [{ path: "to", message: problem }] });
}
