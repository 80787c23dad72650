/**
 * `npm run bench:bundles`: each Lambda bundle's size (raw and gzip), what it is made of, and its
 * cold start, against two baselines bundled the same way and measured in the same run:
 *
 * - a bare Hono handler (`GET /` → "ok");
 * - the fairer one: a Hono handler that imports `@aws-sdk/lib-dynamodb` and does one GetItem
 *   against DynamoDB Local. It is bundled twice: with this project's build (the plugins of
 *   infra/bundling/plugins.mjs) and with SST's stock build (none), to show what each part buys;
 * - the API's floor (`FLOOR`): that handler with, rung by rung, what every request of ours
 *   does before our own code (logs and metrics, the token's lookup, a zod query, the route
 *   declared through `@hono/zod-openapi`), so the API's cold start splits into what its stack
 *   costs and what our code adds.
 *
 * A cold start here is one fresh `node` process that imports the bundle and invokes its handler
 * once with a real event shape (Node's own start-up excluded): the API a signed-in
 * `GET /api/v1/agreements` (token lookup, then the read), the projector and the publisher one
 * stream record, the alert job a scheduled run, the notifier one bus event. Their calls go to
 * DynamoDB Local and a local EventBridge stand-in through the SDK's endpoint variables, so the
 * first invoke includes the clients' first connection as on Lambda (without its network).
 * BENCH_COLD_RUNS processes per bundle (default 15), interleaved, median.
 *
 * A function SST splits (`nodejs.splitting`, the API) is bundled with its chunks beside the entry
 * (scripts/bundle-functions.ts); its bytes are the entry's and the chunks' together, and its
 * cold start imports the entry, which imports the chunks the first invoke needs.
 *
 * BENCH_CPU_PROF_DIR: a directory for a CPU profile of every cold start (V8's `--cpu-prof`; use
 * a few BENCH_COLD_RUNS), to see where a cold start's time goes. The bundles the profiles ran
 * are kept beside them, in `bundles/`, so a chunk a profile names can be read; with
 * BENCH_UNMINIFIED=1 they are built unminified, so the profiles name our functions too.
 *
 * BENCH_COMPARE_DIR: a directory of bundles built elsewhere (`tsx scripts/bundle-functions.ts
 * <dir>` on another commit) measured in the same run as "<name> (compare)", so a before and
 * an after share the machine's load; functions missing from it are skipped.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { marshall } from "@aws-sdk/util-dynamodb";
import { toEventItem } from "@termline/store";
import { startDynamoDbLocal } from "@termline/store/local";
import { type BuildOptions, build } from "esbuild";
import { parseTokens } from "../functions/src/api/auth.ts";
import { createToken } from "../functions/src/api/token-registry.ts";
import { seedReferenceCase } from "../functions/src/local/seed.ts";
import { wire } from "../functions/src/local/wiring.ts";
import { domainEventDetail } from "../functions/src/publisher/publish-committed.ts";
import {
  type BundleResult,
  bundle,
  bundleFunctions,
  bundleOptions,
  FUNCTIONS,
  ROOT,
  SPLIT_FUNCTIONS,
} from "../scripts/bundle-functions.ts";
import { httpEvent, scheduledEvent, streamEvent } from "../test/lambda/support/events.ts";
import { startFakeEventBridge } from "../test/lambda/support/fake-eventbridge.ts";
import { BARE_HONO, FLOOR, HONO_DYNAMODB } from "./bundle-baselines.ts";

const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
const run = promisify(execFile);

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

interface Cold {
  importMs: number;
  invokeMs: number;
}

/** One fresh process: import the bundle, invoke its handler once with `eventFile`'s event. */
async function coldStart(file: string, eventFile: string, env: NodeJS.ProcessEnv): Promise<Cold> {
  const script = `import { readFileSync } from "node:fs";
const event = JSON.parse(readFileSync(${JSON.stringify(eventFile)}, "utf8"));
const context = { functionName: "bench", awsRequestId: "bench", getRemainingTimeInMillis: () => 30000 };
const t0 = performance.now();
const m = await import(${JSON.stringify(pathToFileURL(file).href)});
const t1 = performance.now();
const result = await m.handler(event, context);
const t2 = performance.now();
const status = result?.statusCode;
if (status !== undefined && status !== 200) throw new Error("status " + status + ": " + String(result.body).slice(0, 300));
if (result?.batchItemFailures?.length) throw new Error("batch item failures: " + JSON.stringify(result));
console.log(JSON.stringify({ importMs: t1 - t0, invokeMs: t2 - t1 }));`;
  // BENCH_CPU_PROF_DIR: each cold start also writes a V8 CPU profile there (--cpu-prof).
  const profile = process.env.BENCH_CPU_PROF_DIR;
  const flags = profile
    ? ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", profile]
    : [];
  const { stdout } = await run(process.execPath, [...flags, "--input-type=module", "-e", script], {
    env,
    cwd: tmpdir(),
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Cold;
}

/**
 * What importing the bundle reads, by package (zod split into core, classic and locales): the
 * entry and, when split, the chunks it imports statically; and the bytes of all its files.
 */
async function composition(name: keyof typeof FUNCTIONS, dir: string) {
  const options: BuildOptions = {
    ...bundleOptions(FUNCTIONS[name], join(dir, "composition", name, "index.mjs"), {
      splitting: SPLIT_FUNCTIONS.has(name),
    }),
    sourcemap: false,
    write: false,
  };
  const outputs = (await build(options)).metafile?.outputs ?? {};
  // With splitting, each dynamically imported module is an entry point too: start at the handler's.
  const imported = new Set<string>();
  const read = (path: string) => {
    const output = outputs[path];
    if (imported.has(path) || !output) return;
    imported.add(path);
    for (const { path: next, kind } of output.imports) if (kind === "import-statement") read(next);
  };
  read(Object.keys(outputs).find((path) => path.endsWith("/index.mjs")) ?? "");
  const groups = new Map<string, number>();
  let atImport = 0;
  for (const path of imported) {
    atImport += outputs[path]?.bytes ?? 0;
    for (const [file, { bytesInOutput }] of Object.entries(outputs[path]?.inputs ?? {})) {
      const match = file.match(
        /node_modules\/((?:@[^/]+\/)?[^/]+)(?:\/v4\/(core|classic|locales|mini))?/,
      );
      const key = match ? `${match[1]}${match[2] ? `/${match[2]}` : ""}` : "termline (workspace)";
      const group =
        key.startsWith("@aws-sdk/") || key.startsWith("@smithy/") || key.startsWith("@aws/")
          ? "AWS SDK"
          : key;
      groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
    }
  }
  return {
    atImport,
    total: Object.values(outputs).reduce((sum, { bytes }) => sum + bytes, 0),
    groups,
  };
}

/** The `.mjs` files beside a bundle's entry: its chunks, when it was split. */
async function chunksBeside(file: string): Promise<string[]> {
  const names = await readdir(dirname(file));
  return names
    .filter((name) => name.endsWith(".mjs") && name !== "index.mjs")
    .map((name) => join(dirname(file), name));
}

async function main() {
  const profiles = process.env.BENCH_CPU_PROF_DIR;
  const dir = profiles
    ? await mkdir(join(profiles, "bundles"), { recursive: true }).then(() =>
        join(profiles, "bundles"),
      )
    : await mkdtemp(join(tmpdir(), "termline-bench-bundles-"));
  const database = await startDynamoDbLocal({});
  const eventBridge = await startFakeEventBridge();
  try {
    // The data a first invoke meets: the reference case in tenant "bench", a viewer's token.
    const tables = {
      events: `bundles-events-${randomUUID().slice(0, 8)}`,
      views: `bundles-views-${randomUUID().slice(0, 8)}`,
    };
    const { runtime } = await wire({
      endpoint: database.endpoint,
      tables,
      tokens: parseTokens(""),
    });
    await seedReferenceCase(runtime, "bench");
    await runtime.viewStore.putItem("bench", "baseline", { body: "x".repeat(200) });
    await runtime.viewStore.putItem("bench", "token", { role: "viewer", name: "bench" });
    const token = await createToken(
      runtime.viewStore,
      { tenant: "bench", role: "viewer", name: "bench" },
      new Date(),
    );
    const [stored] = await runtime.eventStore.readStream("bench", "microsoft-openai", {
      toVersion: 1,
    });
    if (!stored) throw new Error("the reference case has no microsoft-openai");
    const image = marshall(toEventItem(stored), { removeUndefinedValues: true });
    const record = {
      eventID: randomUUID().replaceAll("-", ""),
      eventName: "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "us-east-1",
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: { pk: image.pk, sk: image.sk },
        NewImage: image,
        SequenceNumber: "100000000000000000001",
        SizeBytes: 1000,
        StreamViewType: "NEW_IMAGE",
      },
      eventSourceARN: `arn:aws:dynamodb:us-east-1:123456789012:table/${tables.events}/stream/2026-12-01T00:00:00.000`,
    };
    const events: Record<string, unknown> = {
      "bare Hono": httpEvent("GET", "/"),
      "Hono + DynamoDB GetItem": httpEvent("GET", "/"),
      "Hono + DynamoDB GetItem, stock build": httpEvent("GET", "/"),
      ...Object.fromEntries(Object.keys(FLOOR).map((name) => [name, httpEvent("GET", "/")])),
      api: httpEvent("GET", "/api/v1/agreements", { token }),
      projector: streamEvent([record as never]),
      publisher: streamEvent([record as never]),
      alerts: scheduledEvent(),
      notify: {
        version: "0",
        id: randomUUID(),
        "detail-type": stored.type,
        source: "termline",
        account: "123456789012",
        time: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        region: "us-east-1",
        resources: [],
        detail: domainEventDetail(stored),
      },
    };
    const eventFiles = new Map<string, string>();
    for (const [name, event] of Object.entries(events)) {
      const file = join(dir, `${name.replace(/\W+/g, "-")}.json`);
      await writeFile(file, JSON.stringify(event));
      eventFiles.set(name, file);
    }
    /** What infra/functions.ts sets, pointed at DynamoDB Local and the EventBridge stand-in. */
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TERMLINE_EVENTS_TABLE: tables.events,
      TERMLINE_VIEWS_TABLE: tables.views,
      TERMLINE_BUS_NAME: "bench-bus",
      TERMLINE_STAGE: "bench",
      AWS_ENDPOINT_URL_DYNAMODB: database.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: eventBridge.endpoint,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "bench",
      AWS_SECRET_ACCESS_KEY: "bench",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    delete env.AWS_PROFILE;
    delete env.AWS_SESSION_TOKEN;

    const resolveDir = join(ROOT, "functions");
    const stock = async (name: string, contents: string): Promise<BundleResult> => {
      const file = join(dir, name, "index.mjs");
      await build({ ...bundleOptions({ contents, resolveDir }, file), plugins: [] });
      const bytes = (await readFile(file)).length;
      return { name, file, bytes, mapBytes: 0, externals: [], chunks: [], chunkBytes: 0 };
    };
    const bundles: BundleResult[] = [
      await bundle("bare Hono", { contents: BARE_HONO, resolveDir }, dir),
      await bundle("Hono + DynamoDB GetItem", { contents: HONO_DYNAMODB, resolveDir }, dir),
      await stock("Hono + DynamoDB GetItem, stock build", HONO_DYNAMODB),
      ...(await Promise.all(
        Object.entries(FLOOR).map(([name, contents]) =>
          bundle(name, { contents, resolveDir }, dir),
        ),
      )),
      ...(await bundleFunctions(dir)),
    ];
    const compareDir = process.env.BENCH_COMPARE_DIR;
    if (compareDir)
      for (const name of Object.keys(FUNCTIONS)) {
        const file = join(compareDir, name, "index.mjs");
        // A directory may hold some functions only (one built several ways, say).
        if (!existsSync(file)) continue;
        const bytes = (await readFile(file)).length;
        const chunks = await chunksBeside(file);
        let chunkBytes = 0;
        for (const chunk of chunks) chunkBytes += (await readFile(chunk)).length;
        bundles.push({
          name: `${name} (compare)`,
          file,
          bytes,
          mapBytes: 0,
          externals: [],
          chunks,
          chunkBytes,
        });
        const events = eventFiles.get(name);
        if (events) eventFiles.set(`${name} (compare)`, events);
      }
    // A split bundle's bytes are its entry's and its chunks' (each file compressed on its own).
    const gzip = new Map<string, number>();
    for (const { name, file, chunks } of bundles) {
      let bytes = 0;
      for (const part of [file, ...chunks]) bytes += gzipSync(await readFile(part)).length;
      gzip.set(name, bytes);
    }
    const total = ({ bytes, chunkBytes }: BundleResult) => bytes + chunkBytes;

    // The mail functions have no event here (they would need SES): sizes only.
    const started = bundles.flatMap(({ name, file }) => {
      const events = eventFiles.get(name);
      return events ? [{ name, file, events }] : [];
    });
    const samples = new Map<string, Cold[]>(started.map(({ name }) => [name, []]));
    for (const { file, events } of started) await coldStart(file, events, env); // disk cache, and a check
    for (let round = 0; round < RUNS; round++)
      for (const { name, file, events } of started)
        samples.get(name)?.push(await coldStart(file, events, env));

    const stats = (name: string) => {
      const cold = samples.get(name) ?? [];
      return {
        importMs: median(cold.map((sample) => sample.importMs)),
        invokeMs: median(cold.map((sample) => sample.invokeMs)),
        totalMs: median(cold.map((sample) => sample.importMs + sample.invokeMs)),
      };
    };
    const bare = stats("bare Hono");
    const fair = stats("Hono + DynamoDB GetItem");
    console.log(
      `Node ${process.version}, ${RUNS} cold starts per bundle (median), DynamoDB Local ${database.endpoint}\n`,
    );
    console.log(
      "| bundle | bytes | gzip | import ms | first invoke ms | import + invoke ms | × bare Hono (import) | × Hono + GetItem (import + invoke) |",
    );
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const built of bundles) {
      const { name } = built;
      const bytes = total(built);
      const own = stats(name);
      if (!samples.has(name)) {
        console.log(
          `| ${name} | ${bytes.toLocaleString("en")} | ${(gzip.get(name) ?? 0).toLocaleString("en")} | – | – | – | – | – |`,
        );
        continue;
      }
      console.log(
        `| ${name} | ${bytes.toLocaleString("en")} | ${(gzip.get(name) ?? 0).toLocaleString("en")} | ${own.importMs.toFixed(1)} | ${own.invokeMs.toFixed(1)} | ${own.totalMs.toFixed(1)} | ${(own.importMs / bare.importMs).toFixed(1)}× | ${(own.totalMs / fair.totalMs).toFixed(2)}× |`,
      );
    }

    const floor = stats(Object.keys(FLOOR).at(-1) ?? "");
    const api = stats("api");
    console.log(
      `\napi over its floor (the last rung, import + invoke): ${(api.totalMs / floor.totalMs).toFixed(2)}×`,
    );

    const split = bundles.filter(({ chunks }) => chunks.length > 0);
    if (split.length > 0) console.log("");
    for (const { name, bytes, chunks, chunkBytes } of split)
      console.log(
        `${name}: entry ${bytes.toLocaleString("en")} bytes, ${chunks.length} chunks ${chunkBytes.toLocaleString("en")} bytes beside it`,
      );

    console.log(
      "\nWhat importing each function's bundle reads (KB of minified output; a split bundle's entry and the chunks it imports statically):\n",
    );
    const names = Object.keys(FUNCTIONS) as (keyof typeof FUNCTIONS)[];
    const parts = await Promise.all(names.map((name) => composition(name, dir)));
    const keys = new Set<string>();
    for (const { groups } of parts)
      for (const [key, bytes] of groups) if (bytes >= 10_000) keys.add(key);
    const order = [...keys].sort(
      (a, b) => (parts[0]?.groups.get(b) ?? 0) - (parts[0]?.groups.get(a) ?? 0),
    );
    console.log(`| part | ${names.join(" | ")} |`);
    console.log(`| --- |${names.map(() => " ---: |").join("")}`);
    for (const key of order)
      console.log(
        `| ${key} | ${parts.map(({ groups }) => ((groups.get(key) ?? 0) / 1000).toFixed(0)).join(" | ")} |`,
      );
    console.log(
      `| read at import | ${parts.map(({ atImport }) => (atImport / 1000).toFixed(0)).join(" | ")} |`,
    );
    console.log(`| total | ${parts.map(({ total }) => (total / 1000).toFixed(0)).join(" | ")} |`);
  } finally {
    await eventBridge.close();
    await database.stop();
    if (!profiles) await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
