import type { Hono } from "hono";
import type { AppType } from "../api/app.ts";

/**
 * Serves the API under `root` (the local server, the web tests) through the app's own `fetch`,
 * as the Lambda does: the app mounts its route groups on first use (api/lazy-routes.ts), so
 * copying its routes with `root.route()` would copy only those built so far.
 */
export function mountApi(root: Hono, app: AppType): void {
  root.all("/api/*", (c) => app.fetch(c.req.raw, c.env));
}
