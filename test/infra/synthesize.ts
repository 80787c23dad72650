/**
 * Runs the program of `sst.config.ts` the way `sst deploy` does, but under Pulumi's in-process
 * mocks, and returns every resource it declares with its arguments, as a CDK user asserts a
 * synthesized template. Nothing reaches AWS and no credentials are needed.
 *
 * What SST's CLI (Go) does, and what this does instead:
 * - it bundles `sst.config.ts` with esbuild, injecting `.sst/platform/src/shim/run.js`, defining
 *   `$app`/`$cli`/`$dev`, and prefixing each project file with the provider imports (`aws`,
 *   `sst`); here the same esbuild options, from the same platform sources (`sst install`);
 * - it runs the bundle under a Pulumi engine; here `runtime.setMocks` of the `@pulumi/pulumi`
 *   that SST's platform installs answers every resource and provider call;
 * - components call back into the CLI over JSON-RPC (`SST_SERVER`), for the function build
 *   (`Runtime.Build`) and the account's bootstrap bucket; here a local stub answers them and
 *   records the build requests, so the tests see the runtime and handler each function asks for.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "../../scripts/bundle-functions.ts";

const PLATFORM = join(ROOT, ".sst/platform");

export interface DeclaredResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

export interface Synthesis {
  resources: DeclaredResource[];
  /** The arguments each `Runtime.Build` call received (one per function). */
  builds: Record<string, unknown>[];
  outputs: Record<string, unknown>;
}

/** The JSON-RPC methods of SST's CLI the AWS components call during a deploy. */
async function startCliStub(builds: Record<string, unknown>[]) {
  const bundleDir = await mkdtemp(join(tmpdir(), "termline-synth-"));
  await writeFile(join(bundleDir, "index.mjs"), "export const handler = () => {};\n");
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const { method, params } = JSON.parse(body) as { method: string; params: unknown[] };
      const args = (params[0] ?? {}) as Record<string, unknown>;
      let result: unknown = null;
      if (method === "Runtime.Build") {
        builds.push(args);
        result = { handler: "index.handler", out: bundleDir, errors: [], sourcemaps: [] };
      } else if (method === "Provider.Aws.Bootstrap") {
        result = { asset: "sst-asset-mock", state: "sst-state-mock" };
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ result, error: null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.close();
      await rm(bundleDir, { recursive: true, force: true });
    },
  };
}

/** A policy document rendered from its statements, as AWS's provider would render it. */
function policyDocument(inputs: Record<string, unknown>) {
  const statements = (inputs.statements as Record<string, unknown>[] | undefined) ?? [];
  return {
    statements: inputs.statements,
    json: JSON.stringify({
      Version: "2012-10-17",
      Statement: statements.map((statement) => ({
        Effect: statement.effect === "Deny" || statement.effect === "deny" ? "Deny" : "Allow",
        Action: statement.actions,
        Resource: statement.resources,
        ...(statement.principals ? { Principal: statement.principals } : {}),
        ...(statement.conditions ? { Condition: statement.conditions } : {}),
      })),
    }),
  };
}

export async function synthesize(stage = "test"): Promise<Synthesis> {
  if (!(await readFile(join(PLATFORM, "version"), "utf8").catch(() => "")))
    throw new Error("SST's platform is not installed: run `npm run typecheck:infra` once");
  const builds: Record<string, unknown>[] = [];
  const cli = await startCliStub(builds);
  process.env.SST_SERVER = cli.url;
  const outDir = join(PLATFORM, ".synth");
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `stack-${process.pid}.mjs`);
  // SST runs the program from the project root and checks the web UI's build output there; the
  // build itself is a mocked command, so the root is a scratch directory with a built page.
  const root = await mkdtemp(join(tmpdir(), "termline-synth-root-"));
  await mkdir(join(root, "web/dist"), { recursive: true });
  await writeFile(join(root, "web/dist/index.html"), "<!doctype html><title>Termline</title>\n");
  const app = { name: "termline", stage, removal: "remove", protect: false, home: "aws" };
  const cliGlobals = {
    command: "deploy",
    dev: false,
    paths: { home: join(outDir, "home"), root, work: join(ROOT, ".sst"), platform: PLATFORM },
    state: { version: {} },
  };
  const providerGlobals = [
    'import * as aws from "@pulumi/aws";',
    `import * as sst from ${JSON.stringify(join(PLATFORM, "src/components"))};`,
  ].join("\n");
  await build({
    stdin: {
      contents: [
        `import { run } from ${JSON.stringify(join(PLATFORM, "src/auto/run.ts"))};`,
        `import mod from ${JSON.stringify(join(ROOT, "sst.config.ts"))};`,
        "export { run, mod };",
      ].join("\n"),
      resolveDir: ROOT,
      loader: "ts",
    },
    bundle: true,
    outfile,
    format: "esm",
    platform: "node",
    logLevel: "error",
    external: ["@pulumi/*", "@pulumiverse/*", "@aws-sdk/*", "esbuild", "archiver", "glob"],
    banner: {
      js: 'import { createRequire as topLevelCreateRequire } from "module"; const require = topLevelCreateRequire(import.meta.url);',
    },
    inject: [join(PLATFORM, "src/shim/run.js")],
    define: { $app: JSON.stringify(app), $cli: JSON.stringify(cliGlobals), $dev: "false" },
    plugins: [
      {
        name: "provider-globals",
        setup(esbuild) {
          esbuild.onLoad({ filter: /\.ts$/ }, async (args) => {
            const contents = await readFile(args.path, "utf8");
            if (args.path.startsWith(PLATFORM)) return undefined;
            return { contents: `${providerGlobals}\n${contents}`, loader: "ts" };
          });
        },
      },
    ],
  });

  const resources: DeclaredResource[] = [];
  const pulumi = await import(
    pathToFileURL(join(PLATFORM, "node_modules/@pulumi/pulumi/index.js")).href
  );
  pulumi.runtime.setMocks(
    {
      newResource({
        type,
        name,
        inputs,
      }: {
        type: string;
        name: string;
        inputs: Record<string, unknown>;
      }) {
        resources.push({ type, name, inputs });
        return {
          id: `${name}-id`,
          state: {
            ...inputs,
            arn: `arn:aws:mock:eu-west-1:123456789012:${type}/${name}`,
            name: inputs.name ?? `${name}-mock`,
            url: `https://${name.toLowerCase()}.mock.invalid`,
            // Outputs other components parse: a Function URL, a distribution's domain.
            functionUrl: `https://${name.toLowerCase()}.lambda-url.mock.invalid/`,
            domainName: `${name.toLowerCase()}.cloudfront.mock.invalid`,
            streamArn: `arn:aws:mock:eu-west-1:123456789012:${type}/${name}/stream/mock`,
          },
        };
      },
      call({ token, inputs }: { token: string; inputs: Record<string, unknown> }) {
        if (token === "aws:index/getCallerIdentity:getCallerIdentity")
          return {
            accountId: "123456789012",
            arn: "arn:aws:iam::123456789012:user/mock",
            userId: "mock",
          };
        if (token === "aws:index/getRegion:getRegion")
          return { name: "eu-west-1", region: "eu-west-1" };
        if (token === "aws:index/getPartition:getPartition")
          return { partition: "aws", dnsSuffix: "amazonaws.com" };
        if (token === "aws:iam/getPolicyDocument:getPolicyDocument") return policyDocument(inputs);
        return inputs;
      },
    },
    "termline",
    stage,
    false,
  );
  try {
    const { run, mod } = await import(pathToFileURL(outfile).href);
    // The root stack resource SST's `run` expects (it registers stack transformations on it).
    const outputs = await pulumi.runtime.runInPulumiStack(() => run(mod.run));
    // Components declare some children inside applies: let those settle too.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { resources, builds, outputs };
  } finally {
    await cli.close();
    await rm(root, { recursive: true, force: true });
    await rm(outfile, { force: true });
  }
}
