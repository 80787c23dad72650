import { createRoute, z } from "@hono/zod-openapi";
import { entitlementMatrix, evaluateEntitlement, Segment, todayIn } from "@termline/core";
import { loadAgreements } from "../../services/agreements.ts";
import type { Runtime } from "../../services/runtime.ts";
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
        } = c.req.valid("query");
        const agreements = await loadAgreements(runtime, c.get("principal").tenant, knownAt);
        return c.json(evaluateEntitlement(agreements, { product, provider, segment, at }), 200);
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
        const { segment, at = todayIn(runtime.clock()), knownAt } = c.req.valid("query");
        const agreements = await loadAgreements(runtime, c.get("principal").tenant, knownAt);
        return c.json(entitlementMatrix(agreements, at, segment), 200);
      },
    );
}
