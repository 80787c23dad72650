import type { EventStore } from "@termline/store";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { writeAnswerHistory } from "../../functions/src/projector/answer-history.ts";
import { refreshAnswers } from "../../functions/src/projector/answer-projection.ts";
import { clearRevisions } from "../../functions/src/projector/answer-revisions.ts";
import { answerScopeOf, recordedSpanOf } from "../../functions/src/projector/answer-scope.ts";
import { CATALOG_STREAM } from "../../functions/src/projector/catalog-projection.ts";
import {
  givenADeliveredLog,
  harnessRuntime,
  KNOWN_AT_RUNS,
  runsOf,
  useAnswerHarness,
} from "./support/answer-harness.ts";
import { type Commit, logShape } from "./support/random-logs.ts";
import { expectRevisionWindowsAsTheLog } from "./support/revision-windows.ts";
import { delivery } from "./support/stream-delivery.ts";

/**
 * An append decided before a rebuild's history read its agreement's log can commit after it:
 * recorded inside the history, missing from it. The stream refreshes it as soon as it lands,
 * and the history's puts come after. Once written, the history must not answer as if the
 * commit had not been recorded: every answer read from a revision, as known at any instant,
 * is the log's.
 */

useAnswerHarness();

/** The event store, but the history reads `stream` as it stood before its last `late` events. */
function readingBefore(eventStore: EventStore, stream: string, late: number): EventStore {
  const reading: EventStore = Object.create(eventStore);
  reading.readStream = async (tenant, id, options = {}) => {
    const events = await eventStore.readStream(tenant, id, options);
    if (id !== stream || options.afterVersion !== undefined) return events;
    return events.slice(0, events.length - late);
  };
  return reading;
}

describe("a rebuild's history, with a commit landing while it is written", () => {
  it("given a commit recorded inside the history but missing from the logs it read, when the history is written after the stream refreshed the commit, then every cell's windows read from its revisions are the log's", async () => {
    let readFromRevisions = 0;
    await fc.assert(
      fc.asyncProperty(logShape, delivery, async (shape, plan) => {
        const delivered = await givenADeliveredLog(shape, plan);
        const { tenant, commits, logs } = delivered;
        // The last commit of an agreement, one that bears on answers, with later commits
        // recorded after it: the earliest such, so the most revisions are written past it.
        const latest =
          commits
            .map(({ recordedAt }) => recordedAt)
            .sort()
            .at(-1) ?? "";
        const landedOf = (commit: Commit) =>
          (logs.get(commit.stream) ?? []).slice(-commit.events.length);
        const candidates = commits.filter(
          (commit, index) =>
            commit.stream !== CATALOG_STREAM &&
            commit.recordedAt < latest &&
            !commits.slice(index + 1).some(({ stream }) => stream === commit.stream) &&
            answerScopeOf(landedOf(commit)) !== undefined,
        );
        const commit = candidates.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))[0];
        fc.pre(commit !== undefined);
        if (!commit) return;
        const { eventStore, viewStore } = harnessRuntime();
        await clearRevisions(viewStore, tenant);
        // The stream refreshes the commit as it lands, after the history read the logs.
        const landed = landedOf(commit);
        const scope = answerScopeOf(landed);
        if (scope)
          await refreshAnswers(viewStore, tenant, scope, undefined, {
            recorded: recordedSpanOf(landed),
          });
        const reading = readingBefore(eventStore, commit.stream, commit.events.length);
        const { late } = await writeAnswerHistory({ eventStore: reading, viewStore }, tenant);
        expect(late).toBe(commit.events.length);

        readFromRevisions += await expectRevisionWindowsAsTheLog(delivered);
      }),
      runsOf(Math.min(KNOWN_AT_RUNS, 6)),
    );
    expect(readFromRevisions).toBeGreaterThan(0);
  }, 240_000);
});
