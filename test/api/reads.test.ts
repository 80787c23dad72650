import { describe, expect, it } from "vitest";
import { storeReadsDuring } from "../support/store-reads.ts";
import { type ApiHarness, expectProblem, harnessForFile, type Json, SEEDED_AT } from "./support.ts";

let api: ApiHarness;

harnessForFile("reads", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const MS = "microsoft-openai";
const REFERENCE_IDS = [
  "amazon-openai",
  "aws-openai-cloud",
  "google-openai-distribution",
  MS,
  "openai-2026-round",
  "oracle-openai-infrastructure",
];

const termOf = (agreement: Json, id: string): Json => {
  const term = (agreement.terms as Json[]).find((t) => t.id === id);
  if (!term) throw new Error(`no term ${id} in ${agreement.id}`);
  return term;
};

describe("catalog and agreements", () => {
  it("the catalog lists parties, providers and products", async () => {
    const { status, body } = await api.get("/catalog");
    expect(status).toBe(200);
    expect(body.parties).toEqual(
      expect.arrayContaining([
        { id: "microsoft", name: "Microsoft" },
        { id: "openai", name: "OpenAI" },
        { id: "amazon", name: "Amazon" },
      ]),
    );
    for (const party of body.parties) expect(party).toMatchObject({ id: expect.any(String) });
    expect(body.providers.map((p: Json) => p.id).sort()).toEqual(
      ["aws", "azure", "google-cloud", "openai-direct", "oracle-cloud"].sort(),
    );
    for (const provider of body.providers)
      expect(provider).toMatchObject({
        id: expect.any(String),
        name: expect.any(String),
        party: expect.any(String),
      });
    expect(body.products.map((p: Json) => p.id)).toHaveLength(5);
    for (const product of body.products)
      expect(product).toMatchObject({
        id: expect.any(String),
        name: expect.any(String),
        class: expect.any(String),
        owner: "openai",
      });
  });

  it("lists the reference agreements with their parties, status and version", async () => {
    const { status, body } = await api.get("/agreements?at=2026-05-01");
    expect(status).toBe(200);
    expect(body.agreements.map((a: Json) => a.id).sort()).toEqual(REFERENCE_IDS);
    for (const agreement of body.agreements) {
      expect(agreement).toMatchObject({
        title: expect.any(String),
        status: "active",
        version: expect.any(Number),
      });
      expect(agreement.parties.length).toBeGreaterThan(0);
    }
    const ms = body.agreements.find((a: Json) => a.id === MS);
    expect(ms.parties.map((p: Json) => p.party)).toEqual(["microsoft", "openai"]);
  });

  it("lists the agreements in pages with limit= and the next cursor, none lost, none twice", async () => {
    const whole = (await api.get("/agreements?at=2026-05-01")).body.agreements as Json[];
    const seen: Json[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const { status, body } = await api.get(`/agreements?at=2026-05-01&limit=2${query}`);
      expect(status).toBe(200);
      expect(body.agreements.length).toBeLessThanOrEqual(2);
      seen.push(...body.agreements);
      cursor = body.next;
      pages++;
    } while (cursor !== undefined && pages < 20);
    expect(cursor).toBeUndefined();
    // Six reference agreements: three pages, the last saying so, the same summaries in id order.
    expect(pages).toBe(3);
    expect(seen).toEqual([...whole].sort((a, b) => (a.id < b.id ? -1 : 1)));
    for (const path of [
      `/agreements?limit=2&cursor=${Buffer.from("deadline#2030", "utf8").toString("base64url")}`,
      "/agreements?limit=0",
      "/agreements?limit=2&knownAt=2026-07-01T00:00:00Z",
    ]) {
      const problem = expectProblem(await api.get(path), 400);
      expect(problem.errors?.[0]?.path).toMatch(/^(cursor|limit)$/);
    }
  });

  it("names a few agreements by id in one read by key, whatever the tenant holds", async () => {
    const whole = (await api.get("/agreements?at=2026-05-01")).body.agreements as Json[];
    const reads = await storeReadsDuring(api.runtime, async () => {
      const { status, text, body } = await api.get(
        `/agreements?at=2026-05-01&ids=${MS},amazon-openai,no-such-agreement,${MS}`,
      );
      expect(status, text).toBe(200);
      // In id order, once each; an id the tenant does not have is left out.
      expect(body.agreements).toEqual(
        ["amazon-openai", MS].map((id) => whole.find((agreement) => agreement.id === id)),
      );
    });
    expect(reads).toEqual({ getViews: 1 });
    expect(
      (await api.get(`/agreements?ids=${MS}`, "admin-b")).body.agreements,
      "another tenant's",
    ).toEqual([]);
    const many = Array.from({ length: 101 }, (_, index) => `a-${index}`).join(",");
    for (const [path, field] of [
      [`/agreements?ids=${MS}&limit=2`, "limit"],
      ["/agreements?ids=Not%20An%20Id", "ids"],
      ["/agreements?ids=", "ids"],
      [`/agreements?ids=${many}`, "ids"],
    ] as const) {
      const problem = expectProblem(await api.get(path), 400);
      expect(problem.errors?.[0]?.path, path).toMatch(new RegExp(`^${field}`));
    }
  });

  it("gives every agreement's terms in one request, as each agreement's own read does", async () => {
    const { status, body } = await api.get("/agreement-details?at=2026-05-01");
    expect(status).toBe(200);
    expect(body.agreements.map((a: Json) => a.id)).toEqual(REFERENCE_IDS);
    for (const agreement of body.agreements) {
      const own = await api.get(`/agreements/${agreement.id}?at=2026-05-01`);
      expect(agreement).toEqual(own.body);
    }
    // What the home page lists as open disputes: those over the April 2026 amendment.
    const ms = body.agreements.find((a: Json) => a.id === MS);
    expect(ms.disputes.filter((d: Json) => d.status === "open").length).toBeGreaterThan(0);
  });

  it("shows microsoft-openai before and after the April 2026 amendment", async () => {
    const march = (await api.get(`/agreements/${MS}?at=2026-03-15`)).body;
    const may = (await api.get(`/agreements/${MS}?at=2026-05-01`)).body;
    expect(march).toMatchObject({ id: MS, status: "active", version: may.version });

    expect(termOf(march, "azure-api-exclusivity").status).toBe("in-force");
    const ended = termOf(may, "azure-api-exclusivity");
    expect(ended.status).toBe("ended");
    // The last day it was in force: the amendment took effect on 2026-04-27.
    expect(ended.effective).toMatchObject({ to: "2026-04-26", toPrecision: "day" });
    expect(termOf(march, "any-cloud-distribution").status).toBe("not-yet-effective");
    expect(termOf(may, "any-cloud-distribution").status).toBe("in-force");

    const license = [termOf(march, "microsoft-ip-license"), termOf(may, "microsoft-ip-license")];
    expect(license.map((t) => t.status)).toEqual(["in-force", "in-force"]);
    expect(license.map((t) => t.attributes.exclusive)).toEqual([true, false]);
    expect(license[1]?.effective).toMatchObject({ to: "2032-12-31", toPrecision: "year" });

    for (const term of may.terms as Json[]) {
      expect(term).toMatchObject({ kind: expect.any(String), summary: expect.any(String) });
      expect(term.effective).toHaveProperty("from");
      expect(term.sources.length).toBeGreaterThan(0);
    }
    expect(may.disputes.map((d: Json) => [d.id, d.status])).toEqual(
      expect.arrayContaining([
        ["amendment-date", "open"],
        ["stateless-api-exclusivity", "open"],
      ]),
    );
    expect(may.openQuestions.map((q: Json) => q.id)).toContain("azure-first-ship:window");
  });

  it("names each agreement's parties, in the list and on the agreement", async () => {
    const listed = (await api.get("/agreements")).body.agreements as Json[];
    const microsoft = listed.find(({ id }) => id === MS);
    expect(microsoft?.parties).toEqual([
      { party: "microsoft", role: "investor, cloud provider and licensee", name: "Microsoft" },
      { party: "openai", role: "model developer", name: "OpenAI" },
    ]);
    const paged = (await api.get("/agreements?limit=50")).body.agreements as Json[];
    expect(paged.flatMap(({ parties }) => parties.map(({ name }: Json) => name))).toContain(
      "Amazon",
    );
    const one = (await api.get(`/agreements/${MS}`)).body;
    expect(one.parties.map(({ name }: Json) => name)).toEqual(["Microsoft", "OpenAI"]);
  });

  it("cites both sides of the amendment's date: four reports say 27 April, one 28 April", async () => {
    const answer = (await api.get("/entitlements?product=openai-api&provider=aws&at=2026-04-27"))
      .body;
    const dated = (answer.reasons as Json[]).find(
      (reason) => reason.code === "disputed" && /28 Apr 2026/.test(reason.summary ?? ""),
    );
    expect(dated, JSON.stringify(answer.reasons)).toBeDefined();
    const cited = ((dated?.sources ?? []) as Json[]).map((source) => source.publication);
    expect(cited).toEqual(
      expect.arrayContaining([
        "Microsoft Blog",
        "CNBC",
        "Reuters",
        "TechCrunch",
        "One press report",
      ]),
    );
    expect(cited).toHaveLength(5);
  });

  it("shows no dispute as open before it was raised", async () => {
    const march = (await api.get(`/agreements/${MS}?at=2026-03-15`)).body;
    const open = (march.disputes as Json[]).filter((d) => d.status === "open");
    expect(open.map((d) => [d.id, d.raisedOn]).filter(([, on]) => on > "2026-03-15")).toEqual([]);
  });

  it("shows a dispute open, then resolved", async () => {
    const march = (await api.get("/agreements/amazon-openai?at=2026-03-15")).body;
    const may = (await api.get("/agreements/amazon-openai?at=2026-05-01")).body;
    const dispute = (body: Json) =>
      (body.disputes as Json[]).find((d) => d.id === "microsoft-disputes-amazon-deal");
    expect(dispute(march)?.status).toBe("open");
    expect(dispute(may)?.status).toBe("resolved");
    expect(may.openQuestions.map((q: Json) => q.id)).toContain("frontier-hosting");
  });
});

describe("entitlements", () => {
  it("openai-api on aws is denied on 2026-03-15: exclusive to Azure", async () => {
    const { status, body } = await api.get(
      "/entitlements?product=openai-api&provider=aws&at=2026-03-15",
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      product: "openai-api",
      provider: "aws",
      segment: "commercial",
      at: "2026-03-15",
      decision: "denied",
    });
    const exclusive = (body.reasons as Json[]).filter((r) => r.code === "exclusive-to-other");
    // openai-api is stateless: both Azure exclusivities shut AWS out.
    expect(exclusive.map((r) => r.termId).sort()).toEqual([
      "azure-api-exclusivity",
      "azure-stateless-hosting",
    ]);
    for (const reason of exclusive) {
      expect(reason.agreementId).toBe(MS);
      expect(reason.summary).toEqual(expect.any(String));
      expect(reason.sources.length).toBeGreaterThan(0);
    }
  });

  it("openai-api on aws is conditional on 2026-05-01: Azure's first-ship priority", async () => {
    const { body } = await api.get("/entitlements?product=openai-api&provider=aws&at=2026-05-01");
    expect(body.decision).toBe("conditional");
    const codes = (body.reasons as Json[]).map((r) => r.code);
    expect(codes).toContain("first-ship-priority");
    expect(codes).toContain("granted");
    const priority = (body.reasons as Json[]).find((r) => r.code === "first-ship-priority");
    expect(priority).toMatchObject({ agreementId: MS, termId: "azure-first-ship" });
  });

  it("the matrix has 25 cells, and frontier on aws is a conflict on 2026-03-15", async () => {
    const { status, body } = await api.get("/entitlements/matrix?at=2026-03-15");
    expect(status).toBe(200);
    expect(body.at).toBe("2026-03-15");
    expect(body.products).toHaveLength(5);
    expect(body.providers).toHaveLength(5);
    expect(body.cells).toHaveLength(25);
    const cell = (body.cells as Json[]).find(
      (c) => c.product === "frontier" && c.provider === "aws",
    );
    expect(cell?.decision).toBe("conflict");
    for (const c of body.cells)
      expect(["allowed", "conditional", "denied", "conflict"]).toContain(c.decision);
    // A cell is its decision and certainty; its reasons are its entitlement's, or `reasons=true`.
    expect(Object.keys(cell ?? {}).sort()).toEqual([
      "certainty",
      "decision",
      "product",
      "provider",
    ]);
    const cited = await api.get("/entitlements/matrix?at=2026-03-15&reasons=true");
    const single = await api.get("/entitlements?product=frontier&provider=aws&at=2026-03-15");
    expect(
      (cited.body.cells as Json[]).find((c) => c.product === "frontier" && c.provider === "aws"),
    ).toEqual({
      product: "frontier",
      provider: "aws",
      decision: "conflict",
      certainty: single.body.certainty,
      reasons: single.body.reasons,
    });
    expect(single.body.reasons.length).toBeGreaterThan(0);
  });

  it("the government segment differs from commercial", async () => {
    const government = await api.get(
      "/entitlements?product=codex&provider=aws&at=2026-04-01&segment=government",
    );
    const commercial = await api.get("/entitlements?product=codex&provider=aws&at=2026-04-01");
    expect(government.body.segment).toBe("government");
    expect(commercial.body.decision).toBe("denied");
    expect(government.body.decision).not.toBe(commercial.body.decision);
  });
});
