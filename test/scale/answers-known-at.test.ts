import {
  availabilityWindows,
  changesThePast,
  daysAfter,
  entitlementMatrix,
  evaluateEntitlement,
  namesIn,
} from "@termline/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matrixForms } from "../support/matrix-forms.ts";
import {
  ask,
  asSent,
  givenADeliveredLog,
  KNOWN_AT_RUNS,
  portfolioOf,
  runsOf,
  useAnswerHarness,
  watchSnapshotReads,
} from "./support/answer-harness.ts";
import { cellQuery, cellsAsked, datesOf, questions } from "./support/answer-questions.ts";
import { FIRST_RECORDED, logShape } from "./support/random-logs.ts";
import { delivery, oneByOne } from "./support/stream-delivery.ts";

/**
 * The answers model as known at instants, end to end on DynamoDB Local: random logs delivered
 * in any order (or in the table's order, one record at a time), then every cell asked as known
 * at each commit's instant and between commits (answer-harness.ts).
 */

useAnswerHarness();

/** Any order, batches and duplicates; or the table's order, one record at a time. */
const knownAtDelivery = fc.oneof(oneByOne, delivery);

describe("the answers read model as known at an instant", () => {
  it("given a random log delivered in any order, when asked as known at an instant (before, between, at and after commits), then the answer equals the evaluator on the events recorded by then; and delivered in order, the model answers every cell's questions from the last correction or retraction on", async () => {
    await fc.assert(
      fc.asyncProperty(
        logShape,
        knownAtDelivery,
        questions,
        fc.nat({ max: 3 }),
        async (shape, plan, q, matrixEvery) => {
          const delivered = await givenADeliveredLog(shape, plan);
          const { tenant, commits, logs, folded } = delivered;
          // Before the first commit; each commit's very instant (recordedAt <= knownAt) and
          // halfway to the next; and a day after the last.
          const instants = commits.map(({ recordedAt }) => Date.parse(recordedAt));
          const known = [
            FIRST_RECORDED - 60_000,
            ...instants.flatMap((instant, index) => [
              instant,
              Math.floor((instant + (instants[index + 1] ?? instant + 2)) / 2),
            ]),
            (instants.at(-1) ?? FIRST_RECORDED) + 86_400_000,
          ].map((instant) => new Date(instant).toISOString());
          const dates = datesOf(q, delivered).slice(0, 2);
          const cells = cellsAsked(q, folded.catalog).slice(0, 2);
          // Cells known then are asked while the stores are watched: delivered in the table's
          // order, each has a revision from the commit that made it known, and the model answers,
          // from the last correction or retraction on (which puts what its agreement's past
          // revisions said in doubt).
          const rewrites = commits.filter(({ events }) => events.some(changesThePast));
          const readFrom = rewrites.at(-1)?.recordedAt ?? "";
          const watch = watchSnapshotReads();
          const watched = async (path: string, knownAt: string) => {
            const answer = await ask(tenant, path);
            if (!("ordered" in plan) || knownAt < readFrom) return answer;
            expect(watch.read(), `${path}: evaluated, not read from the revision`).toEqual([]);
            return answer;
          };
          for (const knownAt of known) {
            const { agreements, catalog } = portfolioOf(logs, tenant, knownAt);
            // Names are today's, whatever the instant: a rename is not news about a contract.
            const names = namesIn(folded.catalog);
            const knownThen = (kind: "products" | "providers" | "segments", id: string) =>
              catalog[kind].some((entry) => entry.id === id);
            for (const cell of cells)
              for (const day of dates) {
                const path = `/entitlements?${cellQuery(cell)}&at=${day}&knownAt=${encodeURIComponent(knownAt)}`;
                // A cell whose entries the catalog did not hold yet has no revision then: the
                // API still answers (the ids are today's), from what had been recorded.
                const inCatalogThen =
                  knownThen("products", cell.product) &&
                  knownThen("providers", cell.provider) &&
                  knownThen("segments", cell.segment);
                const read = (asked: string) =>
                  inCatalogThen ? watched(asked, knownAt) : ask(tenant, asked);
                const { status, body } = await read(path);
                const answer = evaluateEntitlement(
                  agreements,
                  { ...cell, at: day },
                  catalog,
                  names,
                );
                expect({ path, status, body }).toEqual({ path, status: 200, body: asSent(answer) });
                const to = daysAfter(day, q.spans[0] ?? 0);
                const range = `${cellQuery(cell)}&from=${day}&to=${to}`;
                const windows = await read(
                  `/entitlements/availability?${range}&knownAt=${encodeURIComponent(knownAt)}`,
                );
                const expected = availabilityWindows(
                  agreements,
                  catalog,
                  { ...cell, from: day, to },
                  names,
                ).windows;
                expect({ range, knownAt, ...windows }).toEqual({
                  range,
                  knownAt,
                  status: 200,
                  body: asSent({ ...cell, from: day, to, windows: expected }),
                });
                // What an evaluated question read is not for the next watched one to see.
                if (!inCatalogThen) watch.clear();
              }
            watch.clear();
            // The matrix as known then is evaluated: asked at some of the instants only.
            if (known.indexOf(knownAt) % (matrixEvery + 4) !== 0) continue;
            const day = dates[0] as string;
            const matrix = entitlementMatrix(agreements, day, "commercial", catalog, names);
            for (const { path, expected } of matrixForms(
              `/entitlements/matrix?segment=commercial&at=${day}&knownAt=${encodeURIComponent(knownAt)}`,
              matrix,
            )) {
              const { status, body } = await ask(tenant, path);
              expect({ path, status, body }).toEqual({ path, status: 200, body: expected });
            }
            watch.clear();
          }
          watch.restore();
        },
      ),
      runsOf(KNOWN_AT_RUNS),
    );
  }, 360_000);
});
