import { evaluateEntitlement, namesIn } from "@termline/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeAnswerHistory } from "../../functions/src/projector/answer-history.ts";
import { refreshAnswers } from "../../functions/src/projector/answer-projection.ts";
import { clearRevisions } from "../../functions/src/projector/answer-revisions.ts";
import {
  ask,
  asSent,
  givenADeliveredLog,
  harnessRuntime,
  KNOWN_AT_RUNS,
  portfolioOf,
  runsOf,
  useAnswerHarness,
  watchSnapshotReads,
} from "./support/answer-harness.ts";
import { cellQuery, cellsAsked, datesOf, questions } from "./support/answer-questions.ts";
import { logShape } from "./support/random-logs.ts";
import { delivery } from "./support/stream-delivery.ts";

/**
 * A rebuild recreates what was known when within a bound on its work (`MAX_HISTORY_WORK`): the
 * latest instants it affords. Here the bound is half a random log's history: a cell as known at
 * each commit's instant equals the evaluator on the events recorded by then, read from a
 * revision from the first instant covered on (or the latest, whose revision the rebuild's refresh
 * writes), and evaluated from the log before it.
 */

useAnswerHarness();

describe("a rebuild's history, bounded", () => {
  it("given a history costing twice the bound, when rebuilt, then the latest instants are read from revisions and the earlier evaluated, each as the log says", async () => {
    await fc.assert(
      fc.asyncProperty(logShape, delivery, questions, async (shape, plan, q) => {
        const delivered = await givenADeliveredLog(shape, plan);
        const { tenant, commits, logs, folded } = delivered;
        const { eventStore, viewStore } = harnessRuntime();
        const stores = { eventStore, viewStore };
        // What the whole history reads, then half of it as the bound.
        await clearRevisions(viewStore, tenant);
        const { work } = await writeAnswerHistory(stores, tenant);
        fc.pre(work >= 2);
        await clearRevisions(viewStore, tenant);
        const { from } = await writeAnswerHistory(stores, tenant, {
          maxWork: Math.floor(work / 2),
        });
        await refreshAnswers(viewStore, tenant, "all", undefined, { rewrite: true });
        expect(from, "a history past its bound covers only its latest instants").toBeDefined();

        const [cell] = cellsAsked(q, folded.catalog);
        if (!cell || from === undefined) return;
        const at = datesOf(q, delivered)[0] as string;
        const today = namesIn(folded.catalog);
        const latest =
          commits
            .map(({ recordedAt }) => recordedAt)
            .sort()
            .at(-1) ?? "";
        for (const { recordedAt: knownAt } of commits) {
          const { agreements, catalog } = portfolioOf(logs, tenant, knownAt);
          const answer = evaluateEntitlement(agreements, { ...cell, at }, catalog, today);
          const path = `/entitlements?${cellQuery(cell)}&at=${at}&knownAt=${encodeURIComponent(knownAt)}`;
          const watch = watchSnapshotReads();
          try {
            expect({ path, ...(await ask(tenant, path)) }).toEqual({
              path,
              status: 200,
              body: asSent(answer),
            });
            const evaluated = watch.read().length > 0;
            expect({ knownAt, from, evaluated }).toEqual({
              knownAt,
              from,
              // The rebuild's own refresh labels its revision with the latest instant recorded.
              evaluated: knownAt < from && knownAt < latest,
            });
          } finally {
            watch.restore();
          }
        }
      }),
      runsOf(Math.min(KNOWN_AT_RUNS, 5)),
    );
  }, 240_000);
});
