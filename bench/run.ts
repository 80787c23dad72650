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
 * - BENCH_ONLY: a comma-separated subset of reads,appends,concurrency,lag,projector (default
 *   all).
 * - BENCH_READS: a "|"-separated subset of the reads, by name (default all).
 */
import { randomUUID } from "node:crypto";
import { cpus, totalmem } from "node:os";
import { createDynamoClients } from "@termline/store";
import { startDynamoDbLocal } from "@termline/store/local";
import { parseTokens } from "../functions/src/api/auth.ts";
import { wire } from "../functions/src/local/wiring.ts";
import { appends } from "./append-measures.ts";
import { admin, type Bench, editor, type Row } from "./bench-harness.ts";
import { BASE_N, CONCURRENCY_MS, N, ONLY, runs, SAMPLING } from "./bench-settings.ts";
import { installMeter } from "./capacity.ts";
import { concurrency } from "./concurrency-measures.ts";
import { elapsed, log } from "./log.ts";
import { lag } from "./projection-lag.ts";
import { projectorCosts } from "./projector-costs.ts";
import { rawBaselines } from "./raw-baselines.ts";
import { reads } from "./read-measures.ts";
import { printGrowth, printLag, printProjectorCosts, printRows } from "./report.ts";
import { table } from "./stats.ts";
import { seedTenant } from "./tenant-seeding.ts";
import { printMatricesKept, printTimelinesKept } from "./timelines-kept.ts";

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
      if (runs("reads")) {
        await printTimelinesKept(bench, tenant);
        await printMatricesKept(bench, tenant);
      }
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

    if (runs("reads") && sizes.length > 1) printGrowth(sizes, readRows);
    if (runs("lag")) printLag(await lag(database.endpoint));
    if (runs("projector")) printProjectorCosts(await projectorCosts(database.endpoint));
    log(`\nTotal ${elapsed(runStarted)}.`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
