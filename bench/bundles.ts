/**
 * `tsx bench/bundles.ts`: each Lambda bundle's size (raw and gzip) and cold import time, against
 * a bare Hono handler bundled the same way and measured in the same run, so the ratios hold on
 * a noisy machine. A cold import is one fresh `node` process timing `await import(bundle)`
 * (Node's own start-up excluded); BENCH_COLD_RUNS processes per bundle, interleaved, median.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { type BundleResult, bundle, bundleFunctions, ROOT } from "../scripts/bundle-functions.ts";

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
const run = promisify(execFile);

const BARE_HONO = `
import { Hono } from "hono";
import { handle } from "hono/aws-lambda";
export const handler = handle(new Hono().get("/", (c) => c.text("ok")));
`;

/** What infra/functions.ts sets; importing makes no call, so the names need not exist. */
const ENV = {
  ...process.env,
  TERMLINE_EVENTS_TABLE: "bench-events",
  TERMLINE_VIEWS_TABLE: "bench-views",
  TERMLINE_BUS_NAME: "bench-bus",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "bench",
  AWS_SECRET_ACCESS_KEY: "bench",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

async function coldImportMs(file: string): Promise<number> {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)});
if (typeof m.handler !== "function") throw new Error("no handler");
console.log(performance.now() - t);`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    env: ENV,
    cwd: tmpdir(),
  });
  return Number(stdout.trim().split("\n").at(-1));
}

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function main() {
  const dir = await mkdtemp(join(tmpdir(), "termline-bench-bundles-"));
  try {
    const bare = await bundle(
      "bare-hono",
      { contents: BARE_HONO, resolveDir: join(ROOT, "functions") },
      dir,
    );
    const bundles: BundleResult[] = [bare, ...(await bundleFunctions(dir))];
    const gzip = new Map<string, number>();
    for (const { name, file } of bundles) gzip.set(name, gzipSync(await readFile(file)).length);

    const samples = new Map<string, number[]>(bundles.map(({ name }) => [name, []]));
    await coldImportMs(bare.file); // warms the disk cache, not the measured processes
    for (let round = 0; round < RUNS; round++)
      for (const { name, file } of bundles) samples.get(name)?.push(await coldImportMs(file));

    const base = {
      bytes: bare.bytes,
      gzip: gzip.get(bare.name) ?? 1,
      ms: median(samples.get(bare.name) ?? []),
    };
    console.log(`Node ${process.version}, ${RUNS} cold imports per bundle (median)\n`);
    console.log("| bundle | bytes | gzip | cold import ms | × bytes | × gzip | × import |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const { name, bytes } of bundles) {
      const zipped = gzip.get(name) ?? 0;
      const ms = median(samples.get(name) ?? []);
      const ratio = (value: number, of: number) =>
        name === bare.name ? "baseline" : `${(value / of).toFixed(1)}×`;
      console.log(
        `| ${name} | ${bytes} | ${zipped} | ${ms.toFixed(1)} | ${ratio(bytes, base.bytes)} | ${ratio(zipped, base.gzip)} | ${ratio(ms, base.ms)} |`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
