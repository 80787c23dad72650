/** Sampling and printing for `npm run bench`. */

export interface Sample {
  /** How many timed calls (after the warm-up). */
  n: number;
  median: number;
  p99: number;
  mean: number;
}

export const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export function summarize(samples: number[]): Sample {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
  };
}

export interface MeasureOptions {
  iterations: number;
  warmup: number;
  /** Stop sampling an operation after this long (at least `minimum` samples are kept). */
  maxMs: number;
  minimum?: number;
}

/**
 * Times `run` sequentially: `warmup` untimed calls, then up to `iterations` timed ones, or as
 * many as fit in `maxMs` (never fewer than `minimum`), so a slow read does not take the run.
 */
export async function measure(
  run: (index: number) => Promise<unknown>,
  options: MeasureOptions,
): Promise<Sample> {
  const minimum = options.minimum ?? 5;
  const started = performance.now();
  for (let index = 0; index < options.warmup; index++) {
    await run(-index - 1);
    if (performance.now() - started > options.maxMs / 4) break;
  }
  const samples: number[] = [];
  const timed = performance.now();
  for (let index = 0; index < options.iterations; index++) {
    const t = performance.now();
    await run(index);
    samples.push(performance.now() - t);
    if (samples.length >= minimum && performance.now() - timed > options.maxMs) break;
  }
  return summarize(samples);
}

/**
 * Times `run` and `baseline` alternately in the same window (warm-up first), so a burst of
 * noise from other work on the machine hits both: the ratio of their medians is what to read.
 * A `second` baseline, if given, takes its turn in the same rounds.
 */
export async function measurePaired(
  run: (index: number) => Promise<unknown>,
  baseline: (index: number) => Promise<unknown>,
  options: MeasureOptions,
  second?: (index: number) => Promise<unknown>,
): Promise<{ sample: Sample; base: Sample; second?: Sample }> {
  const minimum = options.minimum ?? 5;
  const started = performance.now();
  for (let index = 0; index < options.warmup; index++) {
    await baseline(-index - 1);
    await second?.(-index - 1);
    await run(-index - 1);
    if (performance.now() - started > options.maxMs / 4) break;
  }
  const samples: number[] = [];
  const bases: number[] = [];
  const seconds: number[] = [];
  const timed = async (operation: (index: number) => Promise<unknown>, index: number) => {
    const t = performance.now();
    await operation(index);
    return performance.now() - t;
  };
  const window = performance.now();
  for (let index = 0; index < options.iterations; index++) {
    bases.push(await timed(baseline, index));
    if (second) seconds.push(await timed(second, index));
    samples.push(await timed(run, index));
    if (samples.length >= minimum && performance.now() - window > options.maxMs) break;
  }
  const base = summarize(bases);
  return second
    ? { sample: summarize(samples), base, second: summarize(seconds) }
    : { sample: summarize(samples), base };
}

/** Runs `clients` loops of `run` for `ms`; throughput, latency and errors. */
export async function concurrently(
  clients: number,
  ms: number,
  run: () => Promise<unknown>,
): Promise<Sample & { clients: number; throughput: number; errors: number; seconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          await run();
          latencies.push(performance.now() - t);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    ...summarize(latencies),
    clients,
    throughput: latencies.length / seconds,
    errors,
    seconds,
  };
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "–");
export const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "–");

/** A Markdown table, so the output pastes into BENCHMARKS.md as it is. */
export function table(header: string[], rows: (string | number)[][], right = new Set<number>()) {
  const lines = [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, index) => (right.has(index) ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
  return lines.join("\n");
}
