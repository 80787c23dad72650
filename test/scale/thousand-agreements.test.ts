import {
  deriveDeadlines,
  entitlementMatrix,
  filterDeadlines,
  namesIn,
  openMattersIn,
  type PendingEvent,
  withAlerts,
} from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANSWER_PREFIX, readHead } from "../../functions/src/projector/answer-items.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import { alertPolicyOf } from "../../functions/src/services/settings.ts";
import { type ApiHarness, createApiHarness, type Json } from "../api/support.ts";
import { matrixForms } from "../support/matrix-forms.ts";
import { storeReadsDuring } from "../support/store-reads.ts";

/**
 * A tenant of 1,000 agreements, built directly through the event store and rebuilt: what the
 * read models answer there equals what the fold of every agreement says, and a page read costs
 * what a page costs.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("thousand-agreements", { seed: false });
});
afterAll(() => api.drop());

describe("a tenant of 1,000 agreements built through the store", () => {
  const N = 1_000;
  const PRODUCTS = ["alpha", "beta", "gamma", "delta", "epsilon"];
  const PROVIDERS = ["north", "south", "east", "west"];
  // Agreements start on a handful of dates, as real portfolios cluster around fiscal years.
  const STARTS = ["2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01", "2027-01-01"];
  const TENANT_B = "beta";
  const pick = <T>(list: T[], n: number) => list[n % list.length] as T;

  const catalog = [
    { type: "PartyAdded", party: "maker", name: "Maker" },
    ...PROVIDERS.map((id) => ({ type: "PartyAdded", party: `${id}-co`, name: `${id} Co` })),
    ...PROVIDERS.map((id) => ({
      type: "ProviderAdded",
      provider: id,
      name: `${id} cloud`,
      party: `${id}-co`,
      channel: "cloud",
    })),
    { type: "ProductClassAdded", productClass: "models", name: "Models" },
    ...PRODUCTS.map((id) => ({
      type: "ProductAdded",
      product: id,
      name: `Model ${id}`,
      class: "models",
      owner: "maker",
    })),
  ];

  const recorded = (n: number): PendingEvent => ({
    type: "AgreementRecorded",
    effectiveOn: pick(STARTS, n),
    precision: "day",
    data: {
      title: `Deal ${n}`,
      kind: "distribution",
      parties: [
        { party: "maker", role: "licensor" },
        { party: `${pick(PROVIDERS, n * 3)}-co`, role: "distributor" },
      ],
    },
    sources: [],
  });
  // One in seven is a third-party-cloud exclusivity, the rest non-exclusive grants, so cells
  // meet carve-outs, conflicts and ends.
  const right = (n: number): PendingEvent => ({
    type: n % 7 === 0 ? "ExclusivityGranted" : "DistributionRightGranted",
    effectiveOn: pick(STARTS, n),
    precision: "day",
    data:
      n % 7 === 0
        ? {
            termId: "right",
            holder: pick(PROVIDERS, n * 3),
            scope: "third-party-cloud-distribution",
            products: [pick(PRODUCTS, n)],
            until: "2029-12-31",
          }
        : {
            termId: "right",
            providers: [pick(PROVIDERS, n * 3)],
            products: [pick(PRODUCTS, n)],
            until: `${2027 + (n % 4)}-06-30`,
          },
    sources: [],
  });

  // Every 25th agreement leaves a question open; every 50th is disputed, every 100th settled.
  const matters = (n: number): PendingEvent[] => {
    const on = (effectiveOn: string, type: string, data: Record<string, unknown>) => ({
      type,
      effectiveOn,
      precision: "day" as const,
      data,
      sources: [],
    });
    const start = pick(STARTS, n);
    return [
      ...(n % 25 === 0
        ? [on(start, "OpenQuestionRaised", { questionId: "q", question: `Q${n}?` })]
        : []),
      ...(n % 50 === 0
        ? [on(start, "DisputeRaised", { disputeId: "d", kind: "party-claim", claim: `C${n}` })]
        : []),
      ...(n % 100 === 0
        ? [on("2028-03-01", "DisputeResolved", { disputeId: "d", resolution: "ok" })]
        : []),
    ];
  };

  beforeAll(async () => {
    const imported = await api.call("POST", "/import", {
      token: "admin-b",
      body: { format: "termline-export", version: 1, catalog, agreements: [], workloads: [] },
    });
    expect(imported.status, imported.text).toBe(200);
    const queue = Array.from({ length: N }, (_, n) => n);
    const writer = async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift())
        await api.runtime.eventStore.append({
          tenant: TENANT_B,
          agreementId: `deal-${n}`,
          expectedVersion: 0,
          events: [recorded(n), right(n), ...matters(n)],
          recordedAt: api.now().toISOString(),
          recordedBy: "loader",
          newEventId: api.runtime.newId,
        });
    };
    await Promise.all(Array.from({ length: 8 }, writer));
    const rebuilt = await api.projector.rebuildAll(TENANT_B);
    expect(rebuilt.failed).toEqual([]);
  }, 300_000);

  it("answers every cell from the model as the evaluator does on the whole portfolio", async () => {
    const { agreements, catalog: built } = await loadPortfolio(api.runtime, TENANT_B);
    expect(agreements).toHaveLength(N);
    for (const at of ["2025-03-01", "2026-07-01", "2027-08-01", "2030-01-01"]) {
      const evaluated = entitlementMatrix(agreements, at, "commercial", built);
      const path = `/entitlements/matrix?segment=commercial&at=${at}`;
      for (const form of matrixForms(path, evaluated))
        expect((await api.get(form.path, "editor-b")).body, form.path).toEqual(form.expected);
    }
    const items = await api.runtime.viewStore.listViews(TENANT_B, ANSWER_PREFIX);
    expect(items).toHaveLength(PRODUCTS.length * PROVIDERS.length * built.segments.length);
    const decisions = new Set(
      items.flatMap((view) => {
        const read = readHead(view);
        return read.kind === "head" ? read.head.periods.map(([, decision]) => decision) : [];
      }),
    );
    expect([...decisions].sort()).toEqual(["allowed", "conflict", "denied"]);
  }, 120_000);

  it("lists the deadlines from the date index as derived from every agreement", async () => {
    const { agreements, catalog: built } = await loadPortfolio(api.runtime, TENANT_B);
    const names = namesIn(built);
    for (const [at, from, to] of [
      ["2025-03-01", "2025-03-01", "2027-12-31"],
      ["2026-07-01", "2027-01-01", "2029-12-31"],
      ["2028-01-01", "2028-01-01", "2031-01-01"],
    ] as const) {
      const listed = await api.get(`/deadlines?at=${at}&from=${from}&to=${to}`, "editor-b");
      expect(listed.status).toBe(200);
      const expected = filterDeadlines(deriveDeadlines(agreements, at, names), { from, to });
      expect(expected.length, at).toBeGreaterThan(0);
      expect(
        listed.body.deadlines.map(({ id, date }: { id: string; date: string }) => `${date} ${id}`),
        at,
      ).toEqual(expected.map(({ id, date }) => `${date} ${id}`));
    }
  }, 120_000);

  it("lists the open disputes and questions from their index as every agreement states them", async () => {
    const { agreements } = await loadPortfolio(api.runtime, TENANT_B);
    const ids = (list: { agreementId: string; id: string }[]) =>
      list.map(({ agreementId, id }) => `${agreementId}/${id}`);
    for (const at of ["2024-01-01", "2025-07-01", "2027-01-01", "2028-03-01", "2030-01-01"]) {
      const expected = openMattersIn(agreements, at);
      const [disputes, questions] = await Promise.all([
        api.get(`/open-disputes?at=${at}`, "editor-b"),
        api.get(`/open-questions?at=${at}`, "editor-b"),
      ]);
      expect(ids(disputes.body.disputes), at).toEqual(ids(expected.disputes));
      expect(ids(questions.body.questions), at).toEqual(ids(expected.questions));
    }
    // 20 disputes raised by 2027, 10 of them settled in March 2028; 40 questions.
    expect(openMattersIn(agreements, "2027-06-01").disputes).toHaveLength(20);
    expect(openMattersIn(agreements, "2028-03-01").disputes).toHaveLength(10);
    expect(openMattersIn(agreements, "2028-03-01").questions).toHaveLength(40);
  }, 120_000);

  it("reads a page of agreements with their deadlines, and agreements by id, at the page's cost", async () => {
    const at = "2026-07-01";
    const whole = await api.get(`/agreement-details?at=${at}`, "editor-b");
    expect(whole.body.agreements).toHaveLength(N);
    let page: Json = {};
    const reads = await storeReadsDuring(api.runtime, async () => {
      const read = await api.get(
        `/agreement-details?at=${at}&limit=25&include=deadlines`,
        "editor-b",
      );
      expect(read.status, read.text).toBe(200);
      page = read.body;
    });
    expect(reads.listViews ?? 0, "every snapshot or listing").toBe(0);
    expect(reads.readStream ?? 0, "a log").toBe(0);
    expect(reads.queryItems, "one range of snapshots").toBe(1);
    expect(page.agreements).toEqual(whole.body.agreements.slice(0, 25));
    expect(page.next).toEqual(expect.any(String));
    // The page's deadlines are those its agreements state today, with the tenant's alerts.
    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT_B);
    const shown = new Set((page.agreements as Json[]).map(({ id }) => id));
    const today = api.now().toISOString().slice(0, 10);
    const expected = withAlerts(
      deriveDeadlines(
        agreements.filter(({ id }) => shown.has(id)),
        today,
        namesIn(catalog),
      ),
      await alertPolicyOf(api.runtime, TENANT_B),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(page.deadlines).toEqual(expected);

    const named = await storeReadsDuring(api.runtime, async () => {
      const read = await api.get(`/agreements?at=${at}&ids=deal-999,deal-1,deal-500`, "editor-b");
      expect(read.body.agreements.map(({ id, title }: Json) => `${id}: ${title}`)).toEqual([
        "deal-1: Deal 1",
        "deal-500: Deal 500",
        "deal-999: Deal 999",
      ]);
    });
    expect(named).toEqual({ getViews: 1 });
  }, 120_000);
});
