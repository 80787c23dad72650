import { createRoute } from "@hono/zod-openapi";
import { type ConflictPeriod, conflictPeriods, todayIn } from "@termline/core";
import { requireKnownIds } from "../../services/catalog-reads.ts";
import { readConflicts } from "../../services/conflict-reads.ts";
import { loadPortfolio } from "../../services/portfolio.ts";
import type { Runtime } from "../../services/runtime.ts";
import { dateRange } from "../date-range.ts";
import { ConflictsQuery, ConflictsSchema } from "../entitlement-schemas.ts";
import { newRouter } from "../router.ts";
import { json, readProblems } from "../schemas.ts";

/** Where the terms contradict each other: surfaced for a person to resolve, never resolved here. */
export function conflictRoutes(runtime: Runtime) {
  return newRouter().openapi(
    createRoute({
      method: "get",
      path: "/conflicts",
      tags: ["Entitlements"],
      summary: "Every period in which terms contradict each other",
      description:
        "Every active product × provider, in `segment` or every segment, over `from`..`to` (both included): the periods whose decision is `conflict`, with the terms at odds, earliest first. With `limit`, the first of them.",
      request: { query: ConflictsQuery },
      responses: { 200: json(ConflictsSchema, "The conflict periods"), ...readProblems },
    }),
    async (c) => {
      const { segment, knownAt, reportedBy, limit, ...asked } = c.req.valid("query");
      const { from, to } = dateRange(asked, todayIn(runtime.clock()));
      const tenant = c.get("principal").tenant;
      const segmentId = [{ path: "segment", kind: "segments", id: segment }] as const;
      const answered = (conflicts: ConflictPeriod[], more: boolean) =>
        c.json({ from, to, conflicts, ...(limit === undefined ? {} : { more }) }, 200);
      if (!knownAt && !reportedBy) {
        const read = await readConflicts(runtime, tenant, { from, to, segment, limit });
        if (read.answer) return answered(read.answer.periods, read.answer.more);
        requireKnownIds(read.catalog, [...segmentId]);
      }
      const { agreements, catalog, names } = await loadPortfolio(runtime, tenant, {
        knownAt,
        reportedBy,
      });
      requireKnownIds(catalog, [...segmentId]);
      const conflicts = conflictPeriods(agreements, catalog, { from, to, segment }, names);
      const kept = limit === undefined ? conflicts : conflicts.slice(0, limit);
      return answered(kept, kept.length < conflicts.length);
    },
  );
}
