import {
  type AgreementState,
  evaluateEntitlement,
  fold,
  type PendingEvent,
  snapshotOf,
} from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../functions/src/services/catalog.ts";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  type Json,
  TENANT,
} from "../api/support.ts";

/**
 * An agreement with years of activity: 10,000 events, written directly through the store in
 * full transactions (as an import would), so the suite builds it in seconds. Its view must
 * stay small, its answers must equal the fold of its log, and appends must keep working.
 */
const EVENTS = 10_000;
const AGREEMENT = "busy-deal";
const CHUNK = 98;

const note = (n: number): PendingEvent => ({
  type: "NoteAdded",
  effectiveOn: "2026-05-01",
  precision: "day",
  data: { text: `Weekly review ${n}: nothing changes in the terms` },
  sources: [{ publication: "Internal minutes", title: `Review ${n}` }],
});

/** Every 100th event moves the grant's end by a day, so the term's history is long too. */
const amendment = (n: number): PendingEvent => ({
  type: "TermAmended",
  effectiveOn: "2026-05-01",
  precision: "day",
  data: {
    termId: "codex-on-aws",
    changes: { until: `2030-${String((n % 12) + 1).padStart(2, "0")}-15` },
  },
  sources: [],
});

let api: ApiHarness;
const post = (path: string, body: unknown) => api.call("POST", path, { body });
const logOf = () => api.runtime.eventStore.readStream(TENANT, AGREEMENT, { consistent: true });

async function writeDirectly(events: PendingEvent[], from: number) {
  for (let start = 0; start < events.length; start += CHUNK) {
    await api.runtime.eventStore.append({
      tenant: TENANT,
      agreementId: AGREEMENT,
      expectedVersion: from + start,
      events: events.slice(start, start + CHUNK),
      recordedAt: api.now().toISOString(),
      recordedBy: "importer",
      newEventId: api.runtime.newId,
    });
  }
}

beforeAll(async () => {
  api = await createApiHarness("long-agreement", { seed: false });
  for (const [kind, entry] of [
    ["parties", { id: "openai", name: "OpenAI" }],
    ["parties", { id: "amazon", name: "Amazon" }],
    ["providers", { id: "aws", name: "AWS", party: "amazon", channel: "cloud" }],
    ["product-classes", { id: "coding-agent", name: "Coding agents" }],
    ["products", { id: "codex", name: "Codex", class: "coding-agent", owner: "openai" }],
  ] as const)
    expect((await post(`/catalog/${kind}`, entry)).status).toBe(201);
  const created = await post("/agreements", {
    id: AGREEMENT,
    title: "A busy deal",
    parties: [
      { party: "openai", role: "licensor" },
      { party: "amazon", role: "distributor" },
    ],
    effectiveOn: "2026-01-01",
  });
  expect(created.status, created.text).toBe(201);
  const granted = await post(`/agreements/${AGREEMENT}/events`, {
    expectedVersion: 1,
    events: [
      {
        type: "DistributionRightGranted",
        effectiveOn: "2026-02-01",
        termId: "codex-on-aws",
        providers: ["aws"],
        products: ["codex"],
        until: "2030-06-30",
      },
    ],
  });
  expect(granted.status, granted.text).toBe(201);
  const history = Array.from({ length: EVENTS - 2 }, (_, n) =>
    n % 100 === 99 ? amendment(n) : note(n),
  );
  await writeDirectly(history, 2);
}, 120_000);

afterAll(() => api.drop());

describe(`an agreement of ${EVENTS.toLocaleString("en")} events`, () => {
  it("has a view that holds its state, not its log, and answers as the fold of the log does", async () => {
    const rebuilt = await api.projector.rebuildAll(TENANT);
    expect(rebuilt.failed).toEqual([]);
    const view = await api.runtime.viewStore.getView(TENANT, `agreement#${AGREEMENT}`);
    expect(view?.version).toBe(EVENTS);
    const stored = view?.body as AgreementState;
    expect(stored.log).toBeUndefined();
    // 99 amendments of one term and 20 recent notes: a few tens of KB, nowhere near 400 KB.
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(100_000);
    expect(stored.noteCount).toBe(EVENTS - 2 - 99);
    expect(stored.notes).toHaveLength(20);

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
    // The last amendment (version 10,000 - 1 … the 99th) set the end; correct the grant instead.
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
    expect(read.noteCount).toBe(EVENTS - 2 - 99 + 1);
    expect(read.notes.at(-1).text).toBe("One more review");
    const before = await api.get(
      "/entitlements?product=codex&provider=aws&segment=commercial&at=2026-02-15",
    );
    expect(before.body.decision).toBe("denied");
    const view = await api.runtime.viewStore.getView(TENANT, `agreement#${AGREEMENT}`);
    expect(view?.body).toEqual(snapshotOf(fold(TENANT, AGREEMENT, await logOf())));
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

describe("a view that cannot fit in one item", () => {
  const HUGE = "huge-deal";
  const amendmentOf = (n: number): PendingEvent => ({
    type: "AgreementAmended",
    effectiveOn: "2026-06-01",
    precision: "day",
    data: { summary: `Amendment ${n}: ${"a long recital of what changed. ".repeat(30)}` },
    sources: [],
  });

  it("is reported by the rebuild and refused on append, with nothing written", async () => {
    const created = await post("/agreements", {
      id: HUGE,
      title: "An agreement amended too often to keep in one item",
      parties: [{ party: "openai", role: "licensor" }],
      effectiveOn: "2026-01-01",
    });
    expect(created.status, created.text).toBe(201);
    // Written behind the API's back, as an old import might have: 450 amendments of ~1 KB.
    for (let start = 0; start < 450; start += CHUNK)
      await api.runtime.eventStore.append({
        tenant: TENANT,
        agreementId: HUGE,
        expectedVersion: 1 + start,
        events: Array.from({ length: Math.min(CHUNK, 450 - start) }, (_, n) =>
          amendmentOf(start + n),
        ),
        recordedAt: api.now().toISOString(),
        recordedBy: "importer",
        newEventId: api.runtime.newId,
      });

    const report = await api.call("POST", "/admin/rebuild", { token: "admin-a" });
    expect(report.status).toBe(200);
    expect(report.body.complete).toBe(false);
    // Its snapshot and the history projection's copy of it: neither fits, both are reported.
    expect(report.body.failed).toEqual([
      { agreementId: HUGE, reason: expect.stringMatching(/agreement#huge-deal would take/) },
      { agreementId: HUGE, reason: expect.stringMatching(/history#huge-deal would take/) },
    ]);

    const refused = await post(`/agreements/${HUGE}/events`, {
      expectedVersion: 451,
      events: [{ type: "NoteAdded", text: "Anything" }],
    });
    expect(expectProblem(refused, 422).type).toContain("view-too-large");
    const log = await api.runtime.eventStore.readStream(TENANT, HUGE, { consistent: true });
    expect(log).toHaveLength(451);
  }, 60_000);
});
