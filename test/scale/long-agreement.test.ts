import {
  type AgreementState,
  evaluateEntitlement,
  fold,
  type PendingEvent,
  snapshotOf,
} from "@termline/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readSnapshot } from "../../functions/src/projector/agreement-snapshots.ts";
import {
  MissingSnapshotPageError,
  type SnapshotHead,
} from "../../functions/src/projector/snapshot-pages.ts";
import { loadCatalog } from "../../functions/src/services/catalog-reads.ts";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  type Json,
  rebuildToTheEnd,
  TENANT,
} from "../api/support.ts";
import { givenCodexOnAws, writeBehind } from "./support/busy-agreements.ts";

/**
 * An agreement with years of activity: 10,000 events, written directly through the store in
 * full transactions (as an import would), so the suite builds it in seconds. Its view must
 * stay small, its answers must equal the fold of its log, and appends must keep working.
 */
const EVENTS = 10_000;
const AGREEMENT = "busy-deal";

const note = (n: number): PendingEvent => ({
  type: "NoteAdded",
  effectiveOn: "2026-05-01",
  precision: "day",
  data: { text: `Weekly review ${n}: nothing changes in the terms` },
  sources: [{ publication: "Internal minutes", title: `Review ${n}` }],
});

/**
 * Every 5th event moves the grant's end, citing the minutes that agreed it: 1,999 changes to
 * one term, about 1 MB of its history, more than twice what one DynamoDB item holds.
 */
const AMENDMENTS = EVENTS / 5;
const amendment = (n: number): PendingEvent => ({
  type: "TermAmended",
  effectiveOn: "2026-05-01",
  precision: "day",
  data: {
    termId: "codex-on-aws",
    changes: { until: `2030-${String((n % 12) + 1).padStart(2, "0")}-15` },
    summary: `Capacity review ${n} moved the end of the grant`,
  },
  sources: [
    {
      publication: "Steering committee minutes",
      title: `Review ${n}: the parties agreed to move the end of the Codex grant on AWS`,
      url: `https://minutes.example.com/steering/${n}`,
    },
  ],
});

let api: ApiHarness;
const bytesOf = (body: unknown) => Buffer.byteLength(JSON.stringify(body));
const snapshotOf_ = (id: string) => readSnapshot(api.runtime.viewStore, TENANT, id);

/** No view that holds the agreement's state, head or page, comes near DynamoDB's 400 KB. */
async function expectEveryItemSmall() {
  const views = (
    await Promise.all(
      ["agreement", "history#", "listing#"].map((prefix) =>
        api.runtime.viewStore.listViews(TENANT, prefix),
      ),
    )
  ).flat();
  expect(views.some(({ key }) => key.startsWith("agreement-page#"))).toBe(true);
  expect(Math.max(...views.map(({ body }) => bytesOf(body)))).toBeLessThan(60_000);
}
const post = (path: string, body: unknown) => api.call("POST", path, { body });
const rebuildAsAdmin = (path: string) => api.call("POST", path, { token: "admin-a" });
const logOf = () => api.runtime.eventStore.readStream(TENANT, AGREEMENT, { consistent: true });

beforeAll(async () => {
  api = await createApiHarness("long-agreement", { seed: false });
  await givenCodexOnAws(api, AGREEMENT, "A busy deal");
  const history = Array.from({ length: EVENTS - 2 }, (_, n) =>
    n % 5 === 4 ? amendment(n) : note(n),
  );
  await writeBehind(api, AGREEMENT, history, 2);
}, 120_000);

afterAll(() => api.drop());

describe(`an agreement of ${EVENTS.toLocaleString("en")} events`, () => {
  it("has a view that holds its state, not its log, and answers as the fold of the log does", async () => {
    const rebuilt = await api.projector.rebuildAll(TENANT);
    expect(rebuilt.failed).toEqual([]);
    const head = await api.runtime.viewStore.getView(TENANT, `agreement#${AGREEMENT}`);
    expect(head?.version).toBe(EVENTS);
    // The term's history is in pages; the head keeps its open end and 20 recent notes.
    expect(bytesOf(head?.body)).toBeLessThan(60_000);
    await expectEveryItemSmall();
    const stored = (await snapshotOf_(AGREEMENT))?.body as AgreementState;
    expect(stored.log).toBeUndefined();
    expect(stored.noteCount).toBe(EVENTS - 2 - AMENDMENTS + 1);
    expect(stored.notes).toHaveLength(20);
    expect(stored.terms["codex-on-aws"]?.changes).toHaveLength(AMENDMENTS - 1);

    const folded = fold(TENANT, AGREEMENT, await logOf());
    expect(stored).toEqual(snapshotOf(folded));
    const catalog = await loadCatalog(api.runtime, TENANT);
    for (const at of ["2026-01-15", "2026-03-01", "2030-12-15", "2031-01-01"]) {
      const query = { product: "codex", provider: "aws", segment: "commercial", at };
      const answer = await api.get(
        `/entitlements?product=codex&provider=aws&segment=commercial&at=${at}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body.decision).toBe(evaluateEntitlement([folded], query, catalog).decision);
    }
  }, 120_000);

  it("takes an append on its snapshot and a correction on its log, and shows both at once", async () => {
    const added = await post(`/agreements/${AGREEMENT}/events`, {
      expectedVersion: EVENTS,
      events: [{ type: "NoteAdded", text: "One more review" }],
    });
    expect(added.status, added.text).toBe(201);
    // The amendments set the end; correct the grant's start instead.
    const corrected = await post(`/agreements/${AGREEMENT}/events`, {
      expectedVersion: EVENTS + 1,
      events: [
        {
          type: "EventCorrected",
          correctsVersion: 2,
          reason: "the grant began a month later",
          replacement: {
            type: "DistributionRightGranted",
            effectiveOn: "2026-03-01",
            termId: "codex-on-aws",
            providers: ["aws"],
            products: ["codex"],
            until: "2030-06-30",
          },
        },
      ],
    });
    expect(corrected.status, corrected.text).toBe(201);
    const read: Json = (await api.get(`/agreements/${AGREEMENT}`)).body;
    expect(read.version).toBe(EVENTS + 2);
    expect(read.noteCount).toBe(EVENTS - 2 - AMENDMENTS + 2);
    expect(read.terms.find((term: Json) => term.id === "codex-on-aws").changes).toHaveLength(
      AMENDMENTS - 1,
    );
    expect(read.notes.at(-1).text).toBe("One more review");
    const before = await api.get(
      "/entitlements?product=codex&provider=aws&segment=commercial&at=2026-02-15",
    );
    expect(before.body.decision).toBe("denied");
    // The correction refolded the log: the pages after the grant's citation changed with it.
    const view = await snapshotOf_(AGREEMENT);
    expect(view?.body).toEqual(snapshotOf(fold(TENANT, AGREEMENT, await logOf())));
    await expectEveryItemSmall();
  }, 60_000);

  it("refuses a stale writer from its snapshot, writing nothing", async () => {
    const stale = await post(`/agreements/${AGREEMENT}/events`, {
      expectedVersion: EVENTS,
      events: [{ type: "NoteAdded", text: "Late" }],
    });
    expect(expectProblem(stale, 409).currentVersion).toBe(EVENTS + 2);
    expect((await logOf()).length).toBe(EVENTS + 2);
  });
});

/** An agreement created through the API, then `count` events written behind its back, as an old import might have. */
async function createThenWriteBehind(
  id: string,
  count: number,
  eventOf: (n: number) => PendingEvent,
) {
  const created = await post("/agreements", {
    id,
    title: `Agreement ${id}`,
    parties: [{ party: "openai", role: "licensor" }],
    effectiveOn: "2026-01-01",
  });
  expect(created.status, created.text).toBe(201);
  await writeBehind(
    api,
    id,
    Array.from({ length: count }, (_, n) => eventOf(n)),
    1,
  );
}

describe("an agreement amended 450 times, about 450 KB of amendments", () => {
  const AMENDED = "amended-deal";
  const amendmentOf = (n: number): PendingEvent => ({
    type: "AgreementAmended",
    effectiveOn: "2026-06-01",
    precision: "day",
    data: { summary: `Amendment ${n}: ${"a long recital of what changed. ".repeat(30)}` },
    sources: [],
  });

  it("is projected into a head and pages, takes appends, and reads as the fold of its log", async () => {
    await createThenWriteBehind(AMENDED, 450, amendmentOf);
    expect((await api.projector.projectStream(TENANT, AMENDED)).version).toBe(451);
    const added = await post(`/agreements/${AMENDED}/events`, {
      expectedVersion: 451,
      events: [{ type: "AgreementAmended", summary: "One more" }],
    });
    expect(added.status, added.text).toBe(201);
    const read: Json = (await api.get(`/agreements/${AMENDED}`)).body;
    expect(read.amendments).toHaveLength(451);
    expect(read.amendments.at(-1).summary).toBe("One more");
    const log = await api.runtime.eventStore.readStream(TENANT, AMENDED, { consistent: true });
    expect((await snapshotOf_(AMENDED))?.body).toEqual(snapshotOf(fold(TENANT, AMENDED, log)));
    await expectEveryItemSmall();
  }, 60_000);

  it("has its pages read once per container: a later commit decides on them without reading them again", async () => {
    // Its pages read once (a page is named by its content, so what a key holds never changes).
    await snapshotOf_(AMENDED);
    const getViews = vi.spyOn(api.runtime.viewStore, "getViews");
    let added: Awaited<ReturnType<typeof post>>;
    try {
      const { version } = (await api.get(`/agreements/${AMENDED}`)).body;
      added = await post(`/agreements/${AMENDED}/events`, {
        expectedVersion: version,
        events: [{ type: "AgreementAmended", summary: "Decided on kept pages" }],
      });
      const pageReads = getViews.mock.calls.filter(([, keys]) =>
        keys.some((key) => key.startsWith("agreement-page#")),
      );
      expect(pageReads).toEqual([]);
    } finally {
      getViews.mockRestore();
    }
    expect(added.status, added.text).toBe(201);
    const log = await api.runtime.eventStore.readStream(TENANT, AMENDED, { consistent: true });
    expect((await snapshotOf_(AMENDED))?.body).toEqual(snapshotOf(fold(TENANT, AMENDED, log)));
  });

  it("has its kept pages never served to another tenant", async () => {
    // Another tenant holding a head that names the same pages, but none of the pages.
    const head = await api.runtime.viewStore.getView(TENANT, `agreement#${AMENDED}`);
    expect((head?.body as SnapshotHead | undefined)?.paged).toBeDefined();
    await api.runtime.viewStore.putView("beta", `agreement#${AMENDED}`, 1, head?.body);
    await expect(readSnapshot(api.runtime.viewStore, "beta", AMENDED)).rejects.toThrow(
      MissingSnapshotPageError,
    );
    expect((await snapshotOf_(AMENDED))?.version).toBe(head?.version);
  });
});

describe("a snapshot stored whole, as before pages existed", () => {
  const LEGACY = "legacy-deal";
  const amendmentOf = (n: number): PendingEvent => ({
    type: "AgreementAmended",
    effectiveOn: "2026-06-01",
    precision: "day",
    data: { summary: `Amendment ${n}: ${"what changed, at length. ".repeat(20)}` },
    sources: [],
  });

  it("is read whole, and its next commit writes it as a head and pages", async () => {
    await createThenWriteBehind(LEGACY, 100, amendmentOf);
    const logBefore = await api.runtime.eventStore.readStream(TENANT, LEGACY, { consistent: true });
    // About 50 KB in one item, with no pages: what a commit wrote before they existed.
    const whole = snapshotOf(fold(TENANT, LEGACY, logBefore));
    await api.runtime.viewStore.putView(TENANT, `agreement#${LEGACY}`, 101, whole);
    expect((await api.get(`/agreements/${LEGACY}`)).body.amendments).toHaveLength(100);

    const added = await post(`/agreements/${LEGACY}/events`, {
      expectedVersion: 101,
      events: [{ type: "NoteAdded", text: "First note since the upgrade" }],
    });
    expect(added.status, added.text).toBe(201);
    const head = await api.runtime.viewStore.getView(TENANT, `agreement#${LEGACY}`);
    expect((head?.body as SnapshotHead | undefined)?.paged).toBeDefined();
    const log = await api.runtime.eventStore.readStream(TENANT, LEGACY, { consistent: true });
    expect((await snapshotOf_(LEGACY))?.body).toEqual(snapshotOf(fold(TENANT, LEGACY, log)));
  });
});

describe("an agreement with 300 long disputes and 300 long open questions, about 600 KB of them", () => {
  const QUESTIONED = "questioned-deal";
  // Alternately a dispute and a question of about 1 KB each: one item held 380 of them at most.
  const raisedOf = (n: number): PendingEvent =>
    n % 2 === 0
      ? {
          type: "DisputeRaised",
          effectiveOn: "2026-06-01",
          precision: "day",
          data: {
            disputeId: `d-${n / 2}`,
            kind: "party-claim",
            claim: `Claim ${n / 2}: ${"the invoice does not match the schedule. ".repeat(24)}`,
          },
          sources: [],
        }
      : {
          type: "OpenQuestionRaised",
          effectiveOn: "2026-06-01",
          precision: "day",
          data: {
            questionId: `q-${(n - 1) / 2}`,
            question: `Question ${(n - 1) / 2}: ${"what did the parties mean? ".repeat(35)}`,
          },
          sources: [],
        };

  it("is rebuilt and projected into a head and pages, takes answers to its earliest, and reads as the fold of its log", async () => {
    await createThenWriteBehind(QUESTIONED, 600, raisedOf);
    // The rebuild, in slices, recreates every cell's whole history: 30–47 s here (a time limit
    // for the harness, not a measure: speed is the benchmark's).
    const report = await rebuildToTheEnd(rebuildAsAdmin);
    expect(report.last.body).toMatchObject({ complete: true, failed: [] });

    const answered = await post(`/agreements/${QUESTIONED}/events`, {
      expectedVersion: 601,
      events: [
        { type: "OpenQuestionAnswered", questionId: "q-0", answer: "The schedule as signed" },
        { type: "DisputeResolved", disputeId: "d-1", resolution: "Credited in full" },
      ],
    });
    expect(answered.status, answered.text).toBe(201);
    const read: Json = (await api.get(`/agreements/${QUESTIONED}`)).body;
    expect(read.disputes).toHaveLength(300);
    expect(read.openQuestions).toHaveLength(299);
    expect(read.answeredQuestions).toEqual([
      expect.objectContaining({ id: "q-0", answer: "The schedule as signed" }),
    ]);
    expect(read.disputes.find(({ id }: { id: string }) => id === "d-1")).toMatchObject({
      resolution: "Credited in full",
    });
    const log = await api.runtime.eventStore.readStream(TENANT, QUESTIONED, { consistent: true });
    expect((await snapshotOf_(QUESTIONED))?.body).toEqual(
      snapshotOf(fold(TENANT, QUESTIONED, log)),
    );
    await expectEveryItemSmall();
  }, 120_000);
});

describe("a view that cannot fit in one item", () => {
  const HUGE = "huge-deal";
  // One question of 381,000 characters, written past the API's limits (as an import from
  // before them might have): no page can hold it.
  const hugeQuestion: PendingEvent = {
    type: "OpenQuestionRaised",
    effectiveOn: "2026-06-01",
    precision: "day",
    data: { questionId: "q-huge", question: "what did the parties mean? ".repeat(14_112) },
    sources: [],
  };

  it("is reported by the rebuild and refused on append, with nothing written", async () => {
    await createThenWriteBehind(HUGE, 1, () => hugeQuestion);

    const report = await rebuildToTheEnd(rebuildAsAdmin);
    expect(report.last.body.complete).toBe(false);
    // Its snapshot and the history projection's copy of it: neither fits, both are reported.
    expect(report.failed).toEqual([
      { agreementId: HUGE, reason: expect.stringMatching(/huge-deal\S* would take/) },
      { agreementId: HUGE, reason: expect.stringMatching(/huge-deal\S* would take/) },
    ]);

    const refused = await post(`/agreements/${HUGE}/events`, {
      expectedVersion: 2,
      events: [{ type: "NoteAdded", text: "Anything" }],
    });
    expect(expectProblem(refused, 422).type).toContain("view-too-large");
    const log = await api.runtime.eventStore.readStream(TENANT, HUGE, { consistent: true });
    expect(log).toHaveLength(2);
  }, 120_000);
});
