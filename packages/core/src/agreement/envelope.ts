import { type CalendarDate, earliestDay, type Precision, precisionOf, toFuzzy } from "../dates.ts";
import type { PendingEvent, Source } from "../events/envelope.ts";

const finer: Record<Precision, number> = { day: 0, month: 1, year: 2 };

/**
 * Normalises when an event takes effect: a written `2034-02` stays month-precise, a stated
 * `precision` may only make a date coarser, and no date at all means the day it is recorded.
 */
export function effectiveDate(
  effectiveOn: string | undefined,
  precision: Precision | undefined,
  today: CalendarDate,
): { effectiveOn: CalendarDate; precision: Precision } | { problem: string } {
  if (!effectiveOn) return { effectiveOn: today, precision: precision ?? "day" };
  const written = precisionOf(effectiveOn);
  const wanted = precision ?? written;
  if (finer[wanted] < finer[written]) {
    return {
      problem: `effectiveOn "${effectiveOn}" is known only to the ${written}; it cannot have precision "${wanted}"`,
    };
  }
  const full = earliestDay(effectiveOn);
  return { effectiveOn: earliestDay(toFuzzy(full, wanted)), precision: wanted };
}

/** Splits an event input into what the log keeps: the envelope fields and the type's own data. */
export function toPending(
  input: { type: string; effectiveOn?: string; precision?: Precision; sources?: Source[] },
  dates: { effectiveOn: CalendarDate; precision: Precision },
): PendingEvent {
  const { type, effectiveOn: _effectiveOn, precision: _precision, sources, ...data } = input;
  return { type, ...dates, data, sources: sources ?? [] };
}
