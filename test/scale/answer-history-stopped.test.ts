import { availabilityWindows, daysAfter, namesIn } from "@termline/core";
import type { TransactPut, ViewStore } from "@termline/store";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeAnswerHistory } from "../../functions/src/projector/answer-history.ts";
import { clearRevisions } from "../../functions/src/projector/answer-revisions.ts";
import { readAvailabilityKnownAt } from "../../functions/src/services/answer-reads.ts";
import { EPOCH, SPAN_DAYS } from "../../packages/core/src/testing/portfolio-arbitraries.ts";
import {
  asSent,
  givenADeliveredLog,
  harnessRuntime,
  KNOWN_AT_RUNS,
  portfolioOf,
  runsOf,
  useAnswerHarness,
} from "./support/answer-harness.ts";
import { cellsOf } from "./support/answer-questions.ts";
import { logShape } from "./support/random-logs.ts";
import { delivery } from "./support/stream-delivery.ts";

/**
 * A rebuild clears the revisions, then writes the history again: on AWS inside a function that
 * may time out, and with batch writes that may fail. A history stopped after any number of its
 * writes must not answer for an instant it did not reach: every answer read from a revision, as
 * known at any instant, is the log's (and past where the history got to, the route evaluates).
 */

useAnswerHarness();

/** The view store, but its unconditional batch writes stop for good after `budget` puts. */
function stoppingAfter(viewStore: ViewStore, budget: number) {
  let left = budget;
  const stopping: ViewStore = Object.create(viewStore);
  stopping.putViewsUnconditionally = async (puts: TransactPut[]) => {
    const written = puts.slice(0, Math.max(0, left));
    left -= puts.length;
    if (written.length > 0) await viewStore.putViewsUnconditionally(written);
    if (written.length < puts.length) throw new Error("history stopped");
  };
  return stopping;
}

/** How many puts a whole history writes, counted while it writes them. */
function counting(viewStore: ViewStore) {
  const count = { puts: 0 };
  const counted: ViewStore = Object.create(viewStore);
  counted.putViewsUnconditionally = async (puts: TransactPut[]) => {
    count.puts += puts.length;
    await viewStore.putViewsUnconditionally(puts);
  };
  return { counted, count };
}

describe("a rebuild's history, stopped part way", () => {
  it("given a history stopped after any number of its writes, when asked as known at each commit, then every cell's windows read from its revisions are the log's", async () => {
    let readFromRevisions = 0;
    await fc.assert(
      fc.asyncProperty(
        logShape,
        delivery,
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        async (shape, plan, stopAt) => {
          const delivered = await givenADeliveredLog(shape, plan);
          const { tenant, commits, logs, folded } = delivered;
          const runtime = harnessRuntime();
          const { eventStore, viewStore } = runtime;
          await clearRevisions(viewStore, tenant);
          const { counted, count } = counting(viewStore);
          await writeAnswerHistory({ eventStore, viewStore: counted }, tenant);
          fc.pre(count.puts >= 2);

          // Three stops, a third of the history apart, from a random one.
          for (const third of [0, 1, 2]) {
            await clearRevisions(viewStore, tenant);
            const budget = 1 + Math.floor(((stopAt + third / 3) % 1) * (count.puts - 1));
            await expect(
              writeAnswerHistory(
                { eventStore, viewStore: stoppingAfter(viewStore, budget) },
                tenant,
              ),
            ).rejects.toThrow("history stopped");

            // Every cell over the whole span, as windows: a history cut between two of a cell's
            // revisions shows only in that cell, and only on the days where they differ.
            const range = { from: daysAfter(EPOCH, -400), to: daysAfter(EPOCH, SPAN_DAYS + 400) };
            const today = namesIn(folded.catalog);
            for (const { recordedAt: knownAt } of commits) {
              const { agreements, catalog } = portfolioOf(logs, tenant, knownAt);
              for (const cell of cellsOf(folded.catalog)) {
                const read = await readAvailabilityKnownAt(runtime, tenant, cell, range, knownAt);
                // Undefined: the route evaluates the log, as it does before any revision.
                if (read.answer === undefined) continue;
                readFromRevisions++;
                const { windows } = availabilityWindows(
                  agreements,
                  catalog,
                  { ...cell, ...range },
                  today,
                );
                expect({ cell, knownAt, budget, windows: asSent(read.answer.windows) }).toEqual({
                  cell,
                  knownAt,
                  budget,
                  windows: asSent(windows),
                });
              }
            }
          }
        },
      ),
      runsOf(Math.min(KNOWN_AT_RUNS, 6)),
    );
    // Not vacuous: some questions were answered from what the stopped history wrote.
    expect(readFromRevisions).toBeGreaterThan(0);
  }, 240_000);
});
