import type { TimedAnswer } from "@termline/core";
import { deflatedJson } from "./deflated-json.ts";

// A period's item and the revision body kept under its digest hold the same answer object, and
// each asks its size as JSON and its deflated form: a busy cell's answers are hundreds of KB of
// JSON each, so those are worked out once per answer. Answers are never changed once made.
const bytesByAnswer = new WeakMap<TimedAnswer, number>();
const deflatedByAnswer = new WeakMap<TimedAnswer, string>();

/** The answer's size as JSON, in bytes. */
export function answerBytes(answer: TimedAnswer): number {
  const known = bytesByAnswer.get(answer);
  if (known !== undefined) return known;
  const bytes = Buffer.byteLength(JSON.stringify(answer));
  bytesByAnswer.set(answer, bytes);
  return bytes;
}

/** The answer as JSON deflated into base64 (`deflatedJson`). */
export function deflatedAnswer(answer: TimedAnswer): string {
  const known = deflatedByAnswer.get(answer);
  if (known !== undefined) return known;
  const deflated = deflatedJson(answer);
  deflatedByAnswer.set(answer, deflated);
  return deflated;
}
