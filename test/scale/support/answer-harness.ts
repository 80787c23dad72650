import { randomUUID } from "node:crypto";
import { DeleteTableCommand } from "@aws-sdk/client-dynamodb";
import {
  type AgreementState,
  type Catalog,
  emptyCatalog,
  fold,
  foldCatalog,
  type StoredEvent,
} from "@termline/core";
import { createDynamoClients, type TableNames } from "@termline/store";
import type { DynamoDBRecord } from "aws-lambda";
import fc from "fast-check";
import { afterAll, beforeAll, expect, inject } from "vitest";
import type { Principal } from "../../../functions/src/api/auth.ts";
import { type Wiring, wire } from "../../../functions/src/local/wiring.ts";
import { BASE, HARNESS_INLINE_ANSWERS_MS } from "../../api/support.ts";
import { insertRecord } from "../../support/events.ts";
import { watchSnapshotReads as watchRuntimeSnapshotReads } from "../../support/store-reads.ts";
import {
  CATALOG_STREAM,
  type Commit,
  commitsOf,
  FIRST_RECORDED,
  type LogShape,
} from "./random-logs.ts";
import { batchesOf, type Delivery, type Slot } from "./stream-delivery.ts";

/**
 * The harness of the answers model's property tests (answer-model-properties.test.ts,
 * answers-known-at.test.ts): random logs appended through the real event store while their
 * stream records are delivered to the projector's handler as Lambda might, the real app to ask,
 * and the oracle, the portfolio folded from the log itself. Each run has a tenant of its own.
 *
 * The API harness of test/api is not used: its tokens are fixed to two tenants, and each run
 * needs a tenant of its own. This wires the same app with a token map it extends per run, on
 * tables of the test file's own (`useAnswerHarness`).
 *
 * Runs are few (each is a few seconds of DynamoDB Local); `ANSWER_PROPERTY_RUNS` asks for more,
 * and a failure prints its seed and path, which `ANSWER_PROPERTY_SEED` and
 * `ANSWER_PROPERTY_PATH` replay.
 */

export const RUNS = Number(process.env.ANSWER_PROPERTY_RUNS ?? 15);
export const KNOWN_AT_RUNS = Number(process.env.ANSWER_PROPERTY_RUNS ?? 8);
const SEED = process.env.ANSWER_PROPERTY_SEED
  ? Number(process.env.ANSWER_PROPERTY_SEED)
  : undefined;
const PATH = process.env.ANSWER_PROPERTY_PATH;

// ---------------------------------------------------------------------------------------------
// The harness: the real app, projector and stores on tables of this file's own.

export const tokens = new Map<string, Principal>();
let wiring: Wiring;
let tables: TableNames;
let endpoint: string;

/** The wired app's stores and clock, once `useAnswerHarness` has set them up. */
export const harnessRuntime = () => wiring.runtime;

/** Wires the app on tables of the calling test file's own, dropped after it. */
export function useAnswerHarness() {
  beforeAll(async () => {
    endpoint = inject("dynamoEndpoint");
    const suffix = randomUUID().slice(0, 8);
    tables = { events: `props-events-${suffix}`, views: `props-views-${suffix}` };
    wiring = await wire({
      endpoint,
      tables,
      tokens,
      clock: () => new Date(FIRST_RECORDED),
      inlineAnswersMs: HARNESS_INLINE_ANSWERS_MS,
    });
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
}

export interface Answer {
  status: number;
  body: unknown;
}

export async function ask(
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
export const asSent = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

// ---------------------------------------------------------------------------------------------
// The oracle: the portfolio folded from the log, at an instant if given.

export interface Portfolio {
  agreements: AgreementState[];
  catalog: Catalog;
}

export function portfolioOf(
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

/** The snapshot reads of this harness's API (store-reads.ts). */
export const watchSnapshotReads = () => watchRuntimeSnapshotReads(wiring.runtime);

// ---------------------------------------------------------------------------------------------
// Given a log appended and delivered: what each property starts from.

export interface Delivered {
  tenant: string;
  commits: Commit[];
  logs: Map<string, StoredEvent[]>;
  /** The whole portfolio folded from the log. */
  folded: Portfolio;
}

let run = 0;

export async function logsOf(tenant: string, streams: Iterable<string>) {
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
export async function givenADeliveredLog(
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
 * Each run appends, projects and asks through DynamoDB Local, so runs are few; shrinking a
 * failure reruns all of it, so it stops after three minutes and reports the smallest case
 * found. (The limit counts from the first run: set well above what the runs take, lest a
 * slow machine end them early and pass with fewer.)
 */
export const runsOf = (numRuns: number) => ({
  numRuns,
  seed: SEED,
  path: PATH,
  plugins: [fc.interruptAfterTimeLimit(180_000)],
});
