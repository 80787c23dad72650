import { createRoute } from "@hono/zod-openapi";
import { matrixChangesOf, todayIn } from "@termline/core";
import { requireKnownIds } from "../../services/catalog-reads.ts";
import { readMatrixChanges } from "../../services/matrix-changes.ts";
import { loadPortfolio } from "../../services/portfolio.ts";
import type { Runtime } from "../../services/runtime.ts";
import { dateRange } from "../date-range.ts";
import { MatrixChangesQuery, MatrixChangesSchema } from "../entitlement-schemas.ts";
import { newRouter } from "../router.ts";
import { json, readProblems } from "../schemas.ts";

/** The days a segment's matrix changes: what its date control snaps to, and why. */
export function matrixChangeRoutes(runtime: Runtime) {
  return newRouter().openapi(
    createRoute({
      method: "get",
      path: "/entitlements/changes",
      tags: ["Entitlements"],
      summary: "Every day the matrix changes, and which cells",
      description:
        "Over `from`..`to` (both included), each day on which some active product × provider's decision or certainty in `segment` differs from the day before's, with those cells' answers before and after.",
      request: { query: MatrixChangesQuery },
      responses: { 200: json(MatrixChangesSchema, "The days and their cells"), ...readProblems },
    }),
    async (c) => {
      const { segment, knownAt, reportedBy, ...asked } = c.req.valid("query");
      const range = dateRange(asked, todayIn(runtime.clock()));
      const tenant = c.get("principal").tenant;
      const segmentId = [{ path: "segment", kind: "segments", id: segment }] as const;
      if (!knownAt && !reportedBy) {
        const { changes, catalog } = await readMatrixChanges(runtime, tenant, segment, range);
        if (changes) return c.json({ segment, ...range, changes }, 200);
        if (catalog) requireKnownIds(catalog, [...segmentId]);
      }
      const { agreements, catalog, names } = await loadPortfolio(runtime, tenant, {
        knownAt,
        reportedBy,
      });
      requireKnownIds(catalog, [...segmentId]);
      const changes = matrixChangesOf(agreements, catalog, segment, range, names);
      return c.json({ segment, ...range, changes }, 200);
    },
  );
}
