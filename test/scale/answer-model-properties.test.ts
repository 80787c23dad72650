import { randomUUID } from "node:crypto";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import {
  type AgreementState,
  availabilityWindows,
  type Catalog,
  dayAfter,
  daysAfter,
  earliestDay,
  emptyCatalog,
  entitlementMatrix,
  evaluateEntitlement,
  fold,
  foldCatalog,
  latestDay,
  type Matrix,
  namesIn,
  type StoredEvent,
  toFuzzy,
} from "@termline/core";
import { createDynamoClients, type TableNames } from "@termline/store";
import type { DynamoDBRecord } from "aws-lambda";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Principal } from "../../functions/src/api/auth.ts";
import { type Wiring, wire } from "../../functions/src/local/wiring.ts";
import { EPOCH, SPAN_DAYS } from "../../packages/core/src/testing/portfolio-arbitraries.ts";
import { BASE } from "../api/support.ts";
import { answersAsRebuilt } from "../support/answer-items.ts";
import { insertRecord } from "../support/events.ts";
import { matrixForms } from "../support/matrix-forms.ts";
import {
  CATALOG_STREAM,
  type Commit,
  commitsOf,
  FIRST_RECORDED,
  type LogShape,
  logShape,
} from "./support/random-logs.ts";
import {
  batchesOf,
  type Delivery,
  delivery,
  oneByOne,
  type Slot,
} from "./support/stream-delivery.ts";

/**
 * The answers read model end to end, on DynamoDB Local: random logs (terms granted, amended,
 * ended, disputed; corrections and retractions; catalog renames, retirements, launches and
 * additions), each commit decided by the real deciders, are appended through the real event
 * store while their stream records are delivered to the projector's handler as Lambda might
 * (late, out of order, in batches, twice), and every answer the API then gives (the model, at
 * pauses and at the end; `knownAt`; after a rebuild) must equal the evaluator run on the
 * portfolio folded from the log itself. Each run has a tenant of its own: no cleanup.
 *
 * Runs are few (each is a few seconds of DynamoDB Local); `ANSWER_PROPERTY_RUNS` asks for more,
 * and a failure prints its seed and path, which `ANSWER_PROPERTY_SEED` and
 * `ANSWER_PROPERTY_PATH` replay.
 *
 * The API harness of test/api is not used: its tokens are fixed to two tenants, and each run
 * needs a tenant of its own. This file wires the same app with a token map it extends per run.
 */

const RUNS = Number(process.env.ANSWER_PROPERTY_RUNS ?? 15);
const KNOWN_AT_RUNS = Number(process.env.ANSWER_PROPERTY_RUNS ?? 8);
const SEED = process.env.ANSWER_PROPERTY_SEED
  ? Number(process.env.ANSWER_PROPERTY_SEED)
  : undefined;
const PATH = process.env.ANSWER_PROPERTY_PATH;

/** Where the view store's keys of agreements live: a read of them means evaluation, not the model. */
const SNAPSHOT_KEYS = /^(agreement|listing)#/;

// ---------------------------------------------------------------------------------------------
// The harness: the real app, projector and stores on tables of this file's own.

const tokens = new Map<string, Principal>();
let wiring: Wiring;
let tables: TableNames;
let endpoint: string;

beforeAll(async () => {
  endpoint = inject("dynamoEndpoint");
  const suffix = randomUUID().slice(0, 8);
  tables = { events: `props-events-${suffix}`, views: `props-views-${suffix}` };
  wiring = await wire({ endpoint, tables, tokens, clock: () => new Date(FIRST_RECORDED) });
});

afterAll(async () => {
  const { client } = createDynamoClients({ endpoint });
  await Promise.all(
    [tables.events, tables.views].map((TableName) =>
      client.send(new DeleteTableCommand({ TableName })).catch(() => undefined),
    ),
  );
  client.destroy();
});

interface Answer {
  status: number;
  body: unknown;
}

async function ask(
  tenant: string,
  path: string,
  role: "viewer" | "admin" = "viewer",
  method = "GET",
): Promise<Answer> {
  const response = await wiring.app.request(`${BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${role}-${tenant}` },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** As the API would send it: what JSON keeps of an evaluator's answer. */
const asSent = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

// ---------------------------------------------------------------------------------------------
// The oracle: the portfolio folded from the log, at an instant if given.

interface Portfolio {
  agreements: AgreementState[];
  catalog: Catalog;
}

function portfolioOf(
  logs: Map<string, StoredEvent[]>,
  tenant: string,
  knownAt?: string,
): Portfolio {
  const known = (events: StoredEvent[]) =>
    knownAt === undefined ? events : events.filter(({ recordedAt }) => recordedAt <= knownAt);
  const agreements = [...logs.entries()]
    .filter(([stream]) => stream !== CATALOG_STREAM)
    .map(([id, events]) => fold(tenant, id, known(events)))
    .filter(({ exists }) => exists)
    // The API reads snapshots in key order, and reasons come in that order.
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { agreements, catalog: foldCatalog(known(logs.get(CATALOG_STREAM) ?? [])) };
}

/** Days where answers turn: each term's first day and the day after it ends. */
function edgesOf({ agreements }: Portfolio): string[] {
  return agreements.flatMap(({ terms }) =>
    Object.values(terms).flatMap((term) => {
      const until = term.attributes.until;
      const ends = [
        ...(term.ended ? [term.ended.on] : []),
        ...(typeof until === "string" ? [latestDay(until)] : []),
      ];
      return [term.granted.on, ...ends.map(dayAfter)];
    }),
  );
}

const cellsOf = (catalog: Catalog) =>
  catalog.segments.flatMap(({ id: segment }) =>
    catalog.products.flatMap(({ id: product }) =>
      catalog.providers.map(({ id: provider }) => ({ product, provider, segment })),
    ),
  );

/**
 * Watches the stores while the API answers: a read of an agreement's snapshot, listing or log
 * means the answer was evaluated rather than read from the model (which would then go
 * untested), so the model's questions must make none.
 */
function watchSnapshotReads() {
  const { viewStore, eventStore } = wiring.runtime;
  const spies = {
    getView: vi.spyOn(viewStore, "getView"),
    getViews: vi.spyOn(viewStore, "getViews"),
    listViews: vi.spyOn(viewStore, "listViews"),
    readStream: vi.spyOn(eventStore, "readStream"),
  };
  return {
    read: () =>
      [
        ...spies.getView.mock.calls.map(([, key]) => key),
        ...spies.getViews.mock.calls.flatMap(([, keys]) => keys),
        ...spies.listViews.mock.calls.map(([, prefix]) => prefix),
      ]
        .filter((key) => SNAPSHOT_KEYS.test(key))
        .concat(spies.readStream.mock.calls.map(([, stream]) => `log of ${stream}`)),
    clear: () => {
      for (const spy of Object.values(spies)) spy.mockClear();
    },
    restore: () => {
      for (const spy of Object.values(spies)) spy.mockRestore();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Given a log appended and delivered: what each property starts from.

interface Delivered {
  tenant: string;
  commits: Commit[];
  logs: Map<string, StoredEvent[]>;
  /** The whole portfolio folded from the log. */
  folded: Portfolio;
}

let run = 0;

async function logsOf(tenant: string, streams: Iterable<string>) {
  const logs = new Map<string, StoredEvent[]>();
  for (const stream of streams)
    logs.set(
      stream,
      await wiring.runtime.eventStore.readStream(tenant, stream, { consistent: true }),
    );
  return logs;
}

/**
 * Appends the commits through the real event store in a tenant of their own, handing the
 * stream records of the committed events to the projector's handler in the delivery's order
 * and batches. At each pause (every commit up to it appended and delivered, none after it)
 * `paused` is told the log so far. The logs are read back from the store: the oracle's input.
 */
async function givenADeliveredLog(
  shape: LogShape,
  plan: Delivery,
  paused?: (sofar: Delivered, phase: Commit[], before: Portfolio) => Promise<void>,
): Promise<Delivered> {
  const tenant = `props-${++run}-${randomUUID().slice(0, 6)}`;
  tokens.set(`viewer-${tenant}`, { tenant, role: "viewer", name: "viewer" });
  tokens.set(`admin-${tenant}`, { tenant, role: "admin", name: "admin" });
  const commits = commitsOf(tenant, shape);
  const slots: Slot[] = [];
  const versions = new Map<string, number>();
  for (const [commit, { stream, events }] of commits.entries())
    for (const _ of events) {
      const version = (versions.get(stream) ?? 0) + 1;
      versions.set(stream, version);
      slots.push({ commit, stream, version });
    }
  // Appends go along with deliveries: a batch is handed over once the commits of its records
  // are in the table, so the projector reads the log as it stood then, not the final one.
  // Records are in commit order, as the table's stream numbers them: records[i] is slots[i].
  const records: DynamoDBRecord[] = [];
  let appended = 0;
  const appendUpTo = async (last: number) => {
    for (; appended <= last; appended++) {
      const { stream, events, recordedAt } = commits[appended] as Commit;
      const { events: stored } = await wiring.runtime.eventStore.append({
        tenant,
        agreementId: stream,
        expectedVersion: slots.filter((slot) => slot.commit < appended && slot.stream === stream)
          .length,
        events,
        recordedAt,
        recordedBy: "loader",
        newEventId: randomUUID,
      });
      for (const event of stored) records.push(insertRecord(event, String(records.length + 1)));
    }
  };
  const last = commits.length - 1;
  const pauses = [...new Set([...plan.pauses.map((pause) => pause % commits.length), last])].sort(
    (a, b) => a - b,
  );
  let from = 0;
  let before: Portfolio = { agreements: [], catalog: emptyCatalog() };
  for (const pause of pauses) {
    const phase = slots.flatMap((slot, index) =>
      slot.commit >= from && slot.commit <= pause ? [index] : [],
    );
    for (const batch of batchesOf(
      phase.map((index) => slots[index] as Slot),
      plan,
    )) {
      const indexes = batch.map((at) => phase[at] ?? 0);
      await appendUpTo(Math.max(...indexes.map((index) => slots[index]?.commit ?? 0)));
      const Records = indexes.map((index) => records[index] as DynamoDBRecord);
      expect(await wiring.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
    }
    await appendUpTo(pause);
    if (paused && pause < last) {
      const logs = await logsOf(tenant, new Set(commits.slice(0, pause + 1).map((c) => c.stream)));
      const sofar = { tenant, commits: commits.slice(0, pause + 1), logs };
      const folded = portfolioOf(logs, tenant);
      await paused({ ...sofar, folded }, commits.slice(from, pause + 1), before);
      before = folded;
    }
    from = pause + 1;
  }
  const logs = await logsOf(tenant, versions.keys());
  return { tenant, commits, logs, folded: portfolioOf(logs, tenant) };
}

/**
 * The days a commit names, where the answers it changes turn: each date of its events (when
 * it takes effect, an end, a term's new end, a launch), its last day and the day after.
 */
function daysNamedBy({ events }: Commit): string[] {
  const dates: string[] = [];
  const named = (fuzzy: string) =>
    dates.push(earliestDay(fuzzy), latestDay(fuzzy), dayAfter(latestDay(fuzzy)));
  const visit = (value: unknown, key?: string) => {
    if (typeof value === "string" && key && DATE_FIELDS.has(key) && FUZZY.test(value)) named(value);
    else if (value && typeof value === "object")
      for (const [field, inner] of Object.entries(value)) visit(inner, field);
  };
  for (const event of events) {
    named(toFuzzy(event.effectiveOn, event.precision));
    visit(event.data);
  }
  return [...new Set(dates)];
}
const FUZZY = /^\d{4}(-\d\d){0,2}$/;
const DATE_FIELDS = new Set(["until", "endsOn", "effectiveOn", "availableFrom", "availableBy"]);

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

const questions = fc.record({
  /** Days from the span's start: before, within and after what the terms say. */
  offsets: fc.array(fc.integer({ min: -400, max: SPAN_DAYS + 400 }), {
    minLength: 2,
    maxLength: 3,
  }),
  /** Picks among the days answers turn (a term's first day, the day after its end). */
  edges: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
  /** Picks among the cells, retired entries included. */
  cells: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  /** Lengths, in days, of the availability ranges asked. */
  spans: fc.array(fc.nat({ max: 900 }), { minLength: 2, maxLength: 2 }),
});
type Questions = typeof questions extends fc.Arbitrary<infer T> ? T : never;

/** Random days, days where answers turn, and the days the last commit names. */
function datesOf(q: Questions, { folded, commits }: Delivered): string[] {
  const edges = edgesOf(folded);
  const picked = edges.length ? q.edges.map((pick) => edges[pick % edges.length] as string) : [];
  const last = commits.at(-1);
  const named = last ? daysNamedBy(last).slice(0, 2) : [];
  return [...new Set([...q.offsets.map((days) => daysAfter(EPOCH, days)), ...picked, ...named])];
}

function cellsAsked(q: Questions, catalog: Catalog) {
  const every = cellsOf(catalog);
  const picked = q.cells.map((pick) => every[pick % every.length]);
  return [
    ...new Map(picked.flatMap((cell) => (cell ? [[JSON.stringify(cell), cell]] : []))).values(),
  ];
}

const cellQuery = ({
  product,
  provider,
  segment,
}: {
  product: string;
  provider: string;
  segment: string;
}) => `product=${product}&provider=${provider}&segment=${segment}`;

/**
 * Asks the API, without knownAt, the matrix of every segment on each date, sampled cells'
 * entitlements on two of the dates and their availability over ranges, and expects each answer to
 * equal the evaluator on the folded portfolio, read from the model (no snapshot read). Returns
 * what was asked and answered, for the rebuild to ask again.
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
const answerItems = (tenant: string) => answersAsRebuilt(wiring.runtime.viewStore, tenant);

/**
 * After a rebuild, which clears what was known when: a cell as known halfway through the log
 * is evaluated, and equals the evaluator on the events recorded by then.
 */
async function expectKnownAtHalfwayAsTheLog(delivered: Delivered, q: Questions) {
  const { tenant, commits, logs, folded } = delivered;
  const knownAt = commits[Math.floor(commits.length / 2)]?.recordedAt ?? "";
  const { agreements, catalog } = portfolioOf(logs, tenant, knownAt);
  const [cell] = cellsAsked(q, folded.catalog).filter(({ product, provider, segment }) =>
    [product, provider, segment].every((id) =>
      [...catalog.products, ...catalog.providers, ...catalog.segments].some((e) => e.id === id),
    ),
  );
  if (!cell) return;
  const at = datesOf(q, delivered)[0] as string;
  const path = `/entitlements?${cellQuery(cell)}&at=${at}&knownAt=${encodeURIComponent(knownAt)}`;
  const answer = evaluateEntitlement(agreements, { ...cell, at }, catalog, namesIn(catalog));
  expect({ path, ...(await ask(tenant, path)) }, "after a rebuild").toEqual({
    path,
    status: 200,
    body: asSent(answer),
  });
}

/**
 * Each run appends, projects and asks through DynamoDB Local, so runs are few; shrinking a
 * failure reruns all of it, so it stops after three minutes and reports the smallest case
 * found. (The limit counts from the first run: set well above what the runs take, lest a
 * slow machine end them early and pass with fewer.)
 */
/** Any order, batches and duplicates; or the table's order, one record at a time. */
const knownAtDelivery = fc.oneof(oneByOne, delivery);

const runsOf = (numRuns: number) => ({
  numRuns,
  seed: SEED,
  path: PATH,
  plugins: [fc.interruptAfterTimeLimit(180_000)],
});

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

describe("the answers read model, fed by the stream in any order", () => {
  it("given a random log delivered in any order, batches and duplicates, when asked, then every answer equals the evaluator on the folded log; and rebuilt from the log, every answer and answer item stays the same", async () => {
    await fc.assert(
      fc.asyncProperty(logShape, delivery, questions, async (shape, plan, q) => {
        const delivered = await givenADeliveredLog(shape, plan, expectWhatChangedAsTheFoldSoFar);
        const answered = await expectTheModelToAnswerAsTheFold(delivered, q);

        // The incremental model, then the same tenant rebuilt from its log.
        const incremental = await answerItems(delivered.tenant);
        expect(Object.keys(incremental).length).toBeGreaterThan(0);
        const rebuilt = await ask(delivered.tenant, "/admin/rebuild", "admin", "POST");
        expect(rebuilt).toMatchObject({ status: 200, body: { complete: true } });
        expect(await answerItems(delivered.tenant), "answer items after a rebuild").toEqual(
          incremental,
        );
        await expectKnownAtHalfwayAsTheLog(delivered, q);
        for (const [path, before] of answered) {
          const after = await ask(delivered.tenant, path);
          expect({ path, ...after }, "after a rebuild").toEqual({
            path,
            status: 200,
            body: before,
          });
        }
      }),
      runsOf(RUNS),
    );
  }, 360_000);

  it("given a random log delivered in any order, when asked as known at an instant (before, between, at and after commits), then the answer equals the evaluator on the events recorded by then; and delivered in order, the model answers every cell's questions", async () => {
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
          // order, each has a revision from the commit that made it known, and the model answers.
          const watch = watchSnapshotReads();
          const watched = async (path: string) => {
            const answer = await ask(tenant, path);
            if (!("ordered" in plan)) return answer;
            expect(watch.read(), `${path}: evaluated, not read from the revision`).toEqual([]);
            return answer;
          };
          for (const knownAt of known) {
            const { agreements, catalog } = portfolioOf(logs, tenant, knownAt);
            const names = namesIn(catalog);
            const knownThen = (kind: "products" | "providers" | "segments", id: string) =>
              catalog[kind].some((entry) => entry.id === id);
            for (const cell of cells)
              for (const day of dates) {
                const path = `/entitlements?${cellQuery(cell)}&at=${day}&knownAt=${encodeURIComponent(knownAt)}`;
                if (
                  !knownThen("products", cell.product) ||
                  !knownThen("providers", cell.provider) ||
                  !knownThen("segments", cell.segment)
                ) {
                  // Not in the catalog yet: the API says so rather than answer.
                  expect({ path, status: (await ask(tenant, path)).status }).toEqual({
                    path,
                    status: 400,
                  });
                  watch.clear();
                  continue;
                }
                const { status, body } = await watched(path);
                const answer = evaluateEntitlement(
                  agreements,
                  { ...cell, at: day },
                  catalog,
                  names,
                );
                expect({ path, status, body }).toEqual({ path, status: 200, body: asSent(answer) });
                const to = daysAfter(day, q.spans[0] ?? 0);
                const range = `${cellQuery(cell)}&from=${day}&to=${to}`;
                const windows = await watched(
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
              }
            watch.clear();
            // The matrix as known then is evaluated: asked at some of the instants only.
            if (known.indexOf(knownAt) % (matrixEvery + 4) !== 0) continue;
            const day = dates[0] as string;
            const matrix = entitlementMatrix(agreements, day, "commercial", catalog);
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
