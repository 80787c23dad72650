import {
  type Catalog,
  evaluateEntitlement,
  fold,
  foldCatalog,
  namesIn,
  type StoredEvent,
} from "@termline/core";
import { describe, expect, it, vi } from "vitest";
import { type ApiHarness, expectProblem, harnessForFile, type Json, SEEDED_AT } from "./support.ts";

let api: ApiHarness;

harnessForFile("known-at", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const MS = "microsoft-openai";

const termOf = (agreement: Json, id: string): Json => {
  const term = (agreement.terms as Json[]).find((t) => t.id === id);
  if (!term) throw new Error(`no term ${id} in ${agreement.id}`);
  return term;
};

describe("knownAt: what had been recorded by then", () => {
  const GOOGLE = "google-openai-distribution";

  it("before the seed was recorded, there is nothing", async () => {
    const list = await api.get("/agreements?knownAt=2026-05-31T23:59:59Z");
    expect(list.status).toBe(200);
    expect(list.body.agreements).toEqual([]);
    expectProblem(await api.get(`/agreements/${MS}?knownAt=2026-05-31T23:59:59Z`), 404);
    const deadlines = await api.get("/deadlines?knownAt=2026-05-31T23:59:59Z");
    expect(deadlines.body.deadlines).toEqual([]);
  });

  it("before the seed, a question about entries the tenant has is answered: nothing granted them", async () => {
    const before = "knownAt=2026-05-31T23:59:59Z";
    // Today the API is Azure's until 2026-04-27 (the reference case); then, nothing was known.
    expect(
      (await api.get("/entitlements?product=openai-api&provider=azure&at=2026-03-15")).body,
    ).toMatchObject({ decision: "allowed" });
    const asked = await api.get(
      `/entitlements?product=openai-api&provider=azure&at=2026-03-15&${before}`,
    );
    expect(asked.status, asked.text).toBe(200);
    expect(asked.body).toMatchObject({
      product: "openai-api",
      provider: "azure",
      decision: "denied",
    });
    expect(asked.body.reasons.filter((reason: Json) => reason.agreementId)).toEqual([]);
    const windows = await api.get(
      `/entitlements/availability?product=openai-api&provider=azure&from=2026-01-01&to=2026-12-31&${before}`,
    );
    expect(windows.status, windows.text).toBe(200);
    expect(windows.body.windows).toMatchObject([
      { from: "2026-01-01", to: "2026-12-31", decision: "denied" },
    ]);
    // An id the tenant has never had is still refused, at its parameter.
    const unknown = expectProblem(
      await api.get(`/entitlements?product=windows&provider=azure&at=2026-03-15&${before}`),
      400,
    );
    expect(unknown.errors).toEqual([expect.objectContaining({ path: "product" })]);
  });

  it("a change appended later is not visible between the two writes", async () => {
    const seeded = (await api.get(`/agreements/${GOOGLE}`)).body.version as number;
    api.setNow("2026-06-02T00:00:00.000Z");
    const response = await api.call("POST", `/agreements/${GOOGLE}/events`, {
      body: {
        expectedVersion: seeded,
        events: [
          {
            type: "DistributionRightGranted",
            effectiveOn: "2026-06-02",
            termId: "google-gpt-oss",
            providers: ["google-cloud"],
            products: ["gpt-oss"],
            until: "2029-03-31",
          },
        ],
      },
    });
    expect(response.status, response.text).toBe(201);

    const between = "2026-06-01T12:00:00Z";
    const then = await api.get(`/agreements/${GOOGLE}?at=2026-06-10&knownAt=${between}`);
    expect(then.status).toBe(200);
    expect(then.body.version).toBe(seeded);
    expect(then.body.terms.map((t: Json) => t.id)).not.toContain("google-gpt-oss");
    const listed = await api.get(`/agreements?knownAt=${between}`);
    expect(listed.body.agreements.find((a: Json) => a.id === GOOGLE)?.version).toBe(seeded);
    const deadlines = await api.get(`/deadlines?knownAt=${between}`);
    expect(deadlines.body.deadlines.map((d: Json) => d.termId)).not.toContain("google-gpt-oss");

    const now = await api.get(`/agreements/${GOOGLE}?at=2026-06-10`);
    expect(now.body.version).toBe(seeded + 1);
    expect(termOf(now.body, "google-gpt-oss").status).toBe("in-force");
    const later = await api.get(`/agreements/${GOOGLE}?at=2026-06-10&knownAt=2026-06-02T00:00:00Z`);
    expect(later.body.version).toBe(seeded + 1);
    const current = await api.get("/deadlines");
    expect(current.body.deadlines).toContainEqual(
      expect.objectContaining({ termId: "google-gpt-oss", date: "2029-03-31" }),
    );
  });

  it("reads the log only of agreements recorded into both before and after the instant asked", async () => {
    const readStream = vi.spyOn(api.runtime.eventStore, "readStream");
    try {
      const logsRead = async (path: string) => {
        readStream.mockClear();
        expect((await api.get(path)).status).toBe(200);
        return readStream.mock.calls
          .map(([, stream]) => stream)
          .filter((id) => !id.startsWith("_"));
      };
      const agreements = (await api.get("/agreements")).body.agreements as Json[];
      // After every recording: each snapshot is already the state as known then.
      expect(await logsRead("/agreements?knownAt=2030-01-01T00:00:00Z")).toEqual([]);
      // Before the first recording: none of them was known, and no log says otherwise.
      expect(await logsRead("/agreements?knownAt=2026-05-31T23:59:59Z")).toEqual([]);
      // Between the seed and the grant above, only that agreement is folded again.
      expect(await logsRead("/agreements?knownAt=2026-06-01T12:00:00Z")).toEqual([GOOGLE]);
      const listed = (await api.get("/agreements?knownAt=2026-06-01T12:00:00Z")).body.agreements;
      expect(listed.map((a: Json) => a.id).sort()).toEqual(agreements.map((a) => a.id).sort());
    } finally {
      readStream.mockRestore();
    }
  });

  it("compares instants, not their spelling: any offset, with or without milliseconds", async () => {
    const before = (await api.get(`/agreements/${GOOGLE}`)).body.version as number;
    api.setNow("2026-06-03T10:00:00.500Z");
    const noted = await api.call("POST", `/agreements/${GOOGLE}/events`, {
      body: { expectedVersion: before, events: [{ type: "NoteAdded", text: "At half a second" }] },
    });
    expect(noted.status, noted.text).toBe(201);
    const versionKnownAt = async (instant: string) =>
      (await api.get(`/agreements/${GOOGLE}?knownAt=${encodeURIComponent(instant)}`)).body.version;
    // Half a second before the note, written without milliseconds.
    expect(await versionKnownAt("2026-06-03T10:00:00Z")).toBe(before);
    // 09:30 UTC, spelled in a later-looking local time.
    expect(await versionKnownAt("2026-06-03T11:30:00+02:00")).toBe(before);
    // 10:30 UTC, spelled in an earlier-looking local time.
    expect(await versionKnownAt("2026-06-03T05:30:00-05:00")).toBe(before + 1);
    expect(await versionKnownAt("2026-06-03T10:00:00.500Z")).toBe(before + 1);
    const catalogThen = await api.get(
      `/catalog?knownAt=${encodeURIComponent("2026-05-31T23:00:00-02:00")}`,
    );
    expect(catalogThen.status).toBe(200);
    expect(catalogThen.body.products.length).toBeGreaterThan(0);
  });
});

describe("knownAt for one cell", () => {
  /** The oracle: every agreement and the catalog folded from the whole log, cut at the instant. */
  async function evaluatedFromTheLogs(query: Json, knownAt: string) {
    const { eventStore, viewStore } = api.runtime;
    const known = (events: StoredEvent[]) => events.filter((e) => e.recordedAt <= knownAt);
    const listings = await viewStore.listViews("acme", "listing#");
    const agreements = await Promise.all(
      listings.map(async ({ body }) => {
        const id = (body as Json).id as string;
        return fold("acme", id, known(await eventStore.readStream("acme", id, {})));
      }),
    );
    const catalogStream = await eventStore.readStream("acme", "_catalog", {});
    const catalog: Catalog = foldCatalog(known(catalogStream));
    const { product, provider, segment, at } = query;
    return evaluateEntitlement(
      agreements.filter((a) => a.exists),
      { product, provider, segment, at },
      catalog,
      // Names are today's, whatever the instant: a rename is not news about a contract.
      namesIn(foldCatalog(catalogStream)),
    );
  }

  const instants = [
    "2026-06-01T12:00:00.000Z",
    "2026-06-02T00:00:00.000Z",
    "2030-01-01T00:00:00.000Z",
  ];
  const cells = [
    { product: "gpt-oss", provider: "google-cloud" },
    { product: "openai-api", provider: "aws" },
    { product: "openai-api", provider: "azure" },
    { product: "frontier", provider: "oracle-cloud" },
  ];

  /** Every cell as known at every instant, and its answer from the logs themselves. */
  async function expectedFromTheLogs() {
    const expected: { path: string; decision: unknown; reasons: unknown }[] = [];
    for (const knownAt of instants)
      for (const cell of cells) {
        const query = { ...cell, segment: "commercial", at: "2026-06-10" };
        const path = `/entitlements?product=${cell.product}&provider=${cell.provider}&segment=commercial&at=2026-06-10&knownAt=${knownAt}`;
        const { decision, reasons } = await evaluatedFromTheLogs(query, knownAt);
        expected.push({ path, decision, reasons });
      }
    return expected;
  }

  /** Asks each question; each answer must be the logs' own. */
  async function expectAnswers(expected: Awaited<ReturnType<typeof expectedFromTheLogs>>) {
    for (const { path, decision, reasons } of expected) {
      const { status, body } = await api.get(path);
      expect({ path, status, decision: body.decision, reasons: body.reasons }).toEqual({
        path,
        status: 200,
        decision,
        reasons,
      });
    }
  }

  it("answers from the cell's revision as known then, reading no agreement", async () => {
    const expected = await expectedFromTheLogs();
    const { viewStore } = api.runtime;
    const spies = [vi.spyOn(viewStore, "getViews"), vi.spyOn(viewStore, "listViews")];
    try {
      await expectAnswers(expected);
      // No snapshot, no listing, no stored answer: every revision here carries its answers,
      // deflated (as plain JSON, some of these would not fit: that read a stored answer).
      const read = spies.flatMap((spy) => spy.mock.calls.flatMap(([, keys]) => keys));
      expect(read).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  /** Every revision of the tenant rewritten by `change` (a stored body as another writer left it). */
  async function rewriteRevisions(change: (body: Json) => Json) {
    const { viewStore } = api.runtime;
    const revisions = await viewStore.listViews("acme", "answer-known#");
    for (const { key, version, body } of revisions)
      if ("periods" in (body as object))
        await viewStore.putView(
          "acme",
          key,
          version,
          change(body as Json),
          {},
          {
            overwriteSameVersion: true,
          },
        );
  }

  it("from a revision written before answers were deflated, answers as well, reading nothing more", async () => {
    const expected = await expectedFromTheLogs();
    const { viewStore } = api.runtime;
    const stored = await viewStore.listViews("acme", "answer-body#");
    const byDigest = new Map(stored.map(({ key, body }) => [key.split("#").at(-1), body]));
    await rewriteRevisions(({ periods }) => ({
      periods,
      answers: Object.fromEntries(
        (periods as [string, string][]).map(([, digest]) => [digest, byDigest.get(digest)]),
      ),
    }));
    const getViews = vi.spyOn(viewStore, "getViews");
    try {
      await expectAnswers(expected);
      expect(getViews).not.toHaveBeenCalled();
    } finally {
      getViews.mockRestore();
    }
  });

  it("from a revision too large to carry its answers, reads the period's answer by digest", async () => {
    const expected = await expectedFromTheLogs();
    const { viewStore } = api.runtime;
    await rewriteRevisions(({ periods }) => ({ periods }));
    const getViews = vi.spyOn(viewStore, "getViews");
    try {
      await expectAnswers(expected);
      // One read per question, asking for the answer whole and deflated (answer-revisions.ts).
      expect(getViews).toHaveBeenCalledTimes(expected.length);
      const read = getViews.mock.calls.flatMap(([, keys]) => keys);
      expect(read.length).toBe(2 * expected.length);
      expect(read.filter((key) => !key.startsWith("answer-body#"))).toEqual([]);
    } finally {
      getViews.mockRestore();
    }
  });

  it("before a cell's first revision (cleared, as a rebuild does), answers as the logs, reading only what reaches the product", async () => {
    const { viewStore } = api.runtime;
    const revisions = await viewStore.listViews("acme", "answer-known#");
    expect(revisions.length).toBeGreaterThan(0);
    await viewStore.deleteItems(
      "acme",
      revisions.map(({ key }) => key),
    );
    const expected = await expectedFromTheLogs();
    const getViews = vi.spyOn(viewStore, "getViews");
    try {
      await expectAnswers(expected);
      // Snapshots were read in batches, each only of agreements that can bear on the product.
      const read = getViews.mock.calls.flatMap(([, keys]) => keys);
      expect(read.length).toBeGreaterThan(0);
      expect(read.every((key) => key.startsWith("agreement#"))).toBe(true);
      // Agreements that name none of these products, nor their classes, are never read.
      const listed = await viewStore.listViews("acme", "listing#");
      expect(new Set(read).size).toBeLessThan(listed.length);
    } finally {
      getViews.mockRestore();
    }
  });
});
