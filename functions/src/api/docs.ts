import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { Scalar } from "@scalar/hono-api-reference";
import { Hono } from "hono";

const require = createRequire(import.meta.url);
let bundle: Promise<string> | undefined;

/**
 * The API reference page. Scalar's script is served from our own node_modules, not a CDN:
 * the page must work offline and load nothing from elsewhere.
 */
export const docsRoutes = (basePath: string) =>
  new Hono()
    .get("/docs/scalar.js", async (c) => {
      bundle ??= readFile(require.resolve("@scalar/api-reference/browser/standalone.js"), "utf8");
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
