import { daysAfter, evaluateEntitlement, type PendingEvent } from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerKey, timelineOf } from "../../functions/src/projector/answer-projection.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import { type ApiHarness, createApiHarness, TENANT } from "../api/support.ts";

/**
 * Cells whose answers change on many days, each period citing every grant before it. Stored
 * whole, a period per grant's start and end, each with all its reasons, outgrows an item long
 * before a hundred grants; compacted (each reason once) a hundred fit, and 260 do not. A cell
 * that outgrows its item must not keep an old answer nor fail: the API answers it by
 * evaluating the snapshots, and the other cells stay in the model.
 */
const GRANTS = 260;
/** The first hundred grants also name `east`: its cell is large, but fits once compacted. */
const ALSO_EAST = 100;
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
      providers: n < ALSO_EAST ? ["north", "east"] : ["north"],
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
    ["providers", { id: "east", name: "East", party: "hosts", channel: "cloud" }],
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

describe("cells whose timelines are large", () => {
  it("fit once compacted, or are left out of the model and answered by evaluation", async () => {
    const rebuilt = await api.call("POST", "/admin/rebuild", { token: "admin-a" });
    expect(rebuilt.body.complete, rebuilt.text).toBe(true);
    const north = { product: "widget", provider: "north", segment: "commercial" };
    const south = { ...north, provider: "south" };
    expect(await api.runtime.viewStore.getView(TENANT, answerKey(north))).toBeUndefined();
    expect(await api.runtime.viewStore.getView(TENANT, answerKey(south))).toBeDefined();
    const east = { ...north, provider: "east" };
    const eastItem = await api.runtime.viewStore.getView(TENANT, answerKey(east));
    expect(timelineOf(eastItem?.body).periods.length).toBeGreaterThan(2 * ALSO_EAST - 10);

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
    for (const at of ["2025-02-01", "2025-09-01", "2027-02-01"]) {
      const answer = await api.get(
        `/entitlements?product=widget&provider=east&segment=commercial&at=${at}`,
      );
      expect(answer.body, at).toEqual(
        JSON.parse(JSON.stringify(evaluateEntitlement(agreements, { ...east, at }, catalog))),
      );
    }
    const allowed = await api.get(
      "/entitlements?product=widget&provider=north&segment=commercial&at=2025-06-01",
    );
    expect(allowed.body.decision).toBe("allowed");
  }, 180_000);
});
