import {
  type AgreementState,
  type CalendarDate,
  type Catalog,
  changeDates,
  type DecisionChange,
  dayAfter,
  decisionChanges,
  deriveDeadlines,
  type Names,
  namesIn,
} from "@termline/core";

/** A cell whose decision the change alters over a period; `to: null` when nothing later ends it. */
export type EntitlementEffect = Omit<DecisionChange, "to"> & { to: CalendarDate | null };

/**
 * Every cell whose decision differs on some date, compared from the earliest change date of
 * either portfolio to the day after the latest: before the first, neither has anything in
 * force; from the last on, every answer stays as it is, so a difference still there at the
 * range's end lasts indefinitely and says so with `to: null`.
 */
function entitlementEffects(
  before: AgreementState[],
  after: AgreementState[],
  catalog: Catalog,
  today: CalendarDate,
  names: Names,
): EntitlementEffect[] {
  const dates = [...changeDates(before, catalog), ...changeDates(after, catalog)].sort();
  const first = dates[0] ?? today;
  const range = { from: first, to: dayAfter(dates.at(-1) ?? first) };
  return decisionChanges(before, after, catalog, range, names).map((change) =>
    change.to === range.to ? { ...change, to: null } : change,
  );
}

/**
 * The what-if preview of a change: entitlement cells whose decision differs on any date
 * (as periods), and deadlines added, removed or moved.
 */
export function effectsOf(
  agreements: AgreementState[],
  before: AgreementState,
  after: AgreementState,
  today: CalendarDate,
  catalog: Catalog,
) {
  const names = namesIn(catalog);
  const others = agreements.filter((state) => state.id !== before.id);
  const withBefore = before.exists ? [...others, before] : others;
  const withAfter = [...others, after];
  const entitlements = entitlementEffects(withBefore, withAfter, catalog, today, names);
  const deadlinesBefore = new Map(
    deriveDeadlines(withBefore, today, names).map((deadline) => [deadline.id, deadline]),
  );
  const deadlinesAfter = new Map(
    deriveDeadlines(withAfter, today, names).map((deadline) => [deadline.id, deadline]),
  );
  const ids = [...new Set([...deadlinesBefore.keys(), ...deadlinesAfter.keys()])];
  const deadlines = ids.flatMap((id) => {
    const was = deadlinesBefore.get(id);
    const will = deadlinesAfter.get(id);
    if (was?.date === will?.date && was?.precision === will?.precision) return [];
    return [
      {
        id,
        summary: (will ?? was)?.summary,
        before: was ? { date: was.date, precision: was.precision } : null,
        after: will ? { date: will.date, precision: will.precision } : null,
      },
    ];
  });
  return { entitlements, deadlines };
}
