/**
 * Whole timelines, segment matrices, revisions' answers and cells' conflicts as read, inflated
 * and parsed once per container.
 *
 * Inflating and parsing the stored timeline was about a tenth of a warm entitlement's time (a
 * CPU profile: 0.17 of 2 ms), for the same few items asked again and again. They are kept by
 * their stored text itself, so an item rewritten with other answers is another key and nothing
 * kept can be stale; the text alone decides what it holds, so sharing it across tenants shows
 * no tenant anything it did not read. What is kept is frozen, since every reader shares it.
 */
import type { AnswerPeriod, TimedAnswer } from "@termline/core";
import { LRUCache } from "lru-cache";
import {
  type KeptConflicts,
  keptConflicts,
  type StoredConflicts,
} from "../projector/answer-conflicts.ts";
import { keptPeriods, type StoredTimeline } from "../projector/answer-items.ts";
import { keptMatrix, type SegmentMatrix } from "../projector/answer-matrix.ts";
import { answersCarried, type KnownRevision } from "../projector/answer-revisions.ts";

/** A bound on memory, for every kind together (what is parsed is several times its text). */
const MAX_KEPT_BYTES = 32 * 2 ** 20;

/** Each kind's parsed items, by kind and deflated text, least recently used dropped first. */
const parsed = new LRUCache<string, object>({
  maxSize: MAX_KEPT_BYTES,
  // Its deflated text, times the repetition deflate removes from the cells measured (the
  // benchmark's busiest revision: 27 KB of JSON from 2.9 KB), times two for the objects.
  sizeCalculation: (_value, key) => key.length * 20,
});

/** What a deflated text of one kind holds, parsed by `parse` the first time it is read. */
function keptByText<T extends object>(kind: string, parse: (deflated: string) => T | undefined) {
  return (deflated: string): T | undefined => {
    const key = `${kind}:${deflated}`;
    const kept = parsed.get(key) as T | undefined;
    if (kept) return kept;
    const value = parse(deflated);
    if (value === undefined) return undefined;
    const frozen = deepFrozen(value);
    parsed.set(key, frozen);
    return frozen;
  };
}

const keptTimeline = keptByText("timeline", (deflated) => keptPeriods({ deflated }));
const keptSegmentMatrix = keptByText("matrix", (deflated) => keptMatrix({ deflated }));
const keptCellConflicts = keptByText("conflicts", (deflated) =>
  // The cell is in the deflated text too, so the text alone says whose conflicts these are.
  keptConflicts({ product: "", provider: "", segment: "", deflated }),
);
const keptAnswers = keptByText("answers", (deflatedAnswers) =>
  answersCarried({ periods: [], deflatedAnswers }),
);

/** The periods a stored timeline keeps, frozen; undefined for the mark. */
export function periodsKeptIn(stored: StoredTimeline): readonly AnswerPeriod[] | undefined {
  return "deflated" in stored ? keptTimeline(stored.deflated) : undefined;
}

/** The matrix a segment's matrix record keeps, frozen; undefined for none or the mark. */
export function matrixKeptIn(
  stored: Record<string, unknown> | undefined,
): Readonly<SegmentMatrix> | undefined {
  return typeof stored?.deflated === "string" ? keptSegmentMatrix(stored.deflated) : undefined;
}

/** The answers a revision carries, by digest, frozen; undefined when it carries none. */
export function answersKeptIn(
  revision: Exclude<KnownRevision, { gap: true }>,
): Readonly<Record<string, TimedAnswer>> | undefined {
  const { deflatedAnswers, answers } = revision;
  return deflatedAnswers === undefined ? answers : keptAnswers(deflatedAnswers);
}

/** The conflicts a cell's stored item keeps, frozen; undefined for none or the mark. */
export function conflictsKeptIn(
  stored: StoredConflicts | undefined,
): Readonly<KeptConflicts> | undefined {
  if (stored === undefined) return undefined;
  return "deflated" in stored ? keptCellConflicts(stored.deflated) : keptConflicts(stored);
}

function deepFrozen<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFrozen(item);
    Object.freeze(value);
  }
  return value;
}
