import {
  type AgreementState,
  type CalendarDate,
  type Catalog,
  deriveDeadlines,
  entitlementMatrix,
  namesIn,
} from "@termline/core";

/**
 * The what-if preview of a change: entitlement cells whose decision differs (on today and on
 * each date the change takes effect) and deadlines added, removed or moved.
 */
export function effectsOf(
  agreements: AgreementState[],
  before: AgreementState,
  after: AgreementState,
  today: CalendarDate,
  catalog: Catalog,
) {
  const names = namesIn(catalog);
  const segments = catalog.segments.map(({ id }) => id);
  const others = agreements.filter((state) => state.id !== before.id);
  const withBefore = before.exists ? [...others, before] : others;
  const withAfter = [...others, after];
  const newEvents = after.log.slice(before.log.length);
  const dates = [...new Set([today, ...newEvents.map((event) => event.effectiveOn)])].sort();
  const entitlements = dates.flatMap((at) =>
    segments.flatMap((segment) => {
      const was = entitlementMatrix(withBefore, at, segment, catalog).cells;
      const will = entitlementMatrix(withAfter, at, segment, catalog).cells;
      return will.flatMap((cell, index) => {
        const previous = was[index]?.decision;
        return previous !== cell.decision
          ? [
              {
                at,
                segment,
                product: cell.product,
                provider: cell.provider,
                before: previous,
                after: cell.decision,
              },
            ]
          : [];
      });
    }),
  );
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
