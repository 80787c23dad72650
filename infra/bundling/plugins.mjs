/**
 * esbuild plugins for the Lambda bundles: SST applies them (`nodejs.plugins` in
 * infra/functions.ts) and scripts/bundle-functions.ts, which mirrors SST's build, applies the
 * same list. Each swaps a module the functions never use at run time for a smaller one:
 *
 * - `@aws-sdk/credential-provider-node` (the default chain: environment, SSO, INI files,
 *   `credential_process`, web identity, container and instance metadata, with the STS, SSO and
 *   sign-in clients they need) → the environment provider alone. Lambda always gives a
 *   function its execution role's credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 *   AWS_SESSION_TOKEN, which is the chain's first step and the one that answers on Lambda.
 * - zod's `locales` namespace (every language's error messages, about 260 KB) → English only,
 *   which zod installs by default anyway. Nothing in Termline calls `z.locales.*` or
 *   `z.config()`; @hono/zod-openapi imports zod's whole namespace, so tree shaking alone
 *   cannot drop the other languages.
 *
 * Plain JavaScript so SST's plugin host (plain Node) can import it. Filters match every path
 * and the callbacks decide: SST's host tests a filter against the import before handing it
 * over, so only a match-all filter reaches the callback there.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const ZOD_LOCALES = /^\.\.\/locales\/index\.c?js$/;
const IN_ZOD = /[\\/]node_modules[\\/]zod[\\/]/;

/** @type {import("esbuild").Plugin} */
export const lambdaTrims = {
  name: "termline-lambda-trims",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.path === "@aws-sdk/credential-provider-node")
        return { path: join(here, "credentials-from-env.mjs") };
      if (ZOD_LOCALES.test(args.path) && IN_ZOD.test(args.importer))
        return { path: join(here, "zod-locales-en.mjs") };
      return undefined;
    });
  },
};

export default [lambdaTrims];
