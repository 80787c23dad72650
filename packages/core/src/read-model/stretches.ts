import type { CalendarDate } from "../dates.ts";

/**
 * A value as something derived by date says it over a stretch of business dates: the same for
 * any `at` from `validFrom` up to, not including, `validTo` (null: from then on).
 */
export interface HeldStretch<T> {
  value: T;
  validFrom: CalendarDate;
  validTo: CalendarDate | null;
}

/**
 * What `valuesAt` gives, by id, as stretches over which each value stays the same. Exact when
 * `valuesAt` changes only on the `dates` given (an agreement's own dates): evaluating on each of
 * them is then evaluating everywhere. Stored keyed by what readers range over, such stretches
 * make "as of `at`" one range read, whatever the number of agreements.
 */
export function stretchesOf<T>(
  dates: readonly CalendarDate[],
  valuesAt: (at: CalendarDate) => ReadonlyMap<string, T>,
): HeldStretch<T>[] {
  const open = new Map<string, { value: T; json: string; from: CalendarDate }>();
  const closed: HeldStretch<T>[] = [];
  for (const at of [...new Set(dates)].sort()) {
    const now = valuesAt(at);
    for (const [id, held] of open) {
      const current = now.get(id);
      if (current !== undefined && JSON.stringify(current) === held.json) continue;
      closed.push({ value: held.value, validFrom: held.from, validTo: at });
      open.delete(id);
    }
    for (const [id, value] of now)
      if (!open.has(id)) open.set(id, { value, json: JSON.stringify(value), from: at });
  }
  const stillHeld = [...open.values()].map(({ value, from }) => ({
    value,
    validFrom: from,
    validTo: null,
  }));
  return [...closed, ...stillHeld];
}

/** Whether a stretch holds on `at`. */
export const holdsOn =
  (at: CalendarDate) =>
  ({ validFrom, validTo }: Pick<HeldStretch<unknown>, "validFrom" | "validTo">) =>
    validFrom <= at && (validTo === null || at < validTo);
