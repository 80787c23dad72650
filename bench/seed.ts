/**
 * Seeding for the benchmark: a tenant's catalog (the reference case's plus generated parties,
 * clouds and products) and N generated agreements, each several grants, exclusivities,
 * licences, tranches and deadlines over that catalog. Agreements are written as event inputs,
 * decided by the real deciders of `@termline/core` (`decideImportedAgreement`, the import's
 * path), appended through the event store's public `append` in commits of up to 98 events, and
 * their views built by the API's rebuild in slices (tenant-seeding.ts), never one HTTP request
 * per agreement.
 */
import {
  type Catalog,
  decideImportedAgreement,
  type ExportedEvent,
  foldCatalog,
  type PendingEvent,
} from "@termline/core";
import type { EventStore } from "@termline/store";
import referenceCase from "../data/reference-case.json" with { type: "json" };

/** The catalog stream's id (`{tenant}#_catalog` in the events table). */
const CATALOG_STREAM = "_catalog";
/** One commit at most; the store allows 99, the import writes 98 at a time. */
const COMMIT_SIZE = 98;

/** A small deterministic PRNG (mulberry32), so every run seeds the same agreements. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const some = <T>(items: readonly T[], count: number): T[] => {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0)
      chosen.push(...pool.splice(int(pool.length), 1));
    return chosen;
  };
  return { next, int, pick, some };
}

const VENDORS = ["lumen", "quanta", "vellum", "orbital", "kestrel", "tidal"] as const;
const CLOUDS = ["nimbus", "stratus", "cirrus"] as const;
const CLASSES = ["stateless-api", "stateful-agents", "coding-agent", "open-weight"] as const;
const PRODUCTS_PER_VENDOR = 2;

/** Catalog events added to the reference catalog: 6 vendors with 2 products each, 3 clouds and a reseller. */
export function generatedCatalog(): ExportedEvent[] {
  const events: Record<string, unknown>[] = [];
  for (const vendor of VENDORS)
    events.push({
      type: "PartyAdded",
      party: vendor,
      name: `${vendor[0]?.toUpperCase()}${vendor.slice(1)} Labs`,
    });
  for (const cloud of CLOUDS) {
    events.push({ type: "PartyAdded", party: `${cloud}-inc`, name: `${cloud} Inc.` });
    events.push({
      type: "ProviderAdded",
      provider: cloud,
      name: `${cloud} Cloud`,
      party: `${cloud}-inc`,
      channel: "cloud",
    });
  }
  events.push({ type: "PartyAdded", party: "resellco", name: "ResellCo" });
  events.push({
    type: "ProviderAdded",
    provider: "resellco-store",
    name: "ResellCo Store",
    party: "resellco",
    channel: "reseller",
  });
  VENDORS.forEach((vendor, v) => {
    for (let index = 1; index <= PRODUCTS_PER_VENDOR; index++)
      events.push({
        type: "ProductAdded",
        product: `${vendor}-${index}`,
        name: `${vendor} model ${index}`,
        class: CLASSES[(v + index) % CLASSES.length],
        owner: vendor,
        ...(index === 2 ? { availableFrom: `${2024 + (v % 3)}-0${1 + (v % 9)}` } : {}),
      });
  });
  return events as ExportedEvent[];
}

/** The import document that sets a tenant up: the reference case (catalog, agreements, workloads) plus the generated catalog. */
export function tenantDocument() {
  return { ...referenceCase, catalog: [...referenceCase.catalog, ...generatedCatalog()] };
}

const PRODUCTS = VENDORS.flatMap((vendor) =>
  Array.from({ length: PRODUCTS_PER_VENDOR }, (_, index) => `${vendor}-${index + 1}`),
);
const PROVIDERS = [...CLOUDS, "aws", "azure", "google-cloud", "oracle-cloud"] as const;
const PROVIDER_PARTY: Record<string, string> = {
  nimbus: "nimbus-inc",
  stratus: "stratus-inc",
  cirrus: "cirrus-inc",
  aws: "amazon",
  azure: "microsoft",
  "google-cloud": "google",
  "oracle-cloud": "oracle",
};
const PRESS = [{ publication: "Bench Wire", kind: "press" }];
const PRIMARY = [{ publication: "Company filing", title: "8-K", kind: "primary" }];

const day = (rng: ReturnType<typeof random>, fromYear: number, years: number) =>
  `${fromYear + rng.int(years)}-${String(1 + rng.int(12)).padStart(2, "0")}-${String(1 + rng.int(28)).padStart(2, "0")}`;

/**
 * One agreement as a vendor and a cloud would sign it: 12–14 events with two distribution
 * rights, one exclusivity in three agreements, a licence, a revenue share, a capacity
 * commitment, two investment tranches (deadlines), a clause, an amendment and a note.
 */
export function generatedAgreement(index: number, seed = 1): ExportedEvent[] {
  const rng = random(seed * 1_000_003 + index);
  const vendor = rng.pick(VENDORS);
  const provider = rng.pick(PROVIDERS);
  const cloudParty = PROVIDER_PARTY[provider] as string;
  const own = [`${vendor}-1`, `${vendor}-2`];
  const start = day(rng, 2020, 6);
  const later = day(rng, 2026, 2);
  const sources = rng.next() < 0.5 ? PRESS : PRIMARY;
  const events: Record<string, unknown>[] = [
    {
      type: "AgreementRecorded",
      title: `${vendor} × ${provider} agreement ${index}`,
      kind: rng.pick(["partnership", "distribution", "cloud-services"] as const),
      parties: [
        { party: vendor, role: "model developer" },
        { party: cloudParty, role: "cloud provider" },
      ],
      endsOn: `${2030 + rng.int(5)}`,
      effectiveOn: start,
      sources,
    },
    {
      type: "DistributionRightGranted",
      effectiveOn: start,
      termId: "distribution",
      providers: [provider],
      products: own,
      until: `${2029 + rng.int(5)}-${String(1 + rng.int(12)).padStart(2, "0")}`,
      sources,
    },
    {
      type: "DistributionRightGranted",
      effectiveOn: start,
      termId: "partner-products",
      providers: [provider],
      products: rng.some(PRODUCTS, 2),
      sources,
    },
    {
      type: "LicenseGranted",
      effectiveOn: start,
      termId: "model-license",
      licensor: vendor,
      licensee: cloudParty,
      subject: `${vendor}'s model weights for hosting`,
      exclusive: false,
      until: `${2030 + rng.int(4)}`,
      sources,
    },
    {
      type: "RevenueShareSet",
      effectiveOn: start,
      termId: "revenue-share",
      payer: cloudParty,
      payee: vendor,
      ratePercent: rng.next() < 0.3 ? null : 5 + rng.int(20),
      sources,
    },
    {
      type: "CapacityCommitted",
      effectiveOn: start,
      termId: "capacity",
      buyer: vendor,
      seller: cloudParty,
      provider,
      description: "buy cloud capacity",
      value: { amount: 1e8 * (1 + rng.int(50)), currency: "USD", qualifier: "exact" },
      sources,
    },
    {
      type: "InvestmentTrancheCommitted",
      effectiveOn: start,
      termId: "tranche-1",
      investor: cloudParty,
      investee: vendor,
      amount: { amount: 1e8 * (1 + rng.int(40)), currency: "USD", qualifier: "exact" },
      contingent: false,
      dueBy: day(rng, 2026, 3),
      sources,
    },
    {
      type: "InvestmentTrancheCommitted",
      effectiveOn: start,
      termId: "tranche-2",
      investor: cloudParty,
      investee: vendor,
      amount: { amount: 1e8 * (1 + rng.int(40)), currency: "USD", qualifier: "up-to" },
      contingent: true,
      conditions: rng.next() < 0.5 ? null : "on reaching usage milestones",
      dueBy: `${2027 + rng.int(4)}-${String(1 + rng.int(12)).padStart(2, "0")}`,
      sources,
    },
    {
      type: "ClauseAdded",
      effectiveOn: start,
      termId: "audit-clause",
      title: "Audit rights",
      text: "Either party may audit usage reports once a year.",
      sources,
    },
  ];
  if (rng.next() < 1 / 3)
    events.push({
      type: "ExclusivityGranted",
      effectiveOn: start,
      termId: "hosting-exclusivity",
      holder: provider,
      scope: rng.pick(["hosting", "third-party-cloud-distribution"] as const),
      products: [own[1]],
      until: `${2027 + rng.int(4)}`,
      sources,
    });
  events.push(
    {
      type: "AgreementAmended",
      effectiveOn: later,
      summary: "The parties extend the distribution right.",
      sources,
    },
    {
      type: "TermAmended",
      effectiveOn: later,
      termId: "distribution",
      changes: { until: `${2033 + rng.int(2)}` },
      sources,
    },
    { type: "NoteAdded", effectiveOn: later, text: `Reviewed by legal (${index}).` },
  );
  return events as ExportedEvent[];
}

/** A short agreement of exactly `count` events (AgreementRecorded, then grants), to append to. */
export function shortAgreement(index: number, count = 5): ExportedEvent[] {
  const all = generatedAgreement(index, 7);
  return [...all.slice(0, count - 1), all.at(-1) as ExportedEvent];
}

/** A long log: a generated agreement followed by notes and amendments, `count` events in all. */
export function longAgreement(index: number, count: number): ExportedEvent[] {
  const events = generatedAgreement(index, 11);
  for (let n = events.length; n < count; n++)
    events.push(
      (n % 10 === 0
        ? {
            type: "TermAmended",
            effectiveOn: `2026-${String(1 + (n % 12)).padStart(2, "0")}-01`,
            termId: "capacity",
            changes: { value: { amount: 1e8 + n, currency: "USD", qualifier: "exact" } },
            sources: PRESS,
          }
        : {
            type: "NoteAdded",
            effectiveOn: "2026-06-01",
            text: `Weekly review ${n}: usage and invoices checked.`,
          }) as unknown as ExportedEvent,
    );
  return events;
}

export async function tenantCatalog(eventStore: EventStore, tenant: string): Promise<Catalog> {
  return foldCatalog(await eventStore.readStream(tenant, CATALOG_STREAM));
}

export interface WriteOptions {
  eventStore: EventStore;
  tenant: string;
  catalog: Catalog;
  today: string;
  /** When these events count as recorded (a past instant, so `knownAt` has history to cut). */
  recordedAt: (index: number) => string;
  newId: () => string;
  concurrency?: number;
}

/** Decides each agreement with the real deciders and appends it through the store, in commits of 98. */
export async function writeAgreements(
  agreements: { id: string; events: ExportedEvent[] }[],
  options: WriteOptions,
): Promise<number> {
  const { eventStore, tenant, catalog, today } = options;
  let written = 0;
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < agreements.length; index = next++) {
      const { id, events } = agreements[index] as (typeof agreements)[number];
      const recordedAt = options.recordedAt(index);
      const decided: PendingEvent[] = decideImportedAgreement(tenant, id, events, {
        today,
        catalog,
        recordedAt,
        path: `agreements.${index}`,
      });
      for (let start = 0; start < decided.length; start += COMMIT_SIZE) {
        await eventStore.append({
          tenant,
          agreementId: id,
          expectedVersion: start,
          events: decided.slice(start, start + COMMIT_SIZE),
          recordedAt,
          recordedBy: "bench-seed",
          newEventId: options.newId,
        });
      }
      written += decided.length;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return written;
}
