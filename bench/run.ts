/**
 * `npm run bench`: the read and write paths through the real Hono app (`app.request`, no
 * network hop), each against raw DynamoDB Local calls measured in the same run, so the ratios
 * survive a noisy machine. See BENCHMARKS.md for what each figure means.
 *
 * Environment:
 * - BENCH_N: agreements seeded in the measured tenant (default 1000); BENCH_BASE_N: a second,
 *   small tenant measured in the same run for growth (default 10; 0 skips it).
 * - BENCH_ITERATIONS (default 100), BENCH_WARMUP (default 10), BENCH_MAX_SECONDS per operation
 *   (default 6), BENCH_MIN_SAMPLES (default 3): an operation slower than the time allows keeps
 *   the minimum, and its warm-up stops after one call.
 * - BENCH_LONG_EVENTS: events in each long-log agreement (default 5000).
 * - BENCH_CONCURRENCY: client counts (default 1,4,16); BENCH_CONCURRENCY_SECONDS (default 3).
 *   A run whose requests would outlast its window four times over (one request's median ×
 *   clients) is skipped and says so; BENCH_CONCURRENCY_FORCE=1 runs it anyway.
 * - BENCH_LAG_SAMPLES: projector lag samples (default 40).
 * - BENCH_ONLY: a comma-separated subset of reads,appends,concurrency,lag (default all).
 * - BENCH_READS: a "|"-separated subset of the reads, by name (default all).
 */
import { randomUUID } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { decideAppend, fold, todayIn } from "@termline/core";
import { createDynamoClients, LocalBus } from "@termline/store";
import { startDynamoDbLocal } from "@termline/store/local";
import { parseTokens } from "../functions/src/api/auth.ts";
import { startLocalPipeline } from "../functions/src/local/pipeline.ts";
import { type Wiring, wire } from "../functions/src/local/wiring.ts";
import { installMeter, type Metered, meterOnce } from "./capacity.ts";
import {
  generatedAgreement,
  longAgreement,
  shortAgreement,
  tenantCatalog,
  tenantDocument,
  writeAgreements,
} from "./seed.ts";
import {
  concurrently,
  measure,
  measurePaired,
  ms,
  type Sample,
  summarize,
  table,
  times,
} from "./stats.ts";

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
};
const N = env("BENCH_N", 1000);
const BASE_N = env("BENCH_BASE_N", 10);
const LONG_EVENTS = env("BENCH_LONG_EVENTS", 5000);
const SAMPLING = {
  iterations: env("BENCH_ITERATIONS", 100),
  warmup: env("BENCH_WARMUP", 10),
  maxMs: env("BENCH_MAX_SECONDS", 6) * 1000,
  minimum: env("BENCH_MIN_SAMPLES", 3),
};
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,4,16").split(",").map(Number);
const CONCURRENCY_MS = env("BENCH_CONCURRENCY_SECONDS", 3) * 1000;
const LAG_SAMPLES = env("BENCH_LAG_SAMPLES", 40);
const PARTS = ["reads", "appends", "concurrency", "lag"] as const;
type Part = (typeof PARTS)[number];
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? PARTS.join(",")).split(",").map((part) => part.trim()),
);
for (const part of ONLY)
  if (!PARTS.includes(part as Part)) throw new Error(`BENCH_ONLY: unknown part "${part}"`);
const runs = (part: Part) => ONLY.has(part);

/** The business date every read asks about, and the past instant `knownAt` reads cut the log at. */
const AT = "2026-05-01";
const SEEDED_FROM = Date.parse("2026-01-02T00:00:00Z");
const SEEDED_DAYS = 300;
const KNOWN_AT = "2026-06-01T00:00:00.000Z";
/** Stands in a read's path for an instant between two changes recorded after the rebuild. */
const RECORDED = "{recorded}";
const RAW_BODY = "x".repeat(1000);

const log = (line = "") => console.log(line);
const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

interface Row {
  name: string;
  sample: Sample;
  baseline?: string;
  /** The baseline timed alternately with this operation, in the same window. */
  base?: Sample;
  cost?: Metered;
  note?: string;
}

interface Bench {
  wiring: Wiring;
  /** The app's clock: fixed in the past while seeding, the real time otherwise. */
  setClock: (instant?: string) => void;
  raw: ReturnType<typeof createDynamoClients>["doc"];
  tables: { events: string; views: string };
  tokens: Map<string, unknown>;
}

const editor = (tenant: string) => `editor-${tenant}`;
const admin = (tenant: string) => `admin-${tenant}`;

function client(bench: Bench, tenant: string) {
  const headers = { Authorization: `Bearer ${editor(tenant)}`, "Content-Type": "application/json" };
  const request = async (path: string, init: RequestInit = {}) => {
    const response = await bench.wiring.app.request(`/api/v1${path}`, {
      ...init,
      headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  return { request, get: (path: string) => request(path) };
}

/** A tenant with the reference case, the generated catalog and `count` generated agreements, views rebuilt. */
async function seedTenant(bench: Bench, tenant: string, count: number): Promise<string> {
  const started = performance.now();
  const { eventStore } = bench.wiring.runtime;
  // The catalog and the reference case through the public import, recorded on 2026-01-01,
  // so a knownAt in the past still knows them.
  bench.setClock("2026-01-01T00:00:00.000Z");
  await client(bench, tenant).request("/import", {
    method: "POST",
    headers: { Authorization: `Bearer ${admin(tenant)}` },
    body: JSON.stringify(tenantDocument()),
  });
  bench.setClock();
  const catalog = await tenantCatalog(eventStore, tenant);
  const agreements = Array.from({ length: count }, (_, index) => ({
    id: `g-${String(index + 1).padStart(5, "0")}`,
    events: generatedAgreement(index + 1),
  }));
  const events = await writeAgreements(agreements, {
    eventStore,
    tenant,
    catalog,
    today: todayIn(new Date()),
    // Spread over 300 days from 2026-01-02: about 150 days of it are before KNOWN_AT.
    recordedAt: (index) =>
      new Date(
        SEEDED_FROM + Math.floor((index / Math.max(1, count)) * SEEDED_DAYS) * 864e5,
      ).toISOString(),
    newId: randomUUID,
  });
  const seeded = elapsed(started);
  const rebuildStarted = performance.now();
  const rebuilt = await bench.wiring.projector.rebuildAll(tenant);
  log(
    `  ${tenant}: ${count} generated agreements (${events} events) + the reference case seeded in ${seeded}; ` +
      `rebuildAll: ${rebuilt.streams} views from ${rebuilt.events} events in ${elapsed(rebuildStarted)}`,
  );
  return recordSinceTheRebuild(bench, tenant);
}

/**
 * Two grants recorded through the API after the rebuild, each changing openai-api on AWS from
 * 2031: the model keeps a revision of the cell from each, which a rebuild cannot recreate for
 * the seeded history. Returns an instant between the two, for `knownAt` reads the model answers.
 */
async function recordSinceTheRebuild(bench: Bench, tenant: string): Promise<string> {
  const { request } = client(bench, tenant);
  const id = "aws-openai-cloud";
  const grant = async (n: number) => {
    const { version } = JSON.parse(await request(`/agreements/${id}`)) as { version: number };
    await request(`/agreements/${id}/events`, {
      method: "POST",
      body: JSON.stringify({
        expectedVersion: version,
        events: [
          {
            type: "DistributionRightGranted",
            effectiveOn: `203${n}-01-01`,
            termId: `bench-recorded-${n}`,
            providers: ["aws"],
            products: ["openai-api"],
          },
        ],
      }),
    });
  };
  await grant(1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  const between = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 5));
  await grant(2);
  return between;
}

interface Raw {
  get: () => Promise<unknown>;
  put: () => Promise<unknown>;
  rows: Row[];
}

async function rawBaselines(bench: Bench): Promise<Raw> {
  const { raw, tables } = bench;
  await raw.send(
    new PutCommand({
      TableName: tables.views,
      Item: { pk: "bench-raw", sk: "get", body: RAW_BODY },
    }),
  );
  await raw.send(
    new PutCommand({
      TableName: tables.events,
      Item: { pk: "bench-raw#tx", sk: 0, body: RAW_BODY },
    }),
  );
  const get = () =>
    raw.send(
      new GetCommand({
        TableName: tables.views,
        Key: { pk: "bench-raw", sk: "get" },
        ConsistentRead: true,
      }),
    );
  const put = () =>
    raw.send(
      new PutCommand({
        TableName: tables.views,
        Item: { pk: "bench-raw", sk: randomUUID(), body: RAW_BODY },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  const transact = () =>
    raw.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tables.events,
              Key: { pk: "bench-raw#tx", sk: 0 },
              ConditionExpression: "attribute_exists(pk)",
            },
          },
          {
            Put: {
              TableName: tables.events,
              Item: { pk: `bench-raw#${randomUUID()}`, sk: 1, body: RAW_BODY },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
        ],
      }),
    );
  const rows: Row[] = [
    { name: "raw GetItem", sample: await measure(get, SAMPLING), cost: await meterOnce(get) },
    {
      name: "raw conditional PutItem",
      sample: await measure(put, SAMPLING),
      cost: await meterOnce(put),
    },
    {
      name: "raw TransactWriteItems",
      sample: await measure(transact, SAMPLING),
      cost: await meterOnce(transact),
      note: "ConditionCheck + conditional Put",
    },
  ];
  return { get, put, rows };
}

const READS: { name: string; path: string; baseline: string }[] = [
  {
    name: "entitlement (one cell)",
    path: `/entitlements?product=openai-api&provider=aws&at=${AT}`,
    baseline: "raw GetItem",
  },
  {
    name: "entitlement, knownAt in the past",
    path: `/entitlements?product=openai-api&provider=aws&at=${AT}&knownAt=${RECORDED}`,
    baseline: "raw GetItem",
  },
  {
    // lumen-1's agreements were recorded until October (the seed's spread): its only revision
    // is the rebuild's, so a question as known in June is evaluated from the snapshots.
    name: "entitlement, knownAt before the model's history",
    path: `/entitlements?product=lumen-1&provider=aws&at=${AT}&knownAt=${KNOWN_AT}`,
    baseline: "raw GetItem",
  },
  { name: "matrix", path: `/entitlements/matrix?at=${AT}`, baseline: "raw GetItem" },
  {
    name: "matrix with reasons",
    path: `/entitlements/matrix?at=${AT}&reasons=true`,
    baseline: "raw GetItem",
  },
  { name: "deadlines", path: "/deadlines?from=2026-01-01&to=2030-12-31", baseline: "raw GetItem" },
  {
    name: "deadlines, first page of 20",
    path: "/deadlines?from=2026-01-01&to=2030-12-31&limit=20",
    baseline: "raw GetItem",
  },
  { name: "agreements list", path: "/agreements", baseline: "raw GetItem" },
  {
    name: "agreements list, first page of 20",
    path: "/agreements?limit=20",
    baseline: "raw GetItem",
  },
  { name: "history (newest 50 changes)", path: "/changes?limit=50", baseline: "raw GetItem" },
  { name: "one agreement", path: `/agreements/g-00001?at=${AT}`, baseline: "raw GetItem" },
  {
    name: "availability",
    path: "/entitlements/availability?product=openai-api&provider=aws&from=2025-01-01&to=2027-12-31",
    baseline: "raw GetItem",
  },
  {
    name: "availability, knownAt in the past",
    path: `/entitlements/availability?product=openai-api&provider=aws&from=2025-01-01&to=2027-12-31&knownAt=${RECORDED}`,
    baseline: "raw GetItem",
  },
];

async function reads(bench: Bench, tenant: string, raw: Raw, recorded: string): Promise<Row[]> {
  const { get } = client(bench, tenant);
  const rows: Row[] = [];
  const only = process.env.BENCH_READS?.split("|").map((name) => name.trim());
  for (const read of READS) {
    const { name, baseline } = read;
    const path = read.path.replace(RECORDED, encodeURIComponent(recorded));
    if (only && !only.includes(name)) continue;
    const { sample, base } = await measurePaired(() => get(path), raw.get, SAMPLING);
    rows.push({ name, sample, base, baseline, cost: await meterOnce(() => get(path)) });
    log(`    ${name}: median ${ms(sample.median)} ms (${sample.n} samples)`);
  }
  return rows;
}

/** Appends one NoteAdded through the API to each of a pool of short agreements, and to long logs. */
async function appends(bench: Bench, tenant: string, raw: Raw): Promise<Row[]> {
  const { eventStore } = bench.wiring.runtime;
  const { request } = client(bench, tenant);
  const catalog = await tenantCatalog(eventStore, tenant);
  const today = todayIn(new Date());
  const pool = SAMPLING.iterations + SAMPLING.warmup + 1;
  const short = Array.from({ length: pool }, (_, index) => ({
    id: `short-${index}`,
    events: shortAgreement(index + 1),
  }));
  const longCount = 3;
  const long = Array.from({ length: longCount }, (_, index) => ({
    id: `long-${index}`,
    events: longAgreement(index + 1, LONG_EVENTS),
  }));
  const started = performance.now();
  const options = {
    eventStore,
    tenant,
    catalog,
    today,
    recordedAt: () => new Date().toISOString(),
    newId: randomUUID,
  };
  await writeAgreements(short, options);
  await writeAgreements(long, { ...options, concurrency: longCount });
  // Their snapshots, as the API's own commits would have left them: an append decides on one.
  for (const { id } of [...short, ...long]) await bench.wiring.projector.projectStream(tenant, id);
  log(
    `  ${tenant}: ${pool} 5-event and ${longCount} ${LONG_EVENTS}-event agreements written in ${elapsed(started)}`,
  );

  const versions = new Map<string, number>([
    ...short.map(({ id }) => [id, 5] as const),
    ...long.map(({ id }) => [id, LONG_EVENTS] as const),
  ]);
  const append = async (id: string, text: string) => {
    const version = versions.get(id) ?? 0;
    await request(`/agreements/${id}/events`, {
      method: "POST",
      body: JSON.stringify({ expectedVersion: version, events: [{ type: "NoteAdded", text }] }),
    });
    versions.set(id, version + 1);
  };
  let next = 0;
  const shortAppend = () => append(`short-${next++ % pool}`, "bench note");
  const { sample: shortSample, base: shortBase } = await measurePaired(
    shortAppend,
    raw.put,
    SAMPLING,
  );
  const shortCost = await meterOnce(shortAppend);

  // A projection that fails after the commit (a view or answer refresh) says so on
  // console.warn, once per append; counted here instead of printed.
  const warn = console.warn;
  let viewWritesFailed = 0;
  console.warn = () => {
    viewWritesFailed += 1;
  };
  let longNext = 0;
  const longAppend = () => append(`long-${longNext++ % longCount}`, "bench note");
  let longSample: Sample;
  let longBase: Sample;
  let longCost: Metered;
  try {
    ({ sample: longSample, base: longBase } = await measurePaired(longAppend, raw.put, SAMPLING));
    longCost = await meterOnce(longAppend);
  } finally {
    console.warn = warn;
  }
  return [
    {
      name: "append to a 5-event agreement",
      sample: shortSample,
      base: shortBase,
      baseline: "raw conditional PutItem",
      cost: shortCost,
      note: `NoteAdded; ${pool} agreements, one append each`,
    },
    {
      name: `append to a ${LONG_EVENTS}-event agreement`,
      sample: longSample,
      base: longBase,
      baseline: "raw conditional PutItem",
      cost: longCost,
      note:
        viewWritesFailed > 0
          ? `inline view write failed ${viewWritesFailed}× (view over 400 KB)`
          : "NoteAdded",
    },
  ];
}

async function concurrency(bench: Bench, tenant: string, measured: Row[]) {
  const { get } = client(bench, tenant);
  const rows: (string | number)[][] = [];
  const force = process.env.BENCH_CONCURRENCY_FORCE === "1";
  for (const read of READS.filter(
    ({ name }) => name === "entitlement (one cell)" || name === "matrix",
  )) {
    let single = measured.find(({ name }) => name === read.name)?.sample.median;
    if (single === undefined) {
      const t = performance.now();
      await get(read.path);
      single = performance.now() - t;
    }
    for (const clients of CONCURRENCY) {
      if (!force && single * clients > 4 * CONCURRENCY_MS) {
        rows.push([
          read.name,
          clients,
          "skipped",
          `one request takes ${ms(single)} ms`,
          "",
          "",
          "",
        ]);
        continue;
      }
      const result = await concurrently(clients, CONCURRENCY_MS, () => get(read.path));
      rows.push([
        read.name,
        clients,
        result.throughput.toFixed(1),
        ms(result.median),
        ms(result.p99),
        result.errors,
        result.n,
      ]);
    }
  }
  for (const clients of CONCURRENCY) {
    const { raw, tables } = bench;
    const result = await concurrently(clients, CONCURRENCY_MS, () =>
      raw.send(
        new GetCommand({
          TableName: tables.views,
          Key: { pk: "bench-raw", sk: "get" },
          ConsistentRead: true,
        }),
      ),
    );
    rows.push([
      "raw GetItem",
      clients,
      result.throughput.toFixed(1),
      ms(result.median),
      ms(result.p99),
      result.errors,
      result.n,
    ]);
  }
  return rows;
}

/**
 * Commit → view visible with the local pipeline (stream pollers, projector, publisher) running,
 * on tables of their own. Commits go through the event store's append, which writes no view,
 * so what is timed is the stream projector alone; an append through the API writes its view
 * inline before answering, which is checked separately.
 */
async function lag(endpoint: string) {
  const tables = {
    events: `lag-events-${randomUUID().slice(0, 8)}`,
    views: `lag-views-${randomUUID().slice(0, 8)}`,
  };
  const tenant = "lag";
  const tokens = parseTokens(`${editor(tenant)}:editor:${tenant},${admin(tenant)}:admin:${tenant}`);
  const wiring = await wire({ endpoint, tables, tokens });
  const bench: Bench = {
    wiring,
    setClock: () => {},
    raw: createDynamoClients({ endpoint }).doc,
    tables,
    tokens,
  };
  const { request, get } = client(bench, tenant);
  await request("/import", {
    method: "POST",
    headers: { Authorization: `Bearer ${admin(tenant)}` },
    body: JSON.stringify(tenantDocument()),
  });
  const bus = new LocalBus();
  const pipeline = startLocalPipeline({
    endpoint,
    eventsTable: tables.events,
    wiring,
    bus,
    alertIntervalMs: 36e5,
  });
  const { eventStore } = wiring.runtime;
  const catalog = await tenantCatalog(eventStore, tenant);
  const id = "microsoft-openai";
  const visible = async (version: number) => {
    const body = JSON.parse(await get(`/agreements/${id}`)) as { version: number };
    return body.version >= version;
  };
  try {
    // Lets the pollers read past what the import wrote.
    await new Promise((done) => setTimeout(done, 2000));
    const lags: number[] = [];
    let pollMs = 0;
    let polls = 0;
    for (let sample = 0; sample < LAG_SAMPLES; sample++) {
      const state = fold(tenant, id, await eventStore.readStream(tenant, id));
      const pending = decideAppend(
        state,
        { expectedVersion: state.version, events: [{ type: "NoteAdded", text: `lag ${sample}` }] },
        { today: todayIn(new Date()), catalog },
      );
      const { version } = await eventStore.append({
        tenant,
        agreementId: id,
        expectedVersion: state.version,
        events: pending,
        recordedAt: new Date().toISOString(),
        recordedBy: "bench",
        newEventId: randomUUID,
      });
      const committed = performance.now();
      for (;;) {
        const t = performance.now();
        const seen = await visible(version);
        pollMs += performance.now() - t;
        polls += 1;
        if (seen) break;
        if (performance.now() - committed > 30_000)
          throw new Error("the view did not catch up in 30 s");
        await new Promise((done) => setTimeout(done, 2));
      }
      lags.push(performance.now() - committed);
      // Commits arrive at random moments relative to the poller's 250 ms cycle.
      await new Promise((done) => setTimeout(done, Math.random() * 250));
    }
    let inline = 0;
    const apiSamples = Math.min(LAG_SAMPLES, 20);
    for (let sample = 0; sample < apiSamples; sample++) {
      const { version } = JSON.parse(await get(`/agreements/${id}`)) as { version: number };
      await request(`/agreements/${id}/events`, {
        method: "POST",
        body: JSON.stringify({
          expectedVersion: version,
          events: [{ type: "NoteAdded", text: `api ${sample}` }],
        }),
      });
      if (await visible(version + 1)) inline += 1;
    }
    return { lag: summarize(lags), pollMs: pollMs / polls, inline, apiSamples };
  } finally {
    await pipeline.stop();
  }
}

function printRows(title: string, rows: Row[], baselines: Map<string, Sample>) {
  log(`\n### ${title}\n`);
  log(
    table(
      [
        "operation",
        "n",
        "median ms",
        "p99 ms",
        "baseline median ms",
        "× baseline (median)",
        "× baseline (p99)",
        "calls",
        "RCU",
        "WCU",
        "DynamoDB calls",
        "note",
      ],
      rows.map(({ name, sample, baseline, base: paired, cost, note }) => {
        // The baseline timed alternately with the operation when there is one, else the raw row.
        const base = paired ?? (baseline ? baselines.get(baseline) : undefined);
        return [
          name,
          sample.n,
          ms(sample.median),
          ms(sample.p99),
          base ? ms(base.median) : "",
          base ? `${times(sample.median / base.median)} ${baseline}` : "baseline",
          base ? times(sample.p99 / base.p99) : "",
          cost?.calls ?? "",
          cost ? cost.readUnits.toFixed(1) : "",
          cost ? cost.writeUnits.toFixed(1) : "",
          cost
            ? Object.entries(cost.byCommand)
                .map(([command, count]) => `${command.replace(/Command$/, "")}×${count}`)
                .join(" ")
            : "",
          note ?? "",
        ];
      }),
      new Set([1, 2, 3, 4, 6, 7, 8, 9]),
    ),
  );
}

async function main() {
  const runStarted = performance.now();
  installMeter();
  const database = await startDynamoDbLocal({});
  // A run stopped by a signal (too long for its machine) stops its database, not orphans it.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void database.stop().finally(() => process.exit(130)));
  const sizes = [...new Set([BASE_N, N].filter((count) => count > 0))].sort((a, b) => a - b);
  log(
    `Termline benchmark — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, ` +
      `${(totalmem() / 2 ** 30).toFixed(1)} GiB; DynamoDB Local in memory, one process.\n` +
      `N = ${sizes.join(", ")}; up to ${SAMPLING.iterations} samples per operation after ${SAMPLING.warmup} warm-up, ` +
      `at most ${SAMPLING.maxMs / 1000} s each (at least ${SAMPLING.minimum}); parts: ${[...ONLY].join(",")}\n`,
  );
  try {
    const tables = {
      events: `bench-events-${randomUUID().slice(0, 8)}`,
      views: `bench-views-${randomUUID().slice(0, 8)}`,
    };
    const tenants = sizes.map((count) => `n${count}`);
    const spec = tenants
      .map((tenant) => `${editor(tenant)}:editor:${tenant},${admin(tenant)}:admin:${tenant}`)
      .join(",");
    const tokens = parseTokens(spec);
    let fixed: Date | undefined;
    const wiring = await wire({
      endpoint: database.endpoint,
      tables,
      tokens,
      clock: () => fixed ?? new Date(),
    });
    const bench: Bench = {
      wiring,
      setClock: (instant) => {
        fixed = instant ? new Date(instant) : undefined;
      },
      raw: createDynamoClients({ endpoint: database.endpoint }).doc,
      tables,
      tokens,
    };

    const readRows = new Map<number, Row[]>();
    for (const [index, count] of sizes.entries()) {
      const tenant = tenants[index] as string;
      const recorded =
        runs("reads") || runs("appends") || runs("concurrency")
          ? await seedTenant(bench, tenant, count)
          : new Date().toISOString();
      const raw = await rawBaselines(bench);
      const baseMap = new Map(raw.rows.map(({ name, sample }) => [name, sample]));
      const rows = [...raw.rows];
      if (runs("reads")) {
        const measured = await reads(bench, tenant, raw, recorded);
        readRows.set(count, measured);
        rows.push(...measured);
      }
      if (runs("appends") && count === N) rows.push(...(await appends(bench, tenant, raw)));
      printRows(`N = ${count} (tenant ${tenant})`, rows, baseMap);
      if (runs("concurrency") && count === N) {
        log(`\n### Concurrency, N = ${count}: ${CONCURRENCY_MS / 1000} s per run\n`);
        log(
          table(
            ["operation", "clients", "req/s", "median ms", "p99 ms", "errors", "requests"],
            await concurrency(bench, tenant, readRows.get(count) ?? []),
            new Set([1, 2, 3, 4, 5, 6]),
          ),
        );
      }
    }

    if (runs("reads") && sizes.length > 1) {
      const [small, large] = [sizes[0] as number, sizes.at(-1) as number];
      log(`\n### Growth from N = ${small} to N = ${large} (median over median)\n`);
      const smallRows = new Map((readRows.get(small) ?? []).map((row) => [row.name, row]));
      log(
        table(
          ["read", `N = ${small} ms`, `N = ${large} ms`, "growth"],
          (readRows.get(large) ?? []).map(({ name, sample }) => {
            const before = smallRows.get(name)?.sample.median ?? Number.NaN;
            return [name, ms(before), ms(sample.median), times(sample.median / before)];
          }),
          new Set([1, 2, 3]),
        ),
      );
    }

    if (runs("lag")) {
      const result = await lag(database.endpoint);
      log(`\n### Projection lag (local pipeline, stream poller every 250 ms)\n`);
      log(
        table(
          ["path", "samples", "p50 ms", "p99 ms", "note"],
          [
            [
              "store append → stream projector → view",
              result.lag.n,
              ms(result.lag.median),
              ms(result.lag.p99),
              `polled through GET /agreements/{id}, one poll ≈ ${ms(result.pollMs)} ms`,
            ],
            [
              "API append (inline projection)",
              result.apiSamples,
              "0",
              "0",
              `view already current when the response returned: ${result.inline}/${result.apiSamples}`,
            ],
          ],
          new Set([1, 2, 3]),
        ),
      );
    }
    log(`\nTotal ${elapsed(runStarted)}.`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
