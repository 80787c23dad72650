import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Plugin } from "vite";

/**
 * Where the API reference page (`/api/v1/docs`, functions/src/api/docs.ts) loads Scalar's
 * script from: a file of the web UI's build, on the same origin as the API. On AWS it is served
 * with the UI from S3 through the Router; under `npm start` by `serveWeb` from `web/dist`. So
 * the 3.5 MB script is neither in the API's Lambda package nor fetched from a third-party host.
 */
export const API_REFERENCE_SCRIPT = "api-reference/scalar.js";

const require = createRequire(import.meta.url);
const scalarScript = () => require.resolve("@scalar/api-reference/browser/standalone.js");

/** Emits Scalar's standalone script into the build (and serves it from the dev server). */
export function apiReferenceScript(): Plugin {
  return {
    name: "termline-api-reference-script",
    generateBundle() {
      this.emitFile({
        type: "asset",
        fileName: API_REFERENCE_SCRIPT,
        source: readFileSync(scalarScript()),
      });
    },
    configureServer(server) {
      server.middlewares.use(`/${API_REFERENCE_SCRIPT}`, (_request, response) => {
        response.setHeader("Content-Type", "text/javascript; charset=utf-8");
        response.end(readFileSync(scalarScript()));
      });
    },
  };
}
