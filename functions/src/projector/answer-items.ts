import { createHash } from "node:crypto";
import {
  type AnswerPeriod,
  type AnswerTimeline,
  active,
  answerAt,
  type CalendarDate,
  type Catalog,
  type Certainty,
  type Decision,
  type EntitlementCell,
  expandTimeline,
  type TimedAnswer,
} from "@termline/core";
import { answerBytes, deflatedAnswer } from "./answer-forms.ts";
import { deflatedJson, inflatedJson, jsonWithin } from "./deflated-json.ts";

/**
 * The read model of answers, per segment × product × provider: one item per period of the
 * cell's timeline, keyed by its first day, so "may P serve X on D?" is one Query for the latest
 * period starting by D (limit 1) and reads one period, however long the timeline; and a head
 * per cell listing its periods' first days, so a segment's matrix is one Query of the small
 * heads and one batch of exactly the periods holding the date. No item grows with the
 * timeline except the head, by a few dozen bytes a period. And a summary per cell, its
 * decisions and certainty over time without reasons (a run per change of either, which are few
 * whatever the number of grants), so a segment's matrix of decisions is one Query of small items.
 */
export const ANSWER_PREFIX = "answer#";
export const ANSWER_PERIOD_PREFIX = "answer-period#";
export const ANSWER_SUMMARY_PREFIX = "answer-summary#";
export const ANSWER_TIMELINE_PREFIX = "answer-timeline#";
/**
 * Which answers model a tenant's items hold, marked by each rebuild: raised when a release
 * changes what answers say, so that items written before are rebuilt rather than served.
 * 2 (December 2026): cells are asked only of the terms that can bear on them, which drops
 * doubts from terms that never reach a cell's provider.
 * 3 (December 2026): each cell has a summary of its decisions (`AnswerSummary`).
 * 4 (December 2026): each cell has revisions as known at instants (answer-revisions.ts), whose
 * periods' answers every period must have been written for.
 * 5 (December 2026): reasons cite catalog entries by id, read in the catalog's names when
 * served (name-tokens.ts in core), so a rename rewrites no answer.
 * 6 (December 2026): a term over "all" products or a class reaches only its grantor's products
 * (a party's, not the grantee's nor another vendor's in the catalog); a dispute's reason cites
 * its claim's sources, not those of a resolution that takes effect later; a non-exclusive
 * grant in a conflict is one that contradicts the exclusivity, never an overlapping one.
 * Not raised for an item added beside the answers, which say the same (a cell's conflicts,
 * December 2026): until a refresh writes it, its reads are evaluated, and revisions keyed by
 * the model stay in use.
 */
export const ANSWERS_MODEL = 6;
export const ANSWERS_MODEL_KEY = "read-models#answers";
export const answersOfSegment = (segment: string) => `${ANSWER_PREFIX}${segment}#`;
export const answerKey = ({ product, provider, segment }: EntitlementCell) =>
  `${answersOfSegment(segment)}${product}#${provider}`;
export const periodsOf = ({ product, provider, segment }: EntitlementCell) =>
  `${ANSWER_PERIOD_PREFIX}${segment}#${product}#${provider}#`;
export const periodKey = (cell: EntitlementCell, from: CalendarDate) => `${periodsOf(cell)}${from}`;
export const summariesOfSegment = (segment: string) => `${ANSWER_SUMMARY_PREFIX}${segment}#`;
export const summaryKey = ({ product, provider, segment }: EntitlementCell) =>
  `${summariesOfSegment(segment)}${product}#${provider}`;
/** A cell's whole timeline with its reasons, when small: an entitlement's one GetItem. */
export const timelineKey = ({ product, provider, segment }: EntitlementCell) =>
  `${timelinesOf(segment)}${product}#${provider}`;
/** A segment's whole timelines, or one product's in it: a matrix's or a workload's one Query. */
export const timelinesOf = (segment: string, product?: string) =>
  `${ANSWER_TIMELINE_PREFIX}${segment}#${product === undefined ? "" : `${product}#`}`;
/** First among a segment's summaries (the prefix itself), so one Query reads it with them. */
export const gridKey = (segment: string) => summariesOfSegment(segment);

/** A segment's grid: the catalog's offered products and providers, in its order. */
export interface SegmentGrid {
  grid: true;
  products: string[];
  providers: string[];
}

/** The grid of every segment of a catalog: what a matrix lists, product by provider. */
export const gridOf = (catalog: Catalog): SegmentGrid => ({
  grid: true,
  products: active(catalog.products).map(({ id }) => id),
  providers: active(catalog.providers).map(({ id }) => id),
});

/** From its first day on, until the next run's: a cell's decision and certainty. */
export type SummaryRun = [from: CalendarDate, decision: Decision, certainty: Certainty];

/** A cell's decisions over time, or a mark that they were too many to store. */
export type AnswerSummary = EntitlementCell & ({ runs: SummaryRun[] } | { tooLarge: true });

/** A timeline's runs of one decision and certainty (periods differing in reasons alone join). */
export function summaryOf(timeline: AnswerTimeline): AnswerSummary {
  const { product, provider, segment } = timeline;
  const runs: SummaryRun[] = [];
  for (const { from, answer } of timeline.periods) {
    const last = runs.at(-1);
    if (last && last[1] === answer.decision && last[2] === answer.certainty) continue;
    runs.push([from, answer.decision, answer.certainty]);
  }
  return { product, provider, segment, runs };
}

/** Of entries in order of their first day, the last starting on or before `at`. */
export function latestStartingBy<T extends readonly [CalendarDate, ...unknown[]]>(
  entries: readonly T[],
  at: CalendarDate,
): T | undefined {
  let found: T | undefined;
  for (const entry of entries) {
    if (entry[0] > at) break;
    found = entry;
  }
  return found;
}

/**
 * A cell's whole timeline, reasons and all, beside its period items: "may P serve X on D?" and
 * its availability over any range are then one GetItem, not a Query (which DynamoDB answers
 * more slowly: a third or more of an entitlement's time here). Deflated, since its periods
 * repeat the same reasons (the reference case's busiest cell: 20 KB as JSON, 2 KB stored), and
 * kept only while that fits in TIMELINE_INLINE_BYTES, two read units; a larger timeline leaves
 * a mark, and reads take the period items.
 */
export type StoredTimeline = { deflated: string } | { tooLarge: true };
export const TIMELINE_INLINE_BYTES = 7_600;
/**
 * JSON past which nothing is deflated to learn whether it fits in TIMELINE_INLINE_BYTES: that
 * would take deflating it 260 times over, and the busiest timelines kept deflate about 10 times.
 */
export const INLINE_JSON_CHARS = 2_000_000;

/** What a cell's timeline item holds: its periods, deflated, while small; else the mark. */
export function storedTimelineOf({ periods }: AnswerTimeline): StoredTimeline {
  if (!jsonWithin(periods, INLINE_JSON_CHARS)) return { tooLarge: true };
  const deflated = deflatedJson(periods);
  return deflated.length <= TIMELINE_INLINE_BYTES ? { deflated } : { tooLarge: true };
}

/** The periods a timeline item keeps; undefined for the mark. */
export function keptPeriods(stored: StoredTimeline): AnswerPeriod[] | undefined {
  if (!("deflated" in stored)) return undefined;
  return inflatedJson<AnswerPeriod[]>(stored.deflated);
}

/**
 * One period item: its answer; or, past one read unit as JSON, a mark carrying it deflated; or
 * a mark alone, when even deflated it is past an item. A busy cell's period cites every grant
 * in force, and reasons citing the same sources and dates repeat themselves: at 10,000
 * agreements the largest period of the benchmark's busiest cell is 493 KB as JSON (past an
 * item, and 124 read units if it fitted) and 28 KB stored deflated. Deflated periods are
 * marks so that a release before this one, reading beside it, takes them for marks and
 * evaluates them: slower, not wrong.
 */
export type StoredPeriod =
  | { from: CalendarDate; answer: TimedAnswer }
  | { from: CalendarDate; tooLarge: true; deflated?: string };

/** Past this as JSON, a period is stored deflated: one read unit. */
export const PLAIN_ANSWER_BYTES = 4_096;

export function storedPeriodOf(period: AnswerPeriod): StoredPeriod {
  // An answer past the bound alone is surely past it with its first day.
  const plain =
    answerBytes(period.answer) <= PLAIN_ANSWER_BYTES &&
    Buffer.byteLength(JSON.stringify(period)) <= PLAIN_ANSWER_BYTES;
  if (plain) return period;
  return { from: period.from, tooLarge: true, deflated: deflatedAnswer(period.answer) };
}

/** The period an item holds; undefined for a mark without its answer. */
export function periodOfStored(stored: StoredPeriod): AnswerPeriod | undefined {
  if ("answer" in stored) return stored;
  if (stored.deflated === undefined) return undefined;
  return { from: stored.from, answer: inflatedJson<TimedAnswer>(stored.deflated) };
}

/** Each period item of a cell: its first day, its decision, and a digest of its whole answer. */
export type HeadEntry = [from: CalendarDate, decision: Decision, digest: string];

export interface AnswerHead extends EntitlementCell {
  layout: "periods";
  /** Changes of decision written so far: the next is the cell's change stream's next version. */
  revision: number;
  periods: HeadEntry[];
  /** The label of the cell's newest revision or gap (answer-revisions.ts). */
  known?: string;
}

/** A head as read: items written before periods had items of their own held the timeline. */
export type ReadHead =
  | { kind: "head"; head: AnswerHead; seq: number }
  | { kind: "whole"; timeline: AnswerTimeline; revision: number };

/**
 * A head as stored: its body, and the count of its writes (`seq`, an attribute beside the body,
 * so a rebuild writing the same answers leaves the same body): each write is conditional on
 * the count it read.
 */
export function readHead({ body, seq }: { body: unknown; seq?: number | undefined }): ReadHead {
  const raw = body as AnswerHead | (Parameters<typeof expandTimeline>[0] & { revision?: number });
  if ("layout" in raw) return { kind: "head", head: raw, seq: seq ?? 0 };
  return { kind: "whole", timeline: expandTimeline(raw), revision: raw.revision ?? 0 };
}

const digestOf = (answer: TimedAnswer) =>
  createHash("sha256").update(JSON.stringify(answer)).digest("base64url").slice(0, 16);

/** The decisions a head records, as a timeline: enough to say where a decision changed. */
export function decisionsOf(read: ReadHead): AnswerTimeline {
  if (read.kind === "whole") return read.timeline;
  const { product, provider, segment, periods } = read.head;
  return {
    product,
    provider,
    segment,
    periods: periods.map(([from, decision]) => ({
      from,
      answer: { decision, certainty: "certain", reasons: [] },
    })),
  };
}

/** The first day of the head's period holding `at`, if the head has one. */
export const periodStartOn = (head: AnswerHead, at: CalendarDate): CalendarDate | undefined =>
  latestStartingBy(head.periods, at)?.[0];

/**
 * What to write for a cell's new timeline: every period item whose answer changed (every one,
 * to `rewrite` them all), each with its head entry, and the new head. Items are never deleted (a
 * reader between two writes would then pick an older period): a first day that is no longer
 * one keeps its item, rewritten with the answer now in force on it, which is still the right
 * answer from that day on.
 */
export function cellWrite(
  before: ReadHead | undefined,
  timeline: AnswerTimeline,
  options: { rewrite?: boolean } = {},
) {
  const stored = new Map(
    before?.kind === "head" ? before.head.periods.map(([from, , digest]) => [from, digest]) : [],
  );
  const starts = [...new Set([...stored.keys(), ...timeline.periods.map(({ from }) => from)])];
  const writes: { period: AnswerPeriod; entry: HeadEntry }[] = [];
  const entries: HeadEntry[] = [];
  for (const from of starts.sort()) {
    const found = answerAt(timeline, from);
    if (!found) continue;
    const answer = { decision: found.decision, certainty: found.certainty, reasons: found.reasons };
    const entry: HeadEntry = [from, answer.decision, digestOf(answer)];
    entries.push(entry);
    if (options.rewrite || stored.get(from) !== entry[2])
      writes.push({ period: { from, answer }, entry });
  }
  const unchanged =
    before?.kind === "head" &&
    writes.length === 0 &&
    JSON.stringify(before.head.periods) === JSON.stringify(entries);
  return { entries, writes, unchanged };
}

/** A head listing `entries`, with the cell's count of changes of decision. */
export function nextHead(
  cell: EntitlementCell,
  entries: HeadEntry[],
  revision: number,
  known: string | undefined,
): AnswerHead {
  const { product, provider, segment } = cell;
  const head: AnswerHead = {
    layout: "periods",
    product,
    provider,
    segment,
    revision,
    periods: entries,
  };
  if (known !== undefined) head.known = known;
  return head;
}

/** The write count of the head written after `before`. */
export const nextSeq = (before: ReadHead | undefined) =>
  before?.kind === "head" ? before.seq + 1 : 1;

/** The condition a head's write puts on the head read: unchanged since, and not newer. */
export function headCondition(before: ReadHead | undefined, basis: number) {
  if (!before) return { ConditionExpression: "attribute_not_exists(pk)" };
  if (before.kind === "whole")
    return {
      ConditionExpression: "attribute_not_exists(seq) AND version <= :v",
      ExpressionAttributeValues: { ":v": basis },
    };
  return {
    ConditionExpression: "seq = :seq AND version <= :v",
    ExpressionAttributeValues: { ":seq": before.seq, ":v": basis },
  };
}

/** The revision (changes of decision written) a head read records. */
export const revisionOf = (before: ReadHead | undefined) =>
  before?.kind === "head" ? before.head.revision : (before?.revision ?? 0);
