import { describe, expect, it, vi } from "vitest";
import {
  keptConflicts,
  type StoredConflicts,
} from "../../functions/src/projector/answer-conflicts.ts";
import {
  type ApiHarness,
  expectProblem,
  harnessForFile,
  type Json,
  SEEDED_AT,
  TENANT,
} from "./support.ts";

/** Answers over time on the seeded reference case: availability windows and conflict periods. */
let api: ApiHarness;

harnessForFile("availability", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const MS = "microsoft-openai";
const AMAZON = "amazon-openai";
/** A period's terms as `agreement/term`, sorted. */
const termKeys = (period: Json) =>
  (period.terms as Json[]).map(({ agreementId, termId }) => `${agreementId}/${termId}`).sort();
const errorPaths = (problem: Json) => (problem.errors as Json[]).map(({ path }) => path);

describe("availability over time", () => {
  it("the OpenAI API on AWS: denied until 2026-04-26, conditional from the amendment on", async () => {
    const { status, body } = await api.get(
      "/entitlements/availability?product=openai-api&provider=aws&from=2025-01-01&to=2027-01-01",
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      product: "openai-api",
      provider: "aws",
      segment: "commercial",
      from: "2025-01-01",
      to: "2027-01-01",
    });
    const [denied = {}, conditional = {}, ...rest] = body.windows as Json[];
    expect(rest).toEqual([]);
    expect(denied).toMatchObject({
      from: "2025-01-01",
      to: "2026-04-26",
      decision: "denied",
      certainty: "certain",
    });
    // Shut out by both of Azure's exclusivities, each with where it was reported.
    const exclusive = (denied.reasons as Json[]).filter((r) => r.code === "exclusive-to-other");
    expect(exclusive.map((r) => r.termId).sort()).toEqual([
      "azure-api-exclusivity",
      "azure-stateless-hosting",
    ]);
    for (const reason of exclusive) expect(reason.sources.length).toBeGreaterThan(0);
    expect(conditional).toMatchObject({
      from: "2026-04-27",
      to: "2027-01-01",
      decision: "conditional",
      // Two reports still describe Azure as keeping stateless exclusivity: a disputed answer.
      certainty: "uncertain",
      uncertainPeriods: [{ from: "2026-04-27", to: "2027-01-01" }],
    });
    const codes = (conditional.reasons as Json[]).map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(["granted", "first-ship-priority", "disputed"]));
  });

  it("marks the government conflict from March 2026, uncertain in the month the deal is dated to", async () => {
    const { body } = await api.get(
      "/entitlements/availability?product=openai-api&provider=aws&segment=government&from=2026-02-01&to=2026-12-31",
    );
    expect(body.segment).toBe("government");
    expect(
      (body.windows as Json[]).map(({ from, to, decision, uncertainPeriods }) => ({
        from,
        to,
        decision,
        uncertainPeriods,
      })),
    ).toMatchObject([
      { from: "2026-02-01", to: "2026-02-28", decision: "denied" },
      {
        from: "2026-03-01",
        to: "2026-04-26",
        decision: "conflict",
        uncertainPeriods: [{ from: "2026-03-01", to: "2026-03-31" }],
      },
      { from: "2026-04-27", to: "2026-12-31", decision: "conditional" },
    ]);
  });

  it("defaults to ten years from today", async () => {
    const { status, body } = await api.get("/entitlements/availability?product=codex&provider=aws");
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ from: "2026-06-01", to: "2036-06-01" });
    // Nothing right-bearing changes after the Bedrock listing: one window to the end.
    expect(body.windows).toMatchObject([
      { from: "2026-06-01", to: "2036-06-01", decision: "conditional" },
    ]);
  });

  it("refuses a range that runs backwards or past fifty years, at `to`", async () => {
    const base = "/entitlements/availability?product=codex&provider=aws";
    const backwards = expectProblem(await api.get(`${base}&from=2026-06-01&to=2026-05-31`), 400);
    expect(errorPaths(backwards)).toEqual(["to"]);
    expect(backwards.detail).toMatch(/before from/);
    const tooFar = expectProblem(await api.get(`${base}&from=2026-06-01&to=2076-06-02`), 400);
    expect(errorPaths(tooFar)).toEqual(["to"]);
    expect(tooFar.detail).toMatch(/50 years/);
    expect((await api.get(`${base}&from=2026-06-01&to=2076-06-01`)).status).toBe(200);
    const impossible = expectProblem(await api.get(`${base}&from=2026-02-30`), 400);
    expect(errorPaths(impossible)).toEqual(["from"]);
  });

  it("refuses ids the tenant's catalog lacks, at their path", async () => {
    const product = expectProblem(
      await api.get("/entitlements/availability?product=windows&provider=aws"),
      400,
    );
    expect(errorPaths(product)).toEqual(["product"]);
    expect(product.detail).toMatch(/windows/);
    const provider = expectProblem(
      await api.get("/entitlements/availability?product=codex&provider=ibm-cloud"),
      400,
    );
    expect(errorPaths(provider)).toEqual(["provider"]);
    const segment = expectProblem(
      await api.get("/entitlements/availability?product=codex&provider=aws&segment=military"),
      400,
    );
    expect(errorPaths(segment)).toEqual(["segment"]);
    const malformed = expectProblem(
      await api.get("/entitlements/availability?product=Not%20A%20Slug&provider=aws"),
      400,
    );
    expect(errorPaths(malformed)).toContain("product");
  });
});

describe("conflicts", () => {
  it("Frontier on AWS and Azure, commercial, from 2026-02-27 to 2026-04-26", async () => {
    const { status, body } = await api.get(
      "/conflicts?from=2026-01-01&to=2026-12-31&segment=commercial",
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ from: "2026-01-01", to: "2026-12-31" });
    const conflicts = body.conflicts as Json[];
    expect(
      conflicts.map(({ product, provider, from, to }) => [product, provider, from, to]),
    ).toEqual([
      ["frontier", "azure", "2026-02-27", "2026-04-26"],
      ["frontier", "aws", "2026-02-27", "2026-04-26"],
      ["stateful-runtime", "aws", "2026-02-27", "2026-04-26"],
    ]);
    const frontier = conflicts.filter(({ product }) => product === "frontier");
    for (const period of frontier) {
      expect(period.segment).toBe("commercial");
      // Microsoft's API-layer exclusivity against AWS's Frontier exclusivity.
      expect(termKeys(period)).toEqual([
        `${AMAZON}/aws-frontier-distribution`,
        `${MS}/azure-api-exclusivity`,
      ]);
      for (const term of period.terms as Json[]) {
        expect(term.summary).toEqual(expect.any(String));
        expect(term.sources.length).toBeGreaterThan(0);
      }
    }
  });

  it("reads them from the answers model, no agreement read, as the evaluation says them", async () => {
    const { viewStore } = api.runtime;
    const reads = [vi.spyOn(viewStore, "listViews"), vi.spyOn(viewStore, "getViews")];
    let fromTheModel: Json;
    try {
      fromTheModel = await api.get("/conflicts?from=2026-01-01&to=2026-12-31");
      const keys = reads.flatMap((spy) => spy.mock.calls.flatMap(([, keys]) => [keys].flat()));
      expect(keys.filter((key) => /^(agreement|listing)#/.test(String(key)))).toEqual([]);
    } finally {
      for (const spy of reads) spy.mockRestore();
    }
    expect(fromTheModel.status).toBe(200);
    expect((fromTheModel.body.conflicts as Json[]).length).toBeGreaterThan(3);
    // As known now, the same question is evaluated from the agreements.
    const knownNow = encodeURIComponent(api.now().toISOString());
    const evaluated = await api.get(`/conflicts?from=2026-01-01&to=2026-12-31&knownAt=${knownNow}`);
    expect(fromTheModel.body).toEqual(evaluated.body);
  });

  it("with limit, gives the first periods of the whole list, reading only the cells they come from", async () => {
    const path = "/conflicts?from=2026-01-01&to=2026-12-31";
    const whole = (await api.get(path)).body.conflicts as Json[];
    expect(whole.length).toBeGreaterThan(3);
    const { viewStore } = api.runtime;
    for (let limit = 1; limit <= whole.length + 1; limit++) {
      const read = vi.spyOn(viewStore, "getViews");
      try {
        const { status, body } = await api.get(`${path}&limit=${limit}`);
        expect(status).toBe(200);
        expect(body, `limit=${limit}`).toEqual({
          from: "2026-01-01",
          to: "2026-12-31",
          conflicts: whole.slice(0, limit),
          more: limit < whole.length,
        });
        const cells = read.mock.calls.flatMap(([, keys]) => keys);
        expect(cells.length, `limit=${limit}`).toBeLessThanOrEqual(limit);
      } finally {
        read.mockRestore();
      }
    }
    // From the sources: the first to start is Frontier on Azure, from the Amazon deal of
    // 2026-02-27, when AWS's Frontier exclusivity met Microsoft's at the API layer.
    const [first] = (await api.get(`${path}&segment=commercial&limit=1`)).body.conflicts;
    expect(first).toMatchObject({ product: "frontier", provider: "azure", from: "2026-02-27" });
    // Evaluated (as known at an instant), limit gives the same.
    const knownNow = encodeURIComponent(api.now().toISOString());
    const evaluated = await api.get(`${path}&limit=2&knownAt=${knownNow}`);
    expect(evaluated.body).toMatchObject({ conflicts: whole.slice(0, 2), more: true });
    expectProblem(await api.get(`${path}&limit=0`), 400);
  });

  it("reads cells' conflicts stored before they were deflated as they are, and evaluates a cell marked too large", async () => {
    const { viewStore } = api.runtime;
    const path = "/conflicts?from=2026-01-01&to=2026-12-31";
    const expected = (await api.get(path)).body;
    const stored = await viewStore.listViews(TENANT, "answer-conflicts#");
    expect(stored.length).toBeGreaterThan(3);
    const rewrite = async (change: (body: StoredConflicts) => unknown) => {
      for (const { key, version, body } of stored)
        await viewStore.putView(
          TENANT,
          key,
          version,
          change(body as StoredConflicts),
          {},
          {
            overwriteSameVersion: true,
          },
        );
    };
    /** The conflicts' answer, and the snapshots and listings it read. */
    const asked = async () => {
      const reads = [vi.spyOn(viewStore, "listViews"), vi.spyOn(viewStore, "getViews")];
      try {
        const { status, body } = await api.get(path);
        const keys = reads.flatMap((spy) => spy.mock.calls.flatMap(([, keys]) => [keys].flat()));
        const evaluated = keys.filter((key) => /^(agreement|listing)#/.test(String(key)));
        return { status, body, evaluated: evaluated.length > 0 };
      } finally {
        for (const spy of reads) spy.mockRestore();
      }
    };
    try {
      // As the release before wrote them: plain JSON, read from the model.
      await rewrite((body) => keptConflicts(body));
      expect(await asked()).toEqual({ status: 200, body: expected, evaluated: false });
      // Marked too large: evaluated, and the same.
      await rewrite(({ product, provider, segment }) => ({
        product,
        provider,
        segment,
        tooLarge: true,
      }));
      expect(await asked()).toEqual({ status: 200, body: expected, evaluated: true });
    } finally {
      await rewrite((body) => body);
    }
  });

  it("covers every segment unless one is named", async () => {
    const { body } = await api.get("/conflicts?from=2026-01-01&to=2026-12-31");
    const government = (body.conflicts as Json[]).filter((c) => c.segment === "government");
    expect(government.length).toBeGreaterThan(0);
    const openaiApi = government.find((c) => c.product === "openai-api" && c.provider === "aws");
    expect(openaiApi).toMatchObject({ from: "2026-03-01", to: "2026-04-26" });
    expect(termKeys(openaiApi ?? {})).toContain(`${AMAZON}/aws-government-distribution`);
  });

  it("finds none from today on (the overlap ended in April 2026), by default", async () => {
    const { status, body } = await api.get("/conflicts");
    expect(status).toBe(200);
    expect(body).toEqual({ from: "2026-06-01", to: "2036-06-01", conflicts: [] });
  });

  it("refuses an unknown segment and a backwards range", async () => {
    expect(errorPaths(expectProblem(await api.get("/conflicts?segment=military"), 400))).toEqual([
      "segment",
    ]);
    const backwards = expectProblem(await api.get("/conflicts?from=2026-06-01&to=2026-01-01"), 400);
    expect(errorPaths(backwards)).toEqual(["to"]);
  });

  it("answers from what had been recorded by knownAt: nothing before the seed", async () => {
    const { body } = await api.get(
      "/conflicts?from=2026-01-01&to=2026-12-31&knownAt=2026-05-31T23:59:59Z",
    );
    expect(body.conflicts).toEqual([]);
  });
});

describe("tenants and the API description", () => {
  it("another tenant sees none of acme's conflicts, and not its catalog's products", async () => {
    const conflicts = await api.get("/conflicts?from=2026-01-01&to=2026-12-31", "editor-b");
    expect(conflicts.status).toBe(200);
    expect(conflicts.body.conflicts).toEqual([]);
    const availability = await api.get(
      "/entitlements/availability?product=frontier&provider=aws&from=2026-01-01&to=2026-12-31",
      "editor-b",
    );
    expect(errorPaths(expectProblem(availability, 400))).toEqual(["product", "provider"]);
    expect(availability.text).not.toContain("aws-frontier-distribution");
  });

  it("asks for a token", async () => {
    expectProblem(await api.get("/conflicts", null), 401);
    expectProblem(
      await api.get("/entitlements/availability?product=codex&provider=aws", null),
      401,
    );
  });

  it("documents both endpoints in the OpenAPI document", async () => {
    const { body } = await api.get("/openapi.json", null);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/api/v1/entitlements/availability", "/api/v1/conflicts"]),
    );
  });
});
