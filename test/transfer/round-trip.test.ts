import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { parseTokens } from "../../functions/src/api/auth.ts";
import { type Wiring, wire } from "../../functions/src/local/wiring.ts";
import { exportTenant, importDocument } from "../../functions/src/services/transfer.ts";

/**
 * Random portfolios (a catalog with renames and retirements, agreements with grants,
 * exclusivities, amendments, ends and notes at day, month and year precision, workloads) go
 * through the real deciders and DynamoDB Local: exporting what an import made gives back the
 * document it was made from, and a second import writes nothing.
 */
let wiring: Wiring;

beforeAll(async () => {
  const suffix = randomUUID().slice(0, 8);
  wiring = await wire({
    endpoint: inject("dynamoEndpoint"),
    tables: { events: `transfer-events-${suffix}`, views: `transfer-views-${suffix}` },
    tokens: parseTokens("t:admin:unused"),
    clock: () => new Date("2026-12-01T10:00:00.000Z"),
  });
});

const parties = ["maker", "cloudco", "shopco"];
const providers = [
  {
    type: "ProviderAdded",
    provider: "cloud-a",
    name: "Cloud A",
    party: "cloudco",
    channel: "cloud",
  },
  { type: "ProviderAdded", provider: "shop", name: "Shop", party: "shopco", channel: "reseller" },
  {
    type: "ProviderAdded",
    provider: "own",
    name: "Own API",
    party: "maker",
    channel: "first-party",
  },
];
const providerIds = providers.map(({ provider }) => provider);
const productIds = ["alpha", "beta", "gamma"];

const date = fc.oneof(
  fc.integer({ min: 2020, max: 2030 }).map(String),
  fc
    .record({ y: fc.integer({ min: 2020, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) })
    .map(({ y, m }) => `${y}-${String(m).padStart(2, "0")}`),
  fc
    .record({
      y: fc.integer({ min: 2020, max: 2030 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
);
const someOf = <T>(items: T[]) => fc.subarray(items, { minLength: 1 });
const source = fc.option(
  fc.record({
    publication: fc.constantFrom("Reuters", "Press release"),
    date: fc.constantFrom("2026-01-02", "2025"),
  }),
  { nil: undefined },
);

const term = fc.oneof(
  fc.record({
    type: fc.constant("ExclusivityGranted"),
    holder: fc.constantFrom(...providerIds),
    scope: fc.constantFrom("hosting", "all-channels", "api-layer"),
    products: someOf(productIds),
  }),
  fc.record({
    type: fc.constant("DistributionRightGranted"),
    providers: fc.oneof(fc.constant("any-cloud"), someOf(providerIds)),
    classes: fc.constant(["models"]),
    segments: fc.option(fc.constant(["public"]), { nil: undefined }),
  }),
  fc.record({
    type: fc.constant("RevenueShareSet"),
    payer: fc.constant("cloudco"),
    payee: fc.constant("maker"),
    ratePercent: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 40 })),
  }),
);

/** An agreement: its record, then terms each granted on or after it, some amended, ended or noted. */
const agreement = (index: number) =>
  fc
    .record({
      start: fc.integer({ min: 2020, max: 2024 }),
      terms: fc.array(
        fc.record({ term, source, later: fc.nat(3), note: fc.boolean(), end: fc.boolean() }),
        { maxLength: 4 },
      ),
    })
    .map(({ start, terms }) => {
      const events: Record<string, unknown>[] = [
        {
          type: "AgreementRecorded",
          title: `Deal ${index}`,
          parties: [
            { party: "maker", role: "maker" },
            { party: "cloudco", role: "cloud" },
          ],
          effectiveOn: String(start),
        },
      ];
      terms.forEach(({ term, source, later, note, end }, position) => {
        const termId = `term-${position}`;
        const effectiveOn = `${start + later}-06-01`;
        events.push({ ...term, termId, effectiveOn, ...(source ? { sources: [source] } : {}) });
        if (note) events.push({ type: "NoteAdded", effectiveOn, text: `About ${termId}` });
        if (end && term.type === "ExclusivityGranted")
          events.push({
            type: "TermAmended",
            effectiveOn: `${start + later + 1}`,
            termId,
            changes: { until: `${start + later + 3}` },
          });
      });
      return { id: `deal-${index}`, events };
    });

const catalogEvents = fc
  .record({
    rename: fc.option(fc.constantFrom("Maker Inc", "Maker Ltd"), { nil: undefined }),
    retire: fc.boolean(),
    launch: fc.option(date, { nil: undefined }),
  })
  .map(({ rename, retire, launch }) => [
    ...parties.map((party) => ({ type: "PartyAdded", party, name: party })),
    { type: "ProductClassAdded", productClass: "models", name: "Models" },
    { type: "SegmentAdded", segment: "public", name: "Public sector" },
    ...providers,
    ...productIds.map((product, i) => ({
      type: "ProductAdded",
      product,
      name: product,
      class: "models",
      owner: "maker",
      ...(i === 2 && launch ? { availableFrom: launch } : {}),
    })),
    ...(rename
      ? [{ type: "CatalogEntryChanged", kind: "parties", entry: "maker", name: rename }]
      : []),
    ...(retire
      ? [{ type: "CatalogEntryChanged", kind: "products", entry: "beta", retired: true }]
      : []),
  ]);

const portfolio = fc.record({
  catalog: catalogEvents,
  agreements: fc
    .integer({ min: 0, max: 3 })
    .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => agreement(i)))),
  workloads: fc.subarray([
    { id: "plan", name: "Plan", product: "alpha", providers: ["cloud-a"], segment: "public" },
  ]),
});

const actor = (tenant: string) => ({ tenant, name: "importer" });
const withoutTime = ({ exportedAt: _at, ...document }: Record<string, unknown>) => document;

describe("export ∘ import ∘ export", () => {
  it("is the identity, and importing a document twice writes nothing the second time", async () => {
    await fc.assert(
      fc.asyncProperty(portfolio, async (document) => {
        const [first, second] = [`a-${randomUUID().slice(0, 8)}`, `b-${randomUUID().slice(0, 8)}`];
        const { runtime } = wiring;
        await importDocument(runtime, actor(first), {
          format: "termline-export",
          version: 1,
          ...document,
        });
        const exported = await exportTenant(runtime, first);
        await importDocument(runtime, actor(second), exported);
        expect(withoutTime(await exportTenant(runtime, second))).toEqual(withoutTime(exported));
        const again = await importDocument(runtime, actor(second), exported);
        expect(again.catalog.written).toBe(0);
        expect(again.agreements.every(({ written }) => written === 0)).toBe(true);
        expect(again.workloads.every(({ outcome }) => outcome === "unchanged")).toBe(true);
      }),
      { numRuns: 25 },
    );
    // 25 portfolios, each imported three times with its answers computed: minutes on a busy
    // machine, where the suite's default of 20 s is meant for one request's worth of work.
  }, 120_000);
});
