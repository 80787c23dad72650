import {
  type AgreementListing,
  availabilityWindows,
  evaluateEntitlement,
  reaches,
} from "@termline/core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  AGREEMENT_VIEW_PREFIX,
  agreementViewKey,
  LISTING_PREFIX,
} from "../../functions/src/projector/agreement-keys.ts";
import { dropCell } from "../../functions/src/projector/answer-writes.ts";
import { loadCatalog } from "../../functions/src/services/catalog-reads.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import { type ApiHarness, harnessForFile, type Json, SEEDED_AT, TENANT } from "./support.ts";

/**
 * A cell the read model does not hold (one whose timeline cites too many reasons to keep, as
 * at N = 10,000: answer-projection.ts) is answered by evaluating the agreements that can bear
 * on its product, read by their snapshots alone, never the whole portfolio.
 */
let api: ApiHarness;

harnessForFile("cells-out-of-the-model", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const PRODUCT = "openai-api";
const cellOn = (provider: string) => ({ product: PRODUCT, provider, segment: "commercial" });

/** The snapshot keys read while `action` runs. */
async function snapshotsReadDuring(action: () => Promise<unknown>): Promise<string[]> {
  const getViews = vi.spyOn(api.runtime.viewStore, "getViews");
  try {
    await action();
    return getViews.mock.calls
      .flatMap(([, keys]) => keys)
      .filter((key) => key.startsWith(AGREEMENT_VIEW_PREFIX));
  } finally {
    getViews.mockRestore();
  }
}

/** The snapshot keys of the agreements whose listings say they can reach the product. */
async function reachingSnapshots() {
  const listings = await api.runtime.viewStore.listViews(TENANT, LISTING_PREFIX);
  // The product as the tenant's catalog has it: its class decides what class-wide terms reach it.
  const catalog = await loadCatalog(api.runtime, TENANT);
  const product = catalog.products.find(({ id }) => id === PRODUCT);
  if (!product) throw new Error(`no ${PRODUCT} in the catalog`);
  const all = listings.map(({ body }) => body as AgreementListing);
  const reaching = all.filter(({ reach }) => reach === undefined || reaches(reach, product));
  return { all: all.length, keys: new Set(reaching.map(({ id }) => agreementViewKey(id))) };
}

beforeAll(async () => {
  for (const provider of ["aws", "azure"])
    await dropCell(api.runtime.viewStore, TENANT, cellOn(provider));
});

describe("a cell the read model does not hold", () => {
  it("says what the sources say: AWS shut out by Azure's exclusivities in March 2026", async () => {
    const read = await snapshotsReadDuring(async () => {
      const { status, body } = await api.get(
        `/entitlements?product=${PRODUCT}&provider=aws&at=2026-03-15`,
      );
      expect(status).toBe(200);
      expect(body.decision).toBe("denied");
      const exclusive = (body.reasons as Json[]).filter((r) => r.code === "exclusive-to-other");
      expect(exclusive.map((r) => r.termId).sort()).toEqual([
        "azure-api-exclusivity",
        "azure-stateless-hosting",
      ]);
    });
    // Evaluated (snapshots were read), from the agreements reaching the product only.
    const { all, keys } = await reachingSnapshots();
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((key) => !keys.has(key))).toEqual([]);
    expect(keys.size).toBeLessThan(all);
  });

  it("answers as the whole portfolio would, on days either side of the restructuring", async () => {
    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT);
    const read = await snapshotsReadDuring(async () => {
      for (const at of ["2026-03-15", "2026-04-28", "2026-05-01", "2027-01-01"])
        for (const provider of ["aws", "azure"]) {
          const path = `/entitlements?product=${PRODUCT}&provider=${provider}&at=${at}`;
          const expected = evaluateEntitlement(agreements, { ...cellOn(provider), at }, catalog);
          expect((await api.get(path)).body, path).toEqual(JSON.parse(JSON.stringify(expected)));
        }
    });
    const { keys } = await reachingSnapshots();
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((key) => !keys.has(key))).toEqual([]);
  });

  it("gives its availability over a range as the whole portfolio would, from the same snapshots", async () => {
    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT);
    const range = { from: "2026-03-01", to: "2026-12-31" };
    const asked = { ...cellOn("aws"), ...range };
    const { windows } = availabilityWindows(agreements, catalog, asked);
    let body: Json = {};
    const read = await snapshotsReadDuring(async () => {
      const path = `/entitlements/availability?product=${PRODUCT}&provider=aws&from=${range.from}&to=${range.to}`;
      const response = await api.get(path);
      expect(response.status, response.text).toBe(200);
      body = response.body;
    });
    expect(body.windows).toEqual(JSON.parse(JSON.stringify(windows)));
    // Shut out in March 2026 by Azure's exclusivities, as the sources say.
    expect((body.windows as Json[]).map((window) => window.decision)).toContain("denied");
    const { keys } = await reachingSnapshots();
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((key) => !keys.has(key))).toEqual([]);
  });

  it("gives a workload on it its answers per provider the same way", async () => {
    const created = await api.call("POST", "/workloads", {
      body: {
        id: "support-bot",
        name: "Support bot",
        product: PRODUCT,
        providers: ["aws", "azure"],
      },
    });
    expect(created.status, created.text).toBe(201);
    let answers: Json = {};
    const read = await snapshotsReadDuring(async () => {
      const march = await api.get("/workloads/support-bot/entitlements?at=2026-03-15");
      const may = await api.get("/workloads/support-bot/entitlements?at=2026-05-01");
      answers = { march: march.body, may: may.body };
    });
    const decisions = (body: Json) =>
      Object.fromEntries((body.providers as Json[]).map((p) => [p.provider, p.decision]));
    expect(decisions(answers.march)).toEqual({ aws: "denied", azure: "allowed" });
    expect(decisions(answers.may)).toEqual({ aws: "conditional", azure: "allowed" });
    const { keys } = await reachingSnapshots();
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((key) => !keys.has(key))).toEqual([]);
  });
  it("gives a workload's answers as known at an instant from the same snapshots", async () => {
    const knownAt = SEEDED_AT;
    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT, { knownAt });
    let body: Json = {};
    const read = await snapshotsReadDuring(async () => {
      const path = `/workloads/support-bot/entitlements?at=2026-05-01&knownAt=${knownAt}`;
      const response = await api.get(path);
      expect(response.status, response.text).toBe(200);
      body = response.body;
    });
    const expected = ["aws", "azure"].map((provider) => {
      const answer = evaluateEntitlement(
        agreements,
        { ...cellOn(provider), at: "2026-05-01" },
        catalog,
      );
      const { decision, certainty, reasons } = JSON.parse(JSON.stringify(answer));
      return { provider, decision, certainty, reasons };
    });
    expect(body.providers).toEqual(expected);
    const { keys } = await reachingSnapshots();
    expect(read.length).toBeGreaterThan(0);
    expect(read.filter((key) => !keys.has(key))).toEqual([]);
  });
});
