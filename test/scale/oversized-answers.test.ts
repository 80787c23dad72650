import {
  daysAfter,
  entitlementMatrix,
  evaluateEntitlement,
  type PendingEvent,
} from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerKey,
  periodsOf,
  readHead,
  type StoredPeriod,
} from "../../functions/src/projector/answer-items.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import { type ApiHarness, createApiHarness, TENANT } from "../api/support.ts";
import { matrixForms } from "../support/matrix-forms.ts";

/**
 * Cells whose answers change on many days, each period citing every grant in force. The
 * timeline is stored one item per period, so its length never outgrows an item; but a period
 * in force while a couple of hundred grants with long sources overlap cites more than one item
 * holds. Such a period is stored as a mark: the API answers it by evaluating the snapshots, and
 * the cell's other periods, and the other cells, stay in the model.
 */
const GRANTS = 260;
/** The first grants also name `east`: its periods cite at most this many, and all fit. */
const ALSO_EAST = 30;
/**
 * A reason cites its grant's two sources, about 1.8 KB with these: periods citing more than
 * about 210 grants (the overlap peaks at 243, around 2027-01-01) are too large for an item.
 */
const LONG = "An account of the signing, with its terms as reported. ".repeat(8);
const link = (n: number, site: string) =>
  `https://${site}.example/${"archive/".repeat(35)}reseller-${n}`;
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
      {
        publication: "Trade journal",
        title: `Reseller ${n} signs. ${LONG}`,
        url: link(n, "journal"),
        kind: "press",
      },
      {
        publication: "Maker",
        title: `Announcement ${n}. ${LONG}`,
        url: link(n, "maker"),
        kind: "primary",
      },
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

const periodsOfCell = async (cell: { product: string; provider: string; segment: string }) =>
  (await api.runtime.viewStore.listViews(TENANT, periodsOf(cell))).map(
    ({ body }) => body as StoredPeriod,
  );

describe("cells whose timelines are long and whose periods are large", () => {
  it("stay in the model; a period too large for an item is answered by evaluation", async () => {
    const rebuilt = await api.call("POST", "/admin/rebuild", { token: "admin-a" });
    expect(rebuilt.body.complete, rebuilt.text).toBe(true);
    const north = { product: "widget", provider: "north", segment: "commercial" };
    const east = { ...north, provider: "east" };
    const head = await api.runtime.viewStore.getView(TENANT, answerKey(north));
    const read = head && readHead(head);
    // A grant's start and end each begin a period (a few fall on the same day).
    expect(read?.kind === "head" && read.head.periods.length).toBeGreaterThan(1.9 * GRANTS);
    const northPeriods = await periodsOfCell(north);
    const marks = northPeriods.filter((period) => "tooLarge" in period);
    expect(marks.length).toBeGreaterThan(0);
    expect(northPeriods.length - marks.length).toBeGreaterThan(marks.length);
    expect((await periodsOfCell(east)).some((period) => "tooLarge" in period)).toBe(false);

    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT);
    // Before the overlap, at its height (a mark), and after most grants ended.
    for (const at of ["2025-01-02", "2025-06-01", "2026-12-01", "2027-03-01", "2027-08-01"]) {
      for (const cell of [north, east]) {
        const asked = `product=widget&provider=${cell.provider}&segment=commercial&at=${at}`;
        const answer = await api.get(`/entitlements?${asked}`);
        expect(answer.status).toBe(200);
        expect(answer.body, `${cell.provider} ${at}`).toEqual(
          JSON.parse(JSON.stringify(evaluateEntitlement(agreements, { ...cell, at }, catalog))),
        );
      }
      const evaluated = entitlementMatrix(agreements, at, "commercial", catalog);
      const path = `/entitlements/matrix?segment=commercial&at=${at}`;
      for (const form of matrixForms(path, evaluated))
        expect((await api.get(form.path)).body, form.path).toEqual(form.expected);
    }
    const allowed = await api.get(
      "/entitlements?product=widget&provider=north&segment=commercial&at=2026-12-01",
    );
    expect(allowed.body.decision).toBe("allowed");
  }, 240_000);
});
