import {
  type AnswerTimeline,
  type CalendarDate,
  type CitedReason,
  type ConflictPeriod,
  type ConflictStretch,
  conflictsWithin,
  type DateRange,
  dayAfter,
  dayBefore,
  type EntitlementCell,
  reasonsAtOdds,
} from "@termline/core";
import { deflatedJson, inflatedJson } from "./deflated-json.ts";

/**
 * A cell's periods in conflict, kept beside its summary so that "where do terms contradict
 * each other" reads these small items rather than the periods, each of which cites every grant
 * in force. Each period keeps only the reasons that name terms at odds (what a conflict period
 * reads of them), as indices into the cell's table of them: consecutive periods cite mostly
 * the same terms, and stored whole they outgrew an item at 1,000 agreements. `to` null: on,
 * with no later period. A mark when even so they are too large to store.
 */
export type CellConflicts = EntitlementCell &
  (
    | {
        reasons: CitedReason[];
        periods: { from: CalendarDate; to: CalendarDate | null; cites: number[] }[];
      }
    | { tooLarge: true }
  );

/**
 * A cell's conflicts as stored: deflated, cell and all, since their reasons repeat the same
 * sources and names (at 1,000 agreements a first page of ten cells' conflicts read 116 units of
 * plain JSON); or the mark. Items written before were the plain form, still read.
 */
export type StoredConflicts = CellConflicts | (EntitlementCell & { deflated: string });

/** Conflicts with their periods, as a read uses them. */
export type KeptConflicts = Extract<CellConflicts, { periods: unknown }>;

export function storedConflictsOf(conflicts: CellConflicts): StoredConflicts {
  if (!("periods" in conflicts)) return conflicts;
  const { product, provider, segment } = conflicts;
  return { product, provider, segment, deflated: deflatedJson(conflicts) };
}

/** The conflicts a stored item keeps; undefined for the mark. */
export function keptConflicts(stored: StoredConflicts): KeptConflicts | undefined {
  if ("periods" in stored) return stored;
  if (!("deflated" in stored)) return undefined;
  return inflatedJson<KeptConflicts>(stored.deflated);
}

export const ANSWER_CONFLICTS_PREFIX = "answer-conflicts#";
export const conflictsKey = ({ product, provider, segment }: EntitlementCell) =>
  `${ANSWER_CONFLICTS_PREFIX}${segment}#${product}#${provider}`;

/** The timeline's periods whose decision is `conflict`, citing the reasons that name terms at odds. */
export function conflictsOf(timeline: AnswerTimeline): CellConflicts {
  const { product, provider, segment, periods } = timeline;
  const reasons: CitedReason[] = [];
  const indexOf = new Map<string, number>();
  const cite = (reason: CitedReason) => {
    const key = JSON.stringify(reason);
    const known = indexOf.get(key);
    if (known !== undefined) return known;
    indexOf.set(key, reasons.push(reason) - 1);
    return reasons.length - 1;
  };
  const conflicts = periods.flatMap(({ from, answer }, index) => {
    if (answer.decision !== "conflict") return [];
    const next = periods[index + 1];
    const to = next ? dayBefore(next.from) : null;
    return [{ from, to, cites: reasonsAtOdds(answer.reasons).map(cite) }];
  });
  return { product, provider, segment, reasons, periods: conflicts };
}

/**
 * The cell's conflict periods over a range, with the terms at odds, as `conflictsWithin` says
 * them of the whole answers: the stored periods cut to the range, in runs of consecutive days.
 */
export function conflictsIn(stored: KeptConflicts, range: DateRange): ConflictPeriod[] {
  const { product, provider, segment, reasons } = stored;
  const periods = stored.periods.map(({ from, to, cites }) => ({
    from,
    to: to ?? range.to,
    cites,
  }));
  // Cut before citing: a busy cell's periods each cite hundreds of reasons, most outside the range.
  const stretches = clipped(periods, range).map(({ from, to, cites }) => ({
    from,
    to,
    answer: { decision: "conflict" as const, reasons: cited(cites, reasons) },
  }));
  return contiguous(stretches).flatMap((run) =>
    conflictsWithin({ product, provider, segment }, run),
  );
}

/** The reasons at these indices of the cell's table; an index it lacks cites nothing. */
function cited(cites: readonly number[], reasons: readonly CitedReason[]): CitedReason[] {
  const found: CitedReason[] = [];
  for (const index of cites) {
    const reason = reasons[index];
    if (reason) found.push(reason);
  }
  return found;
}

/** The periods cut to the range; those outside it dropped. */
function clipped<T extends { from: CalendarDate; to: CalendarDate }>(
  periods: T[],
  range: DateRange,
): T[] {
  return periods.flatMap((period) => {
    // The later start and the earlier end (ISO dates sort as text).
    const start = [period.from, range.from].sort()[1] ?? period.from;
    const end = [period.to, range.to].sort()[0] ?? period.to;
    return start <= end ? [{ ...period, from: start, to: end }] : [];
  });
}

/** Stretches in runs of consecutive days: a period of another decision lies between two runs. */
function contiguous(stretches: ConflictStretch[]): ConflictStretch[][] {
  const runs: ConflictStretch[][] = [];
  for (const stretch of stretches) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && dayAfter(last.to) === stretch.from) run.push(stretch);
    else runs.push([stretch]);
  }
  return runs;
}
