import {
  active,
  availabilityWindows,
  conflictPeriods,
  daysAfter,
  entitlementMatrix,
  evaluateEntitlement,
  type Matrix,
  matrixChangesOf,
  namesIn,
} from "@termline/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { refreshAnswers } from "../../functions/src/projector/answer-projection.ts";
import { createWorkload } from "../../functions/src/services/workloads.ts";
import { answersAsRebuilt, matricesAndSummaries } from "../support/answer-items.ts";
import { matrixForms } from "../support/matrix-forms.ts";
import {
  ask,
  asSent,
  type Delivered,
  givenADeliveredLog,
  harnessRuntime,
  type Portfolio,
  portfolioOf,
  RUNS,
  runsOf,
  useAnswerHarness,
  watchSnapshotReads,
} from "./support/answer-harness.ts";
import {
  cellQuery,
  cellsAsked,
  datesOf,
  daysNamedBy,
  type Questions,
  questions,
} from "./support/answer-questions.ts";
import { type Commit, commitsOf, logShape } from "./support/random-logs.ts";
import { delivery } from "./support/stream-delivery.ts";

/**
 * The answers read model end to end, on DynamoDB Local: random logs (terms granted, amended,
 * ended, disputed; corrections and retractions; catalog renames, retirements, launches and
 * additions), each commit decided by the real deciders, are appended through the real event
 * store while their stream records are delivered to the projector's handler as Lambda might
 * (late, out of order, in batches, twice), and every answer the API then gives (the model, at
 * pauses and at the end; `knownAt`; after a rebuild) must equal the evaluator run on the
 * portfolio folded from the log itself. Each run has a tenant of its own: no cleanup. The
 * harness, and how to ask for more runs or replay one: support/answer-harness.ts.
 */

useAnswerHarness();

/**
 * At a pause, the answers the commits since the last pause changed (on the days they name,
 * in every segment's matrix) are the evaluator's on the log so far, read from the model. Only
 * those are asked, as most commits change few answers: a refresh that misses one shows there.
 */
async function expectWhatChangedAsTheFoldSoFar(
  sofar: Delivered,
  phase: Commit[],
  before: Portfolio,
) {
  const { agreements, catalog } = sofar.folded;
  // The latest commits' days first: an earlier commit's answers may have moved on since.
  const days = [...new Set([...phase].reverse().flatMap(daysNamedBy))];
  // Two of them at most: each is a request, and the pauses are many.
  const changed: { segment: string; at: string; matrix: Matrix }[] = [];
  for (const at of days)
    for (const { id: segment } of catalog.segments) {
      if (changed.length >= 2) break;
      const matrix = entitlementMatrix(agreements, at, segment, catalog);
      const then = entitlementMatrix(before.agreements, at, segment, before.catalog);
      if (JSON.stringify(matrix) !== JSON.stringify(then)) changed.push({ segment, at, matrix });
    }
  const watch = watchSnapshotReads();
  try {
    for (const { segment, at, matrix } of changed)
      for (const { path, expected } of matrixForms(
        `/entitlements/matrix?segment=${segment}&at=${at}`,
        matrix,
      )) {
        const { status, body } = await ask(sofar.tenant, path);
        expect({ path, status, body }, "at a pause").toEqual({ path, status: 200, body: expected });
      }
    expect(watch.read(), "answered by evaluating the snapshots, not from the model").toEqual([]);
  } finally {
    watch.restore();
  }
}

/**
 * Asks the API, without knownAt, the matrix of every segment on each date, sampled cells'
 * entitlements on two of the dates and their availability over ranges, the conflicts from the
 * first date to the last (every segment, and the first alone) and the days each segment's
 * matrix changes over that range, a workload's entitlements on
 * every offered cloud, and expects each answer to equal the evaluator on the folded portfolio,
 * read from the model (no snapshot read). Returns what was asked and answered, for the rebuild
 * to ask again.
 */
async function expectTheModelToAnswerAsTheFold(
  delivered: Delivered,
  q: Questions,
): Promise<Map<string, unknown>> {
  const { tenant, folded } = delivered;
  const { agreements, catalog } = folded;
  const names = namesIn(catalog);
  const dates = datesOf(q, delivered);
  const cells = cellsAsked(q, catalog);
  const expected = new Map<string, unknown>();
  for (const { id: segment } of catalog.segments)
    for (const at of dates) {
      const matrix = entitlementMatrix(agreements, at, segment, catalog);
      for (const form of matrixForms(`/entitlements/matrix?segment=${segment}&at=${at}`, matrix))
        expected.set(form.path, form.expected);
    }
  // Each cell on two of the dates (the matrices above have every active cell on all of them).
  for (const [index, cell] of cells.entries())
    for (const at of [dates[index % dates.length], dates[(index + 1) % dates.length]] as string[])
      expected.set(
        `/entitlements?${cellQuery(cell)}&at=${at}`,
        evaluateEntitlement(agreements, { ...cell, at }, catalog, names),
      );
  cells.slice(0, 2).forEach((cell, index) => {
    const from = dates[index % dates.length] as string;
    const to = daysAfter(from, q.spans[index] ?? 0);
    const { windows } = availabilityWindows(agreements, catalog, { ...cell, from, to }, names);
    expected.set(`/entitlements/availability?${cellQuery(cell)}&from=${from}&to=${to}`, {
      ...cell,
      from,
      to,
      windows,
    });
  });
  // The conflicts from the first date asked to the last, in every segment and in the first.
  const sorted = [...dates].sort();
  const [from, to] = [sorted[0] as string, sorted.at(-1) as string];
  for (const segment of [undefined, catalog.segments[0]?.id]) {
    const conflicts = conflictPeriods(agreements, catalog, { from, to, segment }, names);
    const only = segment ? `&segment=${segment}` : "";
    expected.set(`/conflicts?from=${from}&to=${to}${only}`, { from, to, conflicts });
    // The first of them, as a home page asks.
    for (const limit of [1, 3])
      expected.set(`/conflicts?from=${from}&to=${to}${only}&limit=${limit}`, {
        from,
        to,
        conflicts: conflicts.slice(0, limit),
        more: conflicts.length > limit,
      });
  }
  // The days each segment's matrix changes over the same range.
  for (const { id: segment } of catalog.segments) {
    const changes = matrixChangesOf(agreements, catalog, segment, { from, to }, names);
    const path = `/entitlements/changes?segment=${segment}&from=${from}&to=${to}`;
    expected.set(path, { segment, from, to, changes });
  }
  // A workload on the first cell's product and segment, naming no cloud: every offered one.
  const [asked] = cells;
  if (asked) {
    const workload = { id: "asked", name: "Asked", product: asked.product, segment: asked.segment };
    await createWorkload(harnessRuntime(), tenant, workload);
    const at = dates[0] as string;
    const providers = active(catalog.providers).map(({ id: provider }) => {
      const { decision, certainty, reasons } = evaluateEntitlement(
        agreements,
        { ...asked, provider, at },
        catalog,
        names,
      );
      return { provider, decision, certainty, reasons };
    });
    expected.set(`/workloads/asked/entitlements?at=${at}`, { workload, at, providers });
  }
  const watch = watchSnapshotReads();
  const answered = new Map<string, unknown>();
  try {
    for (const [path, answer] of expected) {
      const { status, body } = await ask(tenant, path);
      expect({ path, status, body }).toEqual({ path, status: 200, body: asSent(answer) });
      answered.set(path, body);
    }
    expect(watch.read(), "answered by evaluating the snapshots, not from the model").toEqual([]);
  } finally {
    watch.restore();
  }
  return answered;
}

/** The answer items of a tenant a rebuild writes, keys and bodies as opaque JSON. */
const answerItems = (tenant: string) => answersAsRebuilt(harnessRuntime().viewStore, tenant);

/**
 * After a rebuild, which recreates what was known when from the log: a cell as known at each
 * commit's instant, and a moment before it, equals the evaluator on the events recorded by then,
 * and is read from the cell's revisions (no snapshot, listing or log read).
 */
async function expectKnownAtEveryCommitAsTheLog(delivered: Delivered, q: Questions) {
  const { tenant, commits, logs, folded } = delivered;
  const [cell] = cellsAsked(q, folded.catalog);
  if (!cell) return;
  const at = datesOf(q, delivered)[0] as string;
  // Names are today's, whatever the instant: a rename is not news about a contract.
  const today = namesIn(folded.catalog);
  const first = commits[0]?.recordedAt ?? "";
  const instants = commits.flatMap(({ recordedAt }) => {
    const before = new Date(Date.parse(recordedAt) - 1).toISOString();
    return before > first ? [before, recordedAt] : [recordedAt];
  });
  const watch = watchSnapshotReads();
  try {
    for (const knownAt of instants) {
      const { agreements, catalog } = portfolioOf(logs, tenant, knownAt);
      const answer = evaluateEntitlement(agreements, { ...cell, at }, catalog, today);
      const path = `/entitlements?${cellQuery(cell)}&at=${at}&knownAt=${encodeURIComponent(knownAt)}`;
      expect({ path, ...(await ask(tenant, path)) }, "as known, after a rebuild").toEqual({
        path,
        status: 200,
        body: asSent(answer),
      });
    }
    expect(watch.read(), "as known, evaluated rather than read from revisions").toEqual([]);
  } finally {
    watch.restore();
  }
}

describe("the random logs", () => {
  it("hold corrections, retractions, catalog changes and several agreements in many runs", () => {
    // What the properties below can find depends on what the deciders accept of the ops.
    const runs = new Map<string, number>();
    for (const shape of fc.sample(logShape, { numRuns: 200, seed: 20261201 })) {
      const commits = commitsOf("sample", shape);
      const agreements = new Set(commits.map(({ stream }) => stream)).size - 1;
      const seen = [
        ...commits.slice(1).flatMap(({ events }) => events.map(({ type }) => type)),
        ...(agreements > 1 ? ["several agreements"] : []),
      ];
      for (const type of new Set(seen)) runs.set(type, (runs.get(type) ?? 0) + 1);
    }
    const wanted = [
      "EventCorrected",
      "EventRetracted",
      "TermAmended",
      "DisputeRaised",
      "CatalogEntryChanged",
      "ProductAdded",
      "ProviderAdded",
      "SegmentAdded",
      "several agreements",
    ];
    const counts = Object.fromEntries(wanted.map((type) => [type, runs.get(type) ?? 0]));
    for (const type of wanted) expect(counts[type], JSON.stringify(counts)).toBeGreaterThan(10);
  });
});

/** Asks each question again: the same answer as before, under `when`. */
async function expectTheSameAnswers(tenant: string, answered: Map<string, unknown>, when: string) {
  for (const [path, before] of answered) {
    const after = await ask(tenant, path);
    expect({ path, ...after }, when).toEqual({ path, status: 200, body: before });
  }
}

describe("the answers read model, fed by the stream in any order", () => {
  it("given a random log delivered in any order, batches and duplicates, when asked, then every answer equals the evaluator on the folded log; and rebuilt from the log, every answer, every item a rebuild writes and a cell as known at each commit stay the same", async () => {
    await fc.assert(
      fc.asyncProperty(logShape, delivery, questions, async (shape, plan, q) => {
        const delivered = await givenADeliveredLog(shape, plan, expectWhatChangedAsTheFoldSoFar);
        const answered = await expectTheModelToAnswerAsTheFold(delivered, q);

        // The incremental model, then the same tenant rebuilt from its log.
        const incremental = await answerItems(delivered.tenant);
        expect(Object.keys(incremental).length).toBeGreaterThan(0);
        const matrices = await matricesAndSummaries(harnessRuntime().viewStore, delivered.tenant);
        expect(matrices.stored, "each matrix item as its summaries").toEqual(
          matrices.fromSummaries,
        );
        const rebuilt = await ask(delivered.tenant, "/admin/rebuild", "admin", "POST");
        expect(rebuilt).toMatchObject({ status: 200, body: { complete: true } });
        expect(await answerItems(delivered.tenant), "answer items after a rebuild").toEqual(
          incremental,
        );
        await expectKnownAtEveryCommitAsTheLog(delivered, q);
        await expectTheSameAnswers(delivered.tenant, answered, "after a rebuild");
        // Every cell out of the model, as the busiest are at N = 10,000: each question is then
        // evaluated, from the snapshots of the agreements reaching its product, with the same answer.
        const { viewStore } = harnessRuntime();
        const left = await refreshAnswers(viewStore, delivered.tenant, "all", undefined, {
          rewrite: true,
          maxReasons: 0,
        });
        expect(left.tooLarge.length).toBe(left.cells);
        const watch = watchSnapshotReads();
        try {
          await expectTheSameAnswers(delivered.tenant, answered, "out of the model");
          // Evaluated: the answers came from snapshots, not from a model left behind.
          expect(watch.read().length).toBeGreaterThan(0);
        } finally {
          watch.restore();
        }
      }),
      runsOf(RUNS),
    );
  }, 360_000);
});
