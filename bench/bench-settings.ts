/**
 * Read when the module loads, so that a bad value stops the run before DynamoDB Local starts.
 * run.ts's leading comment lists the variables.
 */

const env = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number ≥ 0`);
  return value;
};
export const N = env("BENCH_N", 1000);
export const BASE_N = env("BENCH_BASE_N", 10);
export const LONG_EVENTS = env("BENCH_LONG_EVENTS", 5000);
export const SAMPLING = {
  iterations: env("BENCH_ITERATIONS", 100),
  warmup: env("BENCH_WARMUP", 10),
  maxMs: env("BENCH_MAX_SECONDS", 6) * 1000,
  minimum: env("BENCH_MIN_SAMPLES", 3),
};
export const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? "1,4,16").split(",").map(Number);
export const CONCURRENCY_MS = env("BENCH_CONCURRENCY_SECONDS", 3) * 1000;
export const LAG_SAMPLES = env("BENCH_LAG_SAMPLES", 40);
const PARTS = ["reads", "appends", "concurrency", "lag", "projector"] as const;
type Part = (typeof PARTS)[number];
export const ONLY = new Set(
  (process.env.BENCH_ONLY ?? PARTS.join(",")).split(",").map((part) => part.trim()),
);
for (const part of ONLY)
  if (!PARTS.includes(part as Part)) throw new Error(`BENCH_ONLY: unknown part "${part}"`);
export const runs = (part: Part) => ONLY.has(part);

/** The business date every read asks about, and the past instant `knownAt` reads cut the log at. */
export const AT = "2026-05-01";
export const SEEDED_FROM = Date.parse("2026-01-02T00:00:00Z");
export const SEEDED_DAYS = 300;
export const KNOWN_AT = "2026-06-01T00:00:00.000Z";
/** Stands in a read's path for an instant between two changes recorded after the rebuild. */
export const RECORDED = "{recorded}";

/** A workload asked of every offered cloud: `GET /workloads/{id}/entitlements` reads it. */
export const BENCH_WORKLOAD = { id: "bench-agents", name: "Agents", product: "openai-api" };
