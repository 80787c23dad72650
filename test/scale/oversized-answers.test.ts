import { createHash } from "node:crypto";
import {
  daysAfter,
  entitlementMatrix,
  evaluateEntitlement,
  type PendingEvent,
} from "@termline/core";
import { MAX_VIEW_BODY_BYTES } from "@termline/store";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerKey,
  periodOfStored,
  periodsOf,
  readHead,
  type StoredPeriod,
} from "../../functions/src/projector/answer-items.ts";
import {
  answersCarried,
  type KnownRevision,
  revisionKey,
  revisionsOf,
} from "../../functions/src/projector/answer-revisions.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import { type ApiHarness, createApiHarness, rebuildToTheEnd, TENANT } from "../api/support.ts";
import { matrixForms } from "../support/matrix-forms.ts";
import { watchSnapshotReads } from "../support/store-reads.ts";

/**
 * Cells whose answers change on many days, each period citing every grant in force. The
 * timeline is stored one item per period, so its length never outgrows an item; and a period
 * is stored deflated, so one in force while a couple of hundred grants overlap, whose reasons
 * repeat the same wording, is kept in the model though its JSON is past an item. A period
 * that even deflated is past an item (reasons of text that does not repeat) is stored as a
 * mark: the API answers it by evaluating the snapshots, and the cell's other periods, and the
 * other cells, stay in the model.
 */
const GRANTS = 260;
/** The first grants also name `east`: its periods cite at most this many. */
const ALSO_EAST = 30;
/**
 * A reason cites its grant's two sources, about 1.8 KB with these: periods citing more than
 * about 210 grants (the overlap peaks at 243, around 2027-01-01) are past an item as JSON.
 */
const LONG = "An account of the signing, with its terms as reported. ".repeat(8);
const link = (n: number, site: string) =>
  `https://${site}.example/${"archive/".repeat(35)}reseller-${n}`;
/**
 * `south`'s grants cite four sources of text that does not repeat (digests), about 4.5 KB a
 * reason that deflating barely shrinks: periods citing more than about 85 of them are past an
 * item even deflated (the overlap peaks at 120).
 */
const NOISY = 120;
const noise = (seed: string, chars: number) => {
  let text = "";
  for (let round = 0; text.length < chars; round++)
    text += createHash("sha512").update(`${seed}/${round}`).digest("base64url");
  return text.slice(0, chars);
};
const noisySources = (n: number) =>
  [0, 1, 2, 3].map((k) => ({
    publication: `Wire ${k}`,
    title: noise(`title ${n} ${k}`, 500),
    url: `https://wire${k}.example/${noise(`link ${n} ${k}`, 600)}`,
    kind: "press" as const,
  }));
let api: ApiHarness;

const recorded = (title: string): PendingEvent => ({
  type: "AgreementRecorded",
  effectiveOn: "2025-01-01",
  precision: "day",
  data: { title, kind: "distribution", parties: [{ party: "maker", role: "licensor" }] },
  sources: [],
});

const granted = (n: number, providers: string[], sources: PendingEvent["sources"]) =>
  ({
    type: "DistributionRightGranted",
    effectiveOn: daysAfter("2025-01-01", n * 3),
    precision: "day",
    data: { termId: "grant", providers, products: ["widget"], until: daysAfter("2027-01-01", n) },
    sources,
  }) satisfies PendingEvent;

const grantFrom = (n: number): PendingEvent[] => [
  recorded(`Reseller ${n}`),
  granted(n, n < ALSO_EAST ? ["north", "east"] : ["north"], [
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
  ]),
];

const noisyGrantFrom = (n: number): PendingEvent[] => [
  recorded(`Wholesaler ${n}`),
  granted(n, ["south"], noisySources(n)),
];

const appendAs = (agreementId: string, events: PendingEvent[]) =>
  api.runtime.eventStore.append({
    tenant: TENANT,
    agreementId,
    expectedVersion: 0,
    events,
    recordedAt: api.now().toISOString(),
    recordedBy: "loader",
    newEventId: api.runtime.newId,
  });

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
  for (let n = 0; n < GRANTS; n++) await appendAs(`reseller-${n}`, grantFrom(n));
  for (let n = 0; n < NOISY; n++) await appendAs(`wholesaler-${n}`, noisyGrantFrom(n));
  const rebuilt = await rebuildToTheEnd((path) => api.call("POST", path, { token: "admin-a" }));
  expect(rebuilt.last.body.complete, rebuilt.last.text).toBe(true);
}, 240_000);
afterAll(() => api.drop());

const periodsOfCell = async (cell: { product: string; provider: string; segment: string }) =>
  (await api.runtime.viewStore.listViews(TENANT, periodsOf(cell))).map(
    ({ body }) => body as StoredPeriod,
  );

const north = { product: "widget", provider: "north", segment: "commercial" };
const east = { ...north, provider: "east" };
const south = { ...north, provider: "south" };
type Cell = typeof north;
// Before the overlap, at its height, and after most grants ended.
const DAYS = ["2025-01-02", "2025-06-01", "2026-12-01", "2027-03-01", "2027-08-01"];

/** The snapshots, listings and logs read while `ask` runs: none when answered from the model. */
async function snapshotsReadBy(ask: () => Promise<void>) {
  const watch = watchSnapshotReads(api.runtime);
  try {
    await ask();
    return watch.read();
  } finally {
    watch.restore();
  }
}

type Portfolio = Awaited<ReturnType<typeof loadPortfolio>>;

/** Each day's entitlement of each cell, as the API gives it and as the evaluator does. */
async function expectEvaluatorsAnswers({ agreements, catalog }: Portfolio, cells: Cell[]) {
  for (const at of DAYS)
    for (const cell of cells) {
      const asked = `product=widget&provider=${cell.provider}&segment=commercial&at=${at}`;
      const answer = await api.get(`/entitlements?${asked}`);
      expect(answer.status).toBe(200);
      expect(answer.body, `${cell.provider} ${at}`).toEqual(
        JSON.parse(JSON.stringify(evaluateEntitlement(agreements, { ...cell, at }, catalog))),
      );
    }
}

describe("cells whose timelines are long and whose periods are large", () => {
  it("keep periods past an item as JSON, deflated, and answer from them", async () => {
    const head = await api.runtime.viewStore.getView(TENANT, answerKey(north));
    const read = head && readHead(head);
    // A grant's start and end each begin a period (a few fall on the same day).
    expect(read?.kind === "head" && read.head.periods.length).toBeGreaterThan(1.9 * GRANTS);
    const northPeriods = (await periodsOfCell(north)).map(periodOfStored);
    expect(northPeriods).not.toContain(undefined);
    const largest = Math.max(...northPeriods.map((period) => JSON.stringify(period).length));
    expect(largest).toBeGreaterThan(MAX_VIEW_BODY_BYTES);
    expect((await periodsOfCell(east)).map(periodOfStored)).not.toContain(undefined);

    const portfolio = await loadPortfolio(api.runtime, TENANT);
    const snapshots = await snapshotsReadBy(() =>
      expectEvaluatorsAnswers(portfolio, [north, east]),
    );
    expect(snapshots).toEqual([]);
    const allowed = await api.get(
      "/entitlements?product=widget&provider=north&segment=commercial&at=2026-12-01",
    );
    expect(allowed.body.decision).toBe("allowed");
    expect(allowed.body.reasons.length).toBeGreaterThan(210);
    // As known now: the revision the rebuild wrote. East's carries the answers of the periods
    // nearest its instant (north's periods alone are past the limit), the others are kept
    // under their digests.
    const knownAt = api.now().toISOString();
    const [revision] = await api.runtime.viewStore.queryViews(
      TENANT,
      { from: revisionsOf(east), to: revisionKey(east, knownAt) },
      { limit: 1, newestFirst: true },
    );
    const kept = revision?.body as Exclude<KnownRevision, { gap: true }>;
    const carried = Object.keys(answersCarried(kept) ?? {}).length;
    expect(carried).toBeGreaterThan(0);
    expect(carried).toBeLessThan(new Set(kept.periods.map(([, digest]) => digest)).size);
    const asKnown = await snapshotsReadBy(async () => {
      for (const at of DAYS) {
        const asked = `product=widget&provider=east&segment=commercial&at=${at}`;
        const known = await api.get(`/entitlements?${asked}&knownAt=${knownAt}`);
        expect(known.body, at).toEqual((await api.get(`/entitlements?${asked}`)).body);
      }
    });
    expect(asKnown).toEqual([]);
  }, 240_000);

  it("mark a period past an item even deflated, and answer it by evaluation", async () => {
    const southPeriods = await periodsOfCell(south);
    const marks = southPeriods.filter((period) => periodOfStored(period) === undefined);
    expect(marks.length).toBeGreaterThan(0);
    expect(southPeriods.length - marks.length).toBeGreaterThan(marks.length);
    // At the overlap's height the period is a mark: its answer is evaluated from snapshots.
    const portfolio = await loadPortfolio(api.runtime, TENANT);
    const snapshots = await snapshotsReadBy(() => expectEvaluatorsAnswers(portfolio, [south]));
    expect(snapshots.length).toBeGreaterThan(0);
    const { agreements, catalog } = portfolio;
    for (const at of DAYS) {
      const evaluated = entitlementMatrix(agreements, at, "commercial", catalog);
      const path = `/entitlements/matrix?segment=commercial&at=${at}`;
      for (const form of matrixForms(path, evaluated))
        expect((await api.get(form.path)).body, form.path).toEqual(form.expected);
    }
  }, 240_000);
});
