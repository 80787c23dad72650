/**
 * A cell's whole timeline as read, inflated and parsed once per container.
 *
 * Inflating and parsing the stored timeline was about a tenth of a warm entitlement's time (a
 * CPU profile: 0.17 of 2 ms), for the same few items asked again and again. They are kept by
 * their stored text itself, so an item rewritten with other answers is another key and nothing
 * kept can be stale; the text alone decides the periods, so sharing them across tenants shows
 * no tenant anything it did not read. The periods are frozen, since every reader shares them.
 */
import type { AnswerPeriod } from "@termline/core";
import { LRUCache } from "lru-cache";
import { keptPeriods, type StoredTimeline } from "../projector/answer-items.ts";

/** A bound on memory (the parsed periods are several times their deflated text). */
const MAX_KEPT_BYTES = 32 * 2 ** 20;

const parsed = new LRUCache<string, readonly AnswerPeriod[]>({
  maxSize: MAX_KEPT_BYTES,
  // Its deflated text, times the repetition deflate removes from the reference case's cells.
  sizeCalculation: (_periods, deflated) => deflated.length * 16,
});

/** The periods a stored timeline keeps, frozen; undefined for the mark. */
export function periodsKeptIn(stored: StoredTimeline): readonly AnswerPeriod[] | undefined {
  if (!("deflated" in stored)) return undefined;
  const kept = parsed.get(stored.deflated);
  if (kept) return kept;
  const periods = keptPeriods(stored);
  if (!periods) return undefined;
  const frozen = deepFrozen(periods);
  parsed.set(stored.deflated, frozen);
  return frozen;
}

function deepFrozen<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) deepFrozen(item);
    Object.freeze(value);
  }
  return value;
}
