/**
 * Bundles every Lambda entry point the way SST v4 does for `sst.aws.Function` (its Go builder,
 * pkg/runtime/node/build.go): esbuild, platform node, ESM in an `.mjs` file, bundle, minify,
 * keepNames, mainFields module → main, and a banner that gives CommonJS dependencies a `require`,
 * plus the plugins of infra/bundling/plugins.mjs, which infra/functions.ts hands SST as well.
 *
 * Nothing from npm is external, `@aws-sdk/*` included. SST's only forced externals are `sharp`
 * and `pg-native` (plus whatever `nodejs.install` / `esbuild.external` name, which infra/ does
 * not set), so the deployed function carries its own pinned SDK instead of the runtime's: the
 * version we test is the version that runs, and tree shaking keeps the cold start small.
 *
 * A function SST builds with `nodejs.splitting` (the API, in infra/api.ts) is bundled with
 * esbuild's code splitting as SST does it: an outdir, `.mjs` files, the chunks beside the entry;
 * each dynamically imported module (the API's route groups) and what only they share lands in
 * a chunk read when a request first imports it.
 *
 * `tsx scripts/bundle-functions.ts [outDir]` writes dist/lambda/<name>/index.mjs (and any
 * chunks beside it) and prints sizes.
 */
import { stat } from "node:fs/promises";
import { builtinModules } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BuildOptions, build, type StdinOptions } from "esbuild";
import lambdaPlugins from "../infra/bundling/plugins.mjs";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const FUNCTIONS = {
  api: "functions/src/api/handler.ts",
  projector: "functions/src/projector/handler.ts",
  publisher: "functions/src/publisher/handler.ts",
  alerts: "functions/src/alerts/handler.ts",
  notify: "functions/src/notify/handler.ts",
  mail: "functions/src/mail/handler.ts",
  watchMail: "functions/src/mail/watch-handler.ts",
  sesFailures: "functions/src/mail/ses-events-handler.ts",
} as const;
export type FunctionName = keyof typeof FUNCTIONS;

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** The functions infra/ gives `nodejs: { splitting: true }`: keep the two lists the same. */
export const SPLIT_FUNCTIONS: ReadonlySet<string> = new Set<FunctionName>(["api"]);

/** ESM has no `require`; bundled CommonJS packages that call it for builtins need one. */
export const BANNER =
  'import { createRequire } from "module"; const require = createRequire(import.meta.url);';

/** A file under the repository, or source text (resolved from `resolveDir`). */
export type BundleSource = string | StdinOptions;

export interface BundleResult {
  name: string;
  file: string;
  bytes: number;
  mapBytes: number;
  /** Imports left to the runtime: only Node builtins, or the bundle is not self-contained. */
  externals: string[];
  /** The chunks beside the entry (code splitting only), and their bytes together. */
  chunks: string[];
  chunkBytes: number;
}

/**
 * `outfile` is the entry's file; with `splitting`, as SST does it: the entry and its chunks in
 * `outfile`'s directory, every file `.mjs` (the entry keeps `outfile`'s name).
 */
export function bundleOptions(
  source: BundleSource,
  outfile: string,
  { splitting = false }: { splitting?: boolean } = {},
): BuildOptions {
  return {
    ...(typeof source === "string"
      ? { entryPoints: [resolve(ROOT, source)] }
      : { stdin: { loader: "ts", ...source } }),
    ...(splitting
      ? {
          splitting: true,
          outdir: dirname(outfile),
          entryNames: basename(outfile, ".mjs"),
          outExtension: { ".js": ".mjs" },
        }
      : { outfile }),
    platform: "node",
    format: "esm",
    // Lambda's runtime (functionDefaults in infra/functions.ts): nodejs24.x.
    target: "node24",
    bundle: true,
    // BENCH_UNMINIFIED (bench/bundles.ts): for CPU profiles that name the functions.
    minify: !process.env.BENCH_UNMINIFIED,
    keepNames: true,
    sourcemap: "linked",
    mainFields: ["module", "main"],
    banner: { js: BANNER },
    metafile: true,
    logLevel: "silent",
    // The same plugins SST applies (`nodejs.plugins` in infra/functions.ts).
    plugins: lambdaPlugins,
  };
}

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
export const isBuiltin = (specifier: string) => builtins.has(specifier);

/** Bundles one entry into `<outDir>/<name>/index.mjs`. */
export async function bundle(
  name: string,
  source: BundleSource,
  outDir: string,
  options: { splitting?: boolean } = {},
): Promise<BundleResult> {
  const file = join(outDir, name, "index.mjs");
  const result = await build(bundleOptions(source, file, options));
  const externals = new Set<string>();
  for (const input of Object.values(result.metafile?.inputs ?? {}))
    for (const imported of input.imports)
      if (imported.external && imported.path !== "<runtime>") externals.add(imported.path);
  // Every other file the build wrote: with splitting, each dynamically imported module's file
  // (esbuild lists those as entry points too) and the chunks they share with the entry.
  const chunks = Object.entries(result.metafile?.outputs ?? {}).filter(
    ([path]) => path.endsWith(".mjs") && resolve(path) !== file,
  );
  return {
    name,
    file,
    bytes: (await stat(file)).size,
    mapBytes: (await stat(`${file}.map`)).size,
    externals: [...externals].sort(),
    chunks: chunks.map(([path]) => resolve(path)),
    chunkBytes: chunks.reduce((sum, [, output]) => sum + output.bytes, 0),
  };
}

/** Bundles the named functions (all by default) in parallel; the sizes are in bytes. */
export function bundleFunctions(
  outDir: string,
  names: readonly FunctionName[] = FUNCTION_NAMES,
): Promise<BundleResult[]> {
  return Promise.all(
    names.map((name) =>
      bundle(name, FUNCTIONS[name], outDir, { splitting: SPLIT_FUNCTIONS.has(name) }),
    ),
  );
}

async function main() {
  const outDir = resolve(process.argv[2] ?? join(ROOT, "dist/lambda"));
  const results = await bundleFunctions(outDir);
  for (const { name, file, bytes, mapBytes, externals, chunks, chunkBytes } of results) {
    const foreign = externals.filter((specifier) => !isBuiltin(specifier));
    const split = chunks.length > 0 ? `  + ${chunks.length} chunks ${chunkBytes} B` : "";
    console.log(
      `${name.padEnd(10)} ${String(bytes).padStart(9)} B  (map ${mapBytes} B)${split}  ${relative(process.cwd(), file)}${foreign.length > 0 ? `  external: ${foreign.join(", ")}` : ""}`,
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
