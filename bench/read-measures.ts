/** The read paths, each timed against a raw GetItem. */
import { type Bench, client, type Row } from "./bench-harness.ts";
import { AT, BENCH_WORKLOAD, KNOWN_AT, RECORDED, SAMPLING } from "./bench-settings.ts";
import { captureOnce, meterOnce } from "./capacity.ts";
import { log } from "./log.ts";
import { overOwnCalls, ownCallsRaw } from "./own-calls.ts";
import type { Raw } from "./raw-baselines.ts";
import { measurePaired, ms } from "./stats.ts";

export const READS: { name: string; path: string; baseline: string; ownCalls?: true }[] = [
  {
    name: "entitlement (one cell)",
    path: `/entitlements?product=openai-api&provider=aws&at=${AT}`,
    baseline: "raw GetItem",
    ownCalls: true,
  },
  {
    name: "entitlement, knownAt in the past",
    path: `/entitlements?product=openai-api&provider=aws&at=${AT}&knownAt=${RECORDED}`,
    baseline: "raw GetItem",
  },
  {
    // A generated cell whose periods each cite hundreds of grants: in the model at N = 1,000,
    // outside it at N = 10,000 (over 300,000 reasons along its timeline, answer-projection.ts),
    // where it is evaluated from the snapshots of the agreements that reach quanta-2.
    name: "entitlement, a busy generated cell",
    path: `/entitlements?product=quanta-2&provider=aws&at=${AT}`,
    baseline: "raw GetItem",
  },
  {
    // lumen-1's agreements were recorded until October (the seed's spread): as known in June,
    // from the revisions the rebuild recreated from the log (answer-history.ts).
    name: "entitlement, knownAt in the seeded history",
    path: `/entitlements?product=lumen-1&provider=aws&at=${AT}&knownAt=${KNOWN_AT}`,
    baseline: "raw GetItem",
  },
  {
    name: "matrix",
    path: `/entitlements/matrix?at=${AT}`,
    baseline: "raw GetItem",
    ownCalls: true,
  },
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
  {
    name: "conflicts (2026–2030, every segment)",
    path: "/conflicts?from=2026-01-01&to=2030-12-31",
    baseline: "raw GetItem",
  },
  {
    name: "conflicts, first 10 (home page)",
    path: "/conflicts?from=2026-01-01&to=2030-12-31&limit=10",
    baseline: "raw GetItem",
  },
  {
    name: "a workload's entitlements (every cloud)",
    path: `/workloads/${BENCH_WORKLOAD.id}/entitlements?at=${AT}`,
    baseline: "raw GetItem",
  },
  {
    name: "days the matrix changes (2019–2034)",
    path: "/entitlements/changes?from=2019-01-01&to=2034-12-31",
    baseline: "raw GetItem",
  },
  {
    name: "open disputes (home page, 50)",
    path: `/open-disputes?at=${AT}&limit=50`,
    baseline: "raw GetItem",
  },
  {
    name: "open questions (home page, 50)",
    path: `/open-questions?at=${AT}&limit=50`,
    baseline: "raw GetItem",
  },
  {
    // What the timeline read before it drew a page at a time (and the home page and the
    // matrix before their indexes): every snapshot.
    name: "every agreement's details",
    path: `/agreement-details?at=${AT}`,
    baseline: "raw GetItem",
  },
  {
    name: "timeline, first page of 25 with deadlines",
    path: "/agreement-details?at=2034-12-31&limit=25&include=deadlines",
    baseline: "raw GetItem",
  },
  { name: "agreements list", path: "/agreements", baseline: "raw GetItem" },
  {
    // What a screen naming the agreements it shows reads (the deadlines page, conflicts, reasons).
    name: "agreements named by id (20)",
    path: `/agreements?ids=${Array.from({ length: 20 }, (_, n) => `g-${String(n * 37 + 1).padStart(5, "0")}`).join(",")}`,
    baseline: "raw GetItem",
  },
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

export async function reads(
  bench: Bench,
  tenant: string,
  raw: Raw,
  recorded: string,
): Promise<Row[]> {
  const { get } = client(bench, tenant);
  const rows: Row[] = [];
  const only = process.env.BENCH_READS?.split("|").map((name) => name.trim());
  for (const read of READS) {
    const { name, baseline } = read;
    const path = read.path.replace(RECORDED, encodeURIComponent(recorded));
    if (only && !only.includes(name)) continue;
    // A read's calls as a warm container makes them (the catalog it names by is kept).
    if (read.ownCalls) await get(path);
    const calls = read.ownCalls ? await captureOnce(() => get(path)) : [];
    const own = read.ownCalls ? ownCallsRaw(bench, calls) : undefined;
    const { sample, base, second } = await measurePaired(() => get(path), raw.get, SAMPLING, own);
    rows.push({ name, sample, base, baseline, cost: await meterOnce(() => get(path)) });
    if (second) rows.push(overOwnCalls(name, sample, calls, second));
    log(`    ${name}: median ${ms(sample.median)} ms (${sample.n} samples)`);
  }
  return rows;
}
