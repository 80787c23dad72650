import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";

const require = createRequire(import.meta.url);
let bundle: Promise<string> | undefined;

/**
 * Where Scalar's script is: beside a bundled handler or at the Lambda task root (the
 * deployment copies it there, `copyFiles` in infra/api.ts), else in node_modules (npm start).
 */
function scalarScript(): string {
  const candidates = [
    fileURLToPath(new URL("./scalar.js", import.meta.url)),
    ...(process.env.LAMBDA_TASK_ROOT ? [join(process.env.LAMBDA_TASK_ROOT, "scalar.js")] : []),
  ];
  return (
    candidates.find((file) => existsSync(file)) ??
    require.resolve("@scalar/api-reference/browser/standalone.js")
  );
}

/**
 * The API reference page. Scalar's script is served from our own node_modules, not a CDN:
 * the page must work offline and load nothing from elsewhere.
 */
export const docsRoutes = (basePath: string) =>
  new Hono()
    .get("/docs/scalar.js", async (c) => {
      bundle ??= readFile(scalarScript(), "utf8");
      return c.body(await bundle, 200, {
        "Content-Type": "text/javascript; charset=utf-8",
        "Cache-Control": "public, max-age=86400",
      });
    })
    .get(
      "/docs",
      Scalar({
        url: `${basePath}/openapi.json`,
        cdn: `${basePath}/docs/scalar.js`,
        pageTitle: "Termline API v1",
      }),
    );
