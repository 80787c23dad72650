import { createRoute, z } from "@hono/zod-openapi";
import {
  availabilityWindows,
  entitlementMatrix,
  evaluateEntitlement,
  Segment,
  todayIn,
} from "@termline/core";
import { requireKnownIds } from "../../services/catalog.ts";
import { loadPortfolio } from "../../services/portfolio.ts";
import type { Runtime } from "../../services/runtime.ts";
import { dateRange } from "../date-range.ts";
import { AvailabilityQuery, AvailabilitySchema } from "../entitlement-schemas.ts";
import { newRouter } from "../router.ts";
import {
  AtQuery,
  EntitlementQuery,
  EntitlementSchema,
  json,
  MatrixSchema,
  readProblems,
} from "../schemas.ts";

export function entitlementRoutes(runtime: Runtime) {
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/entitlements",
        tags: ["Entitlements"],
        summary: "May this provider serve this product on this date?",
        request: { query: EntitlementQuery },
        responses: {
          200: json(EntitlementSchema, "The decision and its reasons"),
          ...readProblems,
        },
      }),
      async (c) => {
        const {
          product,
          provider,
          segment,
          at = todayIn(runtime.clock()),
          knownAt,
          reportedBy,
        } = c.req.valid("query");
        const { agreements, catalog, names } = await loadPortfolio(
          runtime,
          c.get("principal").tenant,
          { knownAt, reportedBy },
        );
        requireKnownIds(catalog, [
          { path: "product", kind: "products", id: product },
          { path: "provider", kind: "providers", id: provider },
          { path: "segment", kind: "segments", id: segment },
        ]);
        const query = { product, provider, segment, at };
        return c.json(evaluateEntitlement(agreements, query, catalog, names), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/entitlements/matrix",
        tags: ["Entitlements"],
        summary: "Every product × provider on a date",
        request: { query: z.object({ segment: Segment.default("commercial"), ...AtQuery }) },
        responses: { 200: json(MatrixSchema, "The matrix"), ...readProblems },
      }),
      async (c) => {
        const {
          segment,
          at = todayIn(runtime.clock()),
          knownAt,
          reportedBy,
        } = c.req.valid("query");
        const { agreements, catalog } = await loadPortfolio(runtime, c.get("principal").tenant, {
          knownAt,
          reportedBy,
        });
        requireKnownIds(catalog, [{ path: "segment", kind: "segments", id: segment }]);
        return c.json(entitlementMatrix(agreements, at, segment, catalog), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/entitlements/availability",
        tags: ["Entitlements"],
        summary: "From when, and until when, may this provider serve this product?",
        description:
          "The decision over `from`..`to` (both included) as windows; consecutive days with the same decision are one window. The windows tile the range.",
        request: { query: AvailabilityQuery },
        responses: {
          200: json(AvailabilitySchema, "The windows and their reasons"),
          ...readProblems,
        },
      }),
      async (c) => {
        const { product, provider, segment, knownAt, reportedBy, ...asked } = c.req.valid("query");
        const { from, to } = dateRange(asked, todayIn(runtime.clock()));
        const { agreements, catalog, names } = await loadPortfolio(
          runtime,
          c.get("principal").tenant,
          { knownAt, reportedBy },
        );
        requireKnownIds(catalog, [
          { path: "product", kind: "products", id: product },
          { path: "provider", kind: "providers", id: provider },
          { path: "segment", kind: "segments", id: segment },
        ]);
        const query = { product, provider, segment, from, to };
        const { windows } = availabilityWindows(agreements, catalog, query, names);
        return c.json({ product, provider, segment, from, to, windows }, 200);
      },
    );
}
