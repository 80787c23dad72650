import type { TransactPut, ViewStore } from "@termline/store";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeAnswerHistory } from "../../functions/src/projector/answer-history.ts";
import { clearRevisions } from "../../functions/src/projector/answer-revisions.ts";
import {
  givenADeliveredLog,
  harnessRuntime,
  KNOWN_AT_RUNS,
  runsOf,
  useAnswerHarness,
} from "./support/answer-harness.ts";
import { logShape } from "./support/random-logs.ts";
import { expectRevisionWindowsAsTheLog } from "./support/revision-windows.ts";
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
          const { tenant } = delivered;
          const { eventStore, viewStore } = harnessRuntime();
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

            readFromRevisions += await expectRevisionWindowsAsTheLog(delivered, { budget });
          }
        },
      ),
      runsOf(Math.min(KNOWN_AT_RUNS, 6)),
    );
    // Not vacuous: some questions were answered from what the stopped history wrote.
    expect(readFromRevisions).toBeGreaterThan(0);
  }, 240_000);
});
