import { availabilityWindows, catalogCells, daysAfter, namesIn } from "@termline/core";
import { expect } from "vitest";
import { readAvailabilityKnownAt } from "../../../functions/src/services/answer-reads.ts";
import { EPOCH, SPAN_DAYS } from "../../../packages/core/src/testing/portfolio-arbitraries.ts";
import { asSent, type Delivered, harnessRuntime, portfolioOf } from "./answer-harness.ts";

/**
 * Every cell's windows over the whole span, as known at each commit's instant, read from the
 * revisions alone: each one read equals the evaluator on the events recorded by then (a wrong
 * revision shows only in its cell, and only on the days where it differs, hence every cell and
 * the whole span). A cell the revisions cannot answer is skipped: the route evaluates the log
 * for it. Returns how many were read, so a test can tell it was not vacuous; `context` is
 * shown beside a failure.
 */
export async function expectRevisionWindowsAsTheLog(
  { tenant, commits, logs, folded }: Delivered,
  context: Record<string, unknown> = {},
): Promise<number> {
  const runtime = harnessRuntime();
  const range = { from: daysAfter(EPOCH, -400), to: daysAfter(EPOCH, SPAN_DAYS + 400) };
  const today = namesIn(folded.catalog);
  let read = 0;
  for (const { recordedAt: knownAt } of commits) {
    const { agreements, catalog } = portfolioOf(logs, tenant, knownAt);
    for (const cell of catalogCells(folded.catalog)) {
      const { answer } = await readAvailabilityKnownAt(runtime, tenant, cell, range, knownAt);
      if (answer === undefined) continue;
      read++;
      const { windows } = availabilityWindows(agreements, catalog, { ...cell, ...range }, today);
      expect({ cell, knownAt, ...context, windows: asSent(answer.windows) }).toEqual({
        cell,
        knownAt,
        ...context,
        windows: asSent(windows),
      });
    }
  }
  return read;
}
