import { paginateScan } from "@aws-sdk/lib-dynamodb";
import {
  type AgreementState,
  agreementAt,
  evaluateEntitlement,
  fold,
  foldCatalog,
  namesIn,
  type PendingEvent,
  type StoredEvent,
  snapshotOf,
} from "@termline/core";
import { createDynamoClients, parseStreamRecord } from "@termline/store";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { joinSnapshots, readSnapshot } from "../../functions/src/projector/agreement-snapshots.ts";
import type { SnapshotHead } from "../../functions/src/projector/snapshot-pages.ts";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  type Json,
  TENANT,
} from "../api/support.ts";
import { readStreamRecords } from "../support/stream-records.ts";
import { givenCodexOnAws, IMPORT_CHUNK, writeBehind } from "./support/busy-agreements.ts";

/**
 * Snapshots cut into pages, as a demanding user meets them: an agreement whose term and whose
 * own amendments run to hundreds of entries (written straight to the store in two batches, a
 * day apart), then raced, amended, retracted, corrected, read as known earlier, read from
 * another tenant and moved into it. Every expectation comes from the fold of the log.
 */
const PAGED = "paged-deal";
const TERM = "codex-on-aws";
const OTHER = "beta";
const CHUNK = IMPORT_CHUNK;
const [T1, BETWEEN, T2, T3] = [
  "2026-06-01T00:00:00.000Z",
  "2026-06-01T12:00:00.000Z",
  "2026-06-02T00:00:00.000Z",
  "2026-06-03T00:00:00.000Z",
];
const CELL = "product=codex&provider=aws&segment=commercial";

const mm = (n: number) => String((n % 12) + 1).padStart(2, "0");
const termAmendment = (n: number, year: number): PendingEvent => ({
  type: "TermAmended",
  effectiveOn: "2026-05-01",
  precision: "day",
  data: { termId: TERM, changes: { until: `${year}-${mm(n)}-15` }, summary: `Review ${n}` },
  sources: [
    {
      publication: "Steering committee minutes",
      title: `Review ${n}: the parties agreed to move the end of the Codex grant on AWS`,
      url: `https://minutes.example.com/steering/${n}`,
    },
  ],
});
const agreementAmendment = (n: number): PendingEvent => ({
  type: "AgreementAmended",
  effectiveOn: "2026-05-01",
  precision: "day",
  data: { summary: `Amendment ${n}: ${"a recital of what the parties changed. ".repeat(10)}` },
  sources: [],
});
const note = (n: number): PendingEvent => ({
  type: "NoteAdded",
  effectiveOn: "2026-05-01",
  precision: "day",
  data: { text: `Weekly review ${n}` },
  sources: [],
});
// Batch A (at T1): versions 3..198, term amendments at odd versions, the agreement's at even
// ones (version 4 is the first of them). Batch B (at T2): versions 199..296, half of them notes.
const batchA = Array.from({ length: 2 * CHUNK }, (_, i) =>
  i % 2 === 0 ? termAmendment(i, 2032) : agreementAmendment(i),
);
const batchB = Array.from({ length: CHUNK }, (_, i) =>
  i % 2 === 0 ? termAmendment(2 * CHUNK + i, 2029) : note(i),
);
/** What the log holds, counted from what was written (and kept up as the tests write). */
const expected = { termChanges: CHUNK + CHUNK / 2, amendments: CHUNK, version: 2 + 3 * CHUNK };

let api: ApiHarness;
let projected: { snapshot: AgreementState; log: StoredEvent[] };
const post = (path: string, body: unknown, token = "editor-a") =>
  api.call("POST", path, { body, token });
const logOf = (tenant = TENANT) =>
  api.runtime.eventStore.readStream(tenant, PAGED, { consistent: true });
const catalogOf = async (tenant: string, knownAt?: string) =>
  foldCatalog(
    (await api.runtime.eventStore.readStream(tenant, "_catalog", { consistent: true })).filter(
      (event) => !knownAt || event.recordedAt <= knownAt,
    ),
  );
const joined = async (tenant = TENANT) =>
  (await readSnapshot(api.runtime.viewStore, tenant, PAGED))?.body as AgreementState;
const pagesOf = (tenant: string) => api.runtime.viewStore.listViews(tenant, "agreement-page#");
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));
const termIn = (agreement: Json) => agreement.terms.find((term: Json) => term.id === TERM);

/** The detail and the cell's answer on `at`, as the log (cut at `knownAt`) says them. */
async function fromTheLog(tenant: string, at: string, knownAt?: string) {
  const log = (await logOf(tenant)).filter((e) => !knownAt || e.recordedAt <= knownAt);
  const state = fold(tenant, PAGED, log);
  const catalog = await catalogOf(tenant, knownAt);
  const query = { product: "codex", provider: "aws", segment: "commercial", at };
  const { decision, reasons } = evaluateEntitlement([state], query, catalog, namesIn(catalog));
  return { detail: plain(agreementAt(snapshotOf(state), at, namesIn(catalog))), decision, reasons };
}

/** The API's answers on `at` (as known at `knownAt`), for the checks above. */
async function fromTheApi(token: string, at: string, knownAt?: string) {
  const asOf = knownAt ? `&knownAt=${knownAt}` : "";
  const detail = await api.get(`/agreements/${PAGED}?at=${at}${asOf}`, token);
  const answer = await api.get(`/entitlements?${CELL}&at=${at}${asOf}`, token);
  expect(detail.status, detail.text).toBe(200);
  expect(answer.status, answer.text).toBe(200);
  const { decision, reasons } = answer.body;
  return { detail: detail.body, decision, reasons };
}

const expectSnapshotToBeTheFold = async () =>
  expect(await joined()).toEqual(snapshotOf(fold(TENANT, PAGED, await logOf())));

/** The history projection's copy is kept by the stream: hand it the new records, as Lambda would. */
async function projectHistory() {
  const from = (await api.runtime.viewStore.getView(TENANT, `history#${PAGED}`))?.version ?? 0;
  const records = (
    await readStreamRecords(inject("dynamoEndpoint"), api.runtime.eventStore.tableName)
  ).filter((record) => {
    const event = parseStreamRecord(record);
    return event?.agreementId === PAGED && event.version > from;
  });
  expect(records.length).toBe(expected.version - from);
  expect((await api.projector.handler({ Records: records })).batchItemFailures).toEqual([]);
}

/** The snapshot and the history projection's copy, joined, are the fold of the log. */
async function expectViewsToBeTheFold() {
  const folded = snapshotOf(fold(TENANT, PAGED, await logOf()));
  expect(await joined()).toEqual(folded);
  const history = await api.runtime.viewStore.getView(TENANT, `history#${PAGED}`);
  if (!history) throw new Error("no history copy");
  const [copy] = await joinSnapshots(api.runtime.viewStore, TENANT, [history]);
  expect(copy?.body).toEqual(folded);
}

beforeAll(async () => {
  api = await createApiHarness("paged-snapshots", { seed: false, at: T1 });
  await givenCodexOnAws(api, PAGED, "A paged deal");
  // Each batch is projected onto the snapshot as it stands: the second onto a paged head.
  await writeBehind(api, PAGED, batchA, 2);
  await api.projector.projectStream(TENANT, PAGED);
  api.setNow(T2);
  await writeBehind(api, PAGED, batchB, 2 + batchA.length);
  await api.projector.projectStream(TENANT, PAGED);
  projected = { snapshot: await joined(), log: await logOf() };
  // The history copy and the answers are the stream's to keep: rebuilt once here.
  expect((await api.projector.rebuildAll(TENANT)).failed).toEqual([]);
  api.setNow(T3);
}, 120_000);

afterAll(() => api?.drop());

describe("an agreement whose snapshot is cut into pages", () => {
  it("given hundreds of amendments, when projected, then its head names pages and joins back to the fold", async () => {
    const head = await api.runtime.viewStore.getView(TENANT, `agreement#${PAGED}`);
    expect(head?.version).toBe(expected.version);
    expect(Object.keys((head?.body as SnapshotHead | undefined)?.paged ?? {})).toEqual(
      expect.arrayContaining([
        '["amendments"]',
        `["terms","${TERM}","changes"]`,
        `["terms","${TERM}","cited"]`,
        `["terms","${TERM}","sources"]`,
      ]),
    );
    expect((await pagesOf(TENANT)).length).toBeGreaterThan(5);
    expect(projected.log).toHaveLength(expected.version);
    expect(projected.snapshot).toEqual(snapshotOf(fold(TENANT, PAGED, projected.log)));
    await expectViewsToBeTheFold();
    const state = await joined();
    expect(state.terms[TERM]?.changes).toHaveLength(expected.termChanges);
    expect(state.amendments).toHaveLength(expected.amendments);
    for (const at of ["2026-03-01", "2029-06-01", "2031-06-01"])
      expect(await fromTheApi("viewer-a", at)).toEqual(await fromTheLog(TENANT, at));
  });

  it("given writes on both sides of an instant, when read as known then, then it answers as the log cut there", async () => {
    for (const at of ["2029-06-01", "2031-06-01"]) {
      const then = await fromTheLog(TENANT, at, BETWEEN);
      expect(then.detail.version).toBe(2 + batchA.length);
      expect(await fromTheApi("viewer-a", at, BETWEEN)).toEqual(then);
      expect(await fromTheApi("viewer-a", at, T2)).toEqual(await fromTheLog(TENANT, at));
    }
    // The second batch moved the end from 2032 to 2029: the instant must make a difference.
    const decisionOn = async (knownAt?: string) =>
      (await fromTheLog(TENANT, "2031-06-01", knownAt)).decision;
    expect(await decisionOn(BETWEEN)).not.toBe(await decisionOn());
    // The list as known then folds the log too; as known at T2, it is the joined snapshot.
    const asKnown: [string, number][] = [
      [BETWEEN, 2 + batchA.length],
      [T2, expected.version],
    ];
    for (const [knownAt, version] of asKnown) {
      const listed = (await api.get(`/agreements?knownAt=${knownAt}`)).body.agreements as Json[];
      expect(listed.map(({ id, version }) => ({ id, version }))).toEqual([{ id: PAGED, version }]);
    }
  });

  it("given two editors appending at the same version, when they race, then one wins, one gets 409, and the views are the fold", async () => {
    // Counts the rounds where both writers got as far as the transaction: a race, not a queue.
    const append = vi.spyOn(api.runtime.eventStore, "append");
    let raced = 0;
    for (const round of [1, 2, 3]) {
      const writer = (name: string, year: number) => {
        const summary =
          `Race ${round} won by ${name}: ${"the recital runs on. ".repeat(30)}`.trim();
        const until = `${year}-0${round}-28`;
        return {
          summary,
          events: [
            { type: "AgreementAmended", summary },
            { type: "TermAmended", termId: TERM, changes: { until }, summary: `Race ${round}` },
          ],
        };
      };
      const [x, y] = [writer("X", 2034), writer("Y", 2035)];
      const body = (w: typeof x) => ({ expectedVersion: expected.version, events: w.events });
      const responses = await Promise.all([
        post(`/agreements/${PAGED}/events`, body(x)),
        post(`/agreements/${PAGED}/events`, body(y)),
      ]);
      expect(responses.map(({ status }) => status).sort()).toEqual([201, 409]);
      const at = expected.version;
      const tries = append.mock.calls.filter(
        ([c]) => c.agreementId === PAGED && c.expectedVersion === at,
      );
      if (tries.length === 2) raced += 1;
      const [winner, loser] = responses[0]?.status === 201 ? [x, y] : [y, x];
      const refused = responses.find(({ status }) => status === 409);
      if (refused) expectProblem(refused, 409);
      expected.version += 2;
      expected.termChanges += 1;
      expected.amendments += 1;
      const log = await logOf();
      expect(log).toHaveLength(expected.version);
      expect(log.some((e) => e.data.summary === loser.summary)).toBe(false);
      await expectSnapshotToBeTheFold();
      const read = (await api.get(`/agreements/${PAGED}`)).body;
      expect(read.version).toBe(expected.version);
      expect(read.amendments.at(-1).summary).toBe(winner.summary);
      expect(read.amendments).toHaveLength(expected.amendments);
      expect(termIn(read).changes).toHaveLength(expected.termChanges);
      // The loser re-reads and adds a note: a commit that touches none of the paged lists.
      const retried = await post(`/agreements/${PAGED}/events`, {
        expectedVersion: expected.version,
        events: [{ type: "NoteAdded", text: `Lost race ${round}` }],
      });
      expect(retried.status, retried.text).toBe(201);
      expected.version += 1;
      await expectSnapshotToBeTheFold();
      expect((await api.get(`/agreements/${PAGED}`)).body.notes.at(-1).text).toBe(
        `Lost race ${round}`,
      );
    }
    append.mockRestore();
    expect(raced).toBeGreaterThan(0);
    // The history projection takes the same commits from the stream, onto its own paged copy.
    await projectHistory();
    await expectViewsToBeTheFold();
  }, 60_000);

  it("given an amendment to the long term, a retraction and a correction of early events, then the views and the stream's history copy are the fold", async () => {
    const append = async (event: Json) => {
      const response = await post(`/agreements/${PAGED}/events`, {
        expectedVersion: expected.version,
        events: [event],
      });
      expect(response.status, response.text).toBe(201);
      expected.version += 1;
      await expectSnapshotToBeTheFold();
    };
    await append({
      type: "TermAmended",
      termId: TERM,
      changes: { until: "2033-03-31" },
      summary: "Amended through the API",
      sources: [{ publication: "Press release", title: "The grant runs to 2033" }],
    });
    expected.termChanges += 1;
    // Version 4 is the first of the agreement's amendments: every page of that list moves.
    await append({ type: "EventRetracted", retractsVersion: 4, reason: "it was never signed" });
    expected.amendments -= 1;
    // Version 3 is the first of the term's: its changes, citations and sources change in place.
    await append({
      type: "EventCorrected",
      correctsVersion: 3,
      reason: "the minutes were corrected",
      replacement: {
        type: "TermAmended",
        effectiveOn: "2026-05-01",
        termId: TERM,
        changes: { until: "2032-01-20" },
        summary: "Review 0, as corrected",
        sources: [{ publication: "Corrected minutes", title: "Review 0, corrected" }],
      },
    });
    const read = (await api.get(`/agreements/${PAGED}`)).body;
    expect(read.version).toBe(expected.version);
    expect(read.amendments).toHaveLength(expected.amendments);
    expect(read.amendments[0].summary).toMatch(/^Amendment 3:/);
    expect(termIn(read).changes).toHaveLength(expected.termChanges);
    expect(termIn(read).changes[0]).toMatchObject({
      version: 3,
      summary: "Review 0, as corrected",
    });
    for (const at of ["2031-06-01", "2033-01-01"])
      expect(await fromTheApi("viewer-a", at)).toEqual(await fromTheLog(TENANT, at));
    await projectHistory();
    await expectViewsToBeTheFold();
  }, 60_000);

  it("given another tenant, when it asks for the paged agreement, then it finds nothing, and every page lives in the owner's partition", async () => {
    expectProblem(await api.get(`/agreements/${PAGED}`, "editor-b"), 404);
    expectProblem(await api.get(`/agreements/${PAGED}/events`, "editor-b"), 404);
    const foreign = await post(
      `/agreements/${PAGED}/events`,
      { expectedVersion: expected.version, events: [{ type: "NoteAdded", text: "From beta" }] },
      "editor-b",
    );
    expectProblem(foreign, 404);
    expect(await logOf()).toHaveLength(expected.version);
    expect(await api.runtime.viewStore.listViews(OTHER, "agreement")).toEqual([]);
    const { doc, client } = createDynamoClients({ endpoint: inject("dynamoEndpoint") });
    const owners: string[] = [];
    try {
      for await (const page of paginateScan(
        { client: doc },
        {
          TableName: api.runtime.viewStore.tableName,
          FilterExpression: "begins_with(sk, :page)",
          ExpressionAttributeValues: { ":page": `agreement-page#${PAGED}#` },
        },
      ))
        owners.push(...(page.Items ?? []).map((item) => String(item.pk)));
    } finally {
      client.destroy();
    }
    expect(owners.length).toBe((await pagesOf(TENANT)).length);
    expect(new Set(owners)).toEqual(new Set([TENANT]));
  });

  it("given the tenant exported and imported into another, then the copy is paged, is the fold of its log, and answers as the source does", async () => {
    const exported = await api.get("/export", "admin-a");
    expect(exported.status, exported.text).toBe(200);
    const imported = await post("/import", exported.body, "admin-b");
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body.agreements).toContainEqual({
      id: PAGED,
      outcome: "created",
      written: expected.version,
      version: expected.version,
    });
    expect((await pagesOf(OTHER)).length).toBeGreaterThan(5);
    const log: StoredEvent[] = await logOf(OTHER);
    expect(log).toHaveLength(expected.version);
    expect(await joined(OTHER)).toEqual(snapshotOf(fold(OTHER, PAGED, log)));
    for (const at of ["2026-03-01", "2031-06-01", "2033-01-01"]) {
      const copy = await fromTheApi("editor-b", at);
      expect(copy).toEqual(await fromTheLog(OTHER, at));
      const source = await fromTheApi("viewer-a", at);
      expect({ decision: copy.decision, reasons: copy.reasons }).toEqual({
        decision: source.decision,
        reasons: source.reasons,
      });
      expect(termIn(copy.detail)).toEqual(termIn(source.detail));
    }
  }, 60_000);
});
