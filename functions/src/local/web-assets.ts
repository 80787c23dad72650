import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Context, Hono } from "hono";

/** Where `npm run build -w @termline/web` writes the UI. */
export const WEB_DIST = fileURLToPath(new URL("../../../web/dist/", import.meta.url));

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
};

const notBuilt = (dist: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Termline: the web UI is not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem}code{background:#f2f2f2;padding:0 .25rem}</style></head>
<body><h1>The web UI is not built yet</h1>
<p>No <code>index.html</code> in <code>${dist}</code>. Build it, then reload this page:</p>
<pre><code>npm run build -w @termline/web</code></pre>
<p>The API works meanwhile: <a href="/api/v1/docs">API reference</a>, <a href="/api/v1/health">health</a>.</p>
</body></html>`;

async function fileIn(dist: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const path = resolve(dist, `.${decoded}`);
  if (path !== dist && !path.startsWith(dist + sep)) return null;
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

async function send(c: Context, path: string, cache: string) {
  const headers = {
    "Content-Type": TYPES[extname(path)] ?? "application/octet-stream",
    "Cache-Control": cache,
    "X-Content-Type-Options": "nosniff",
  };
  if (c.req.method === "HEAD") return c.body(null, 200, headers);
  return c.body(new Uint8Array(await readFile(path)), 200, headers);
}

/**
 * Serves the built web UI (`web/dist`) from the same origin as the API. A file is served as is
 * (hashed assets cached for a year); any other non-API path gets index.html, so the UI's own
 * routes (`/timeline`, `/agreements/x`) survive a reload. Without a build, a page says how to
 * make one. Register it after the API routes.
 */
export function serveWeb(root: Hono, options: { dist?: string } = {}): void {
  const dist = resolve(options.dist ?? WEB_DIST);
  root.on(["GET", "HEAD"], "*", async (c, next) => {
    const urlPath = c.req.path;
    if (urlPath === "/api" || urlPath.startsWith("/api/")) return next();
    const file = urlPath === "/" ? null : await fileIn(dist, urlPath);
    if (file) {
      const immutable = urlPath.startsWith("/assets/");
      return send(c, file, immutable ? "public, max-age=31536000, immutable" : "no-cache");
    }
    if (extname(urlPath) !== "" && urlPath.startsWith("/assets/")) return next();
    const index = join(dist, "index.html");
    const built = await fileIn(dist, "/index.html");
    if (!built) return c.html(notBuilt(dist), 503, { "Cache-Control": "no-store" });
    return send(c, index, "no-cache");
  });
}
