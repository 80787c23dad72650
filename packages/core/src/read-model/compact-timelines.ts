import type { EntitlementCell } from "../entitlements/cell-timeline.ts";
import type { Entitlement } from "../entitlements/evaluate.ts";
import type { AnswerTimeline } from "./answer-timelines.ts";

type Reason = Entitlement["reasons"][number];

/**
 * A timeline as an item stores it: each distinct reason once, and each period naming its
 * reasons by position. Consecutive periods mostly share their reasons (one term starts or ends
 * between them), so the item grows with the terms bearing on the cell, not with periods × terms.
 */
export interface CompactTimeline extends EntitlementCell {
  reasonTable: Reason[];
  periods: {
    from: string;
    decision: Entitlement["decision"];
    certainty: Entitlement["certainty"];
    reasons: number[];
  }[];
}

export function compactTimeline(timeline: AnswerTimeline): CompactTimeline {
  const { product, provider, segment } = timeline;
  const reasonTable: Reason[] = [];
  const positions = new Map<string, number>();
  const positionOf = (reason: Reason) => {
    const key = JSON.stringify(reason);
    let position = positions.get(key);
    if (position === undefined) {
      position = reasonTable.push(reason) - 1;
      positions.set(key, position);
    }
    return position;
  };
  const periods = timeline.periods.map(({ from, answer }) => ({
    from,
    decision: answer.decision,
    certainty: answer.certainty,
    reasons: answer.reasons.map(positionOf),
  }));
  return { product, provider, segment, reasonTable, periods };
}

const isCompact = (stored: AnswerTimeline | CompactTimeline): stored is CompactTimeline =>
  "reasonTable" in stored;

/** The timeline an item holds, in either form (items written before compaction are whole). */
export function expandTimeline(stored: AnswerTimeline | CompactTimeline): AnswerTimeline {
  if (!isCompact(stored)) return stored;
  const { product, provider, segment, reasonTable } = stored;
  return {
    product,
    provider,
    segment,
    periods: stored.periods.map(({ from, decision, certainty, reasons }) => ({
      from,
      answer: {
        decision,
        certainty,
        reasons: reasons.map((position) => reasonTable[position] as Reason),
      },
    })),
  };
}
