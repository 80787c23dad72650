import { daysAfter, evaluateEntitlement, type PendingEvent } from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerKey } from "../../functions/src/projector/answer-projection.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import { type ApiHarness, createApiHarness, TENANT } from "../api/support.ts";

/**
 * A cell whose answers change on many days, each period citing every grant before it: its
 * timeline outgrows one item. The model must not keep an old answer for it nor fail; the API
 * answers it by evaluating the snapshots, and the other cells stay in the model.
 */
const GRANTS = 150;
let api: ApiHarness;

const grantFrom = (n: number): PendingEvent[] => [
  {
    type: "AgreementRecorded",
    effectiveOn: "2025-01-01",
    precision: "day",
    data: {
      title: `Reseller ${n}`,
      kind: "distribution",
      parties: [{ party: "maker", role: "licensor" }],
    },
    sources: [],
  },
  {
    type: "DistributionRightGranted",
    effectiveOn: daysAfter("2025-01-01", n * 3),
    precision: "day",
    data: {
      termId: "grant",
      providers: ["north"],
      products: ["widget"],
      until: daysAfter("2027-01-01", n),
    },
    sources: [
      { publication: "Trade journal", title: `Reseller ${n} signs`, kind: "press" },
      { publication: "Maker", title: `Announcement ${n}`, kind: "primary" },
    ],
  },
];

beforeAll(async () => {
  api = await createApiHarness("oversized-answers", { seed: false });
  for (const [kind, entry] of [
    ["parties", { id: "maker", name: "Maker" }],
    ["parties", { id: "hosts", name: "Hosts" }],
    ["providers", { id: "north", name: "North", party: "hosts", channel: "cloud" }],
    ["providers", { id: "south", name: "South", party: "hosts", channel: "cloud" }],
    ["product-classes", { id: "tools", name: "Tools" }],
    ["products", { id: "widget", name: "Widget", class: "tools", owner: "maker" }],
  ] as const)
    expect((await api.call("POST", `/catalog/${kind}`, { body: entry })).status).toBe(201);
  for (let n = 0; n < GRANTS; n++)
    await api.runtime.eventStore.append({
      tenant: TENANT,
      agreementId: `reseller-${n}`,
      expectedVersion: 0,
      events: grantFrom(n),
      recordedAt: api.now().toISOString(),
      recordedBy: "loader",
      newEventId: api.runtime.newId,
    });
}, 120_000);
afterAll(() => api.drop());

describe("a cell whose timeline outgrows an item", () => {
  it("is left out of the model, answered by evaluation, while the other cells stay in", async () => {
    const rebuilt = await api.call("POST", "/admin/rebuild", { token: "admin-a" });
    expect(rebuilt.body.complete, rebuilt.text).toBe(true);
    const north = { product: "widget", provider: "north", segment: "commercial" };
    const south = { ...north, provider: "south" };
    expect(await api.runtime.viewStore.getView(TENANT, answerKey(north))).toBeUndefined();
    expect(await api.runtime.viewStore.getView(TENANT, answerKey(south))).toBeDefined();

    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT);
    for (const at of ["2025-01-02", "2025-06-01", "2027-03-01"]) {
      const answer = await api.get(
        `/entitlements?product=widget&provider=north&segment=commercial&at=${at}`,
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(
        JSON.parse(JSON.stringify(evaluateEntitlement(agreements, { ...north, at }, catalog))),
      );
    }
    const allowed = await api.get(
      "/entitlements?product=widget&provider=north&segment=commercial&at=2025-06-01",
    );
    expect(allowed.body.decision).toBe("allowed");
  }, 180_000);
});
