import { createRoute } from "@hono/zod-openapi";
import {
  availabilityWindows,
  type Catalog,
  type EntitlementCell,
  entitlementMatrix,
  evaluateEntitlement,
  todayIn,
  withoutReasons,
} from "@termline/core";
import {
  readAnswerAt,
  readAnswerKnownAt,
  readAvailability,
  readAvailabilityKnownAt,
} from "../../services/answer-reads.ts";
import { loadCatalog, requireKnownIds } from "../../services/catalog-reads.ts";
import { loadPortfolio, loadPortfolioFor } from "../../services/portfolio.ts";
import type { Runtime } from "../../services/runtime.ts";
import { readDecisionMatrix, readMatrix } from "../../services/segment-answers.ts";
import { dateRange } from "../date-range.ts";
import { AvailabilityQuery, AvailabilitySchema } from "../entitlement-schemas.ts";
import { newRouter } from "../router.ts";
import {
  EntitlementQuery,
  EntitlementSchema,
  json,
  MatrixQuery,
  MatrixSchema,
  readProblems,
} from "../schemas.ts";
import { matrixChangeRoutes } from "./matrix-changes.ts";

/** The ids a cell names, each checked against the tenant's catalog at its query parameter. */
const cellIds = ({ product, provider, segment }: EntitlementCell) => [
  { path: "product", kind: "products" as const, id: product },
  { path: "provider", kind: "providers" as const, id: provider },
  { path: "segment", kind: "segments" as const, id: segment },
];

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
        const tenant = c.get("principal").tenant;
        const cell = { product, provider, segment };
        // Today's catalog, read beside the model's answer: the evaluation below names by it.
        let today: Catalog | undefined;
        if (!knownAt && !reportedBy) {
          const { answer, catalog } = await readAnswerAt(runtime, tenant, cell, at);
          if (answer) return c.json(answer, 200);
          today = catalog;
        }
        if (knownAt && !reportedBy) {
          const { answer, catalog } = await readAnswerKnownAt(runtime, tenant, cell, at, knownAt);
          if (answer) return c.json(answer, 200);
          today = catalog;
        }
        // Ids are checked against today's catalog, whatever `knownAt` or `reportedBy`: an entry
        // the tenant has is asked about as known at any instant, and before it was recorded
        // nothing granted it (denied, as a workload's question answers).
        today ??= await loadCatalog(runtime, tenant);
        requireKnownIds(today, cellIds(cell));
        const { agreements, catalog, names } = await loadPortfolioFor(
          runtime,
          tenant,
          { knownAt, reportedBy },
          product,
          today,
        );
        return c.json(evaluateEntitlement(agreements, { ...cell, at }, catalog, names), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/entitlements/matrix",
        tags: ["Entitlements"],
        summary: "Every product × provider on a date",
        description:
          "Each cell's decision and certainty; with `reasons=true`, each cell's reasons too.",
        request: { query: MatrixQuery },
        responses: { 200: json(MatrixSchema, "The matrix"), ...readProblems },
      }),
      async (c) => {
        const query = c.req.valid("query");
        const { segment, at = todayIn(runtime.clock()), knownAt, reportedBy } = query;
        const withReasons = query.reasons === "true";
        const tenant = c.get("principal").tenant;
        const segmentId = [{ path: "segment", kind: "segments", id: segment }] as const;
        if (!knownAt && !reportedBy) {
          const read = withReasons ? readMatrix : readDecisionMatrix;
          const { catalog, matrix } = await read(runtime, tenant, segment, at);
          if (matrix) return c.json(matrix, 200);
          requireKnownIds(catalog ?? (await loadCatalog(runtime, tenant)), [...segmentId]);
        }
        const { agreements, catalog, names } = await loadPortfolio(runtime, tenant, {
          knownAt,
          reportedBy,
        });
        requireKnownIds(catalog, [...segmentId]);
        const matrix = entitlementMatrix(agreements, at, segment, catalog, names);
        return c.json(withReasons ? matrix : withoutReasons(matrix), 200);
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
        const tenant = c.get("principal").tenant;
        const cell = { product, provider, segment };
        let today: Catalog | undefined;
        if (!reportedBy) {
          const { answer: availability, catalog } = knownAt
            ? await readAvailabilityKnownAt(runtime, tenant, cell, { from, to }, knownAt)
            : await readAvailability(runtime, tenant, cell, { from, to });
          if (availability)
            return c.json({ ...cell, from, to, windows: availability.windows }, 200);
          today = catalog;
        }
        today ??= await loadCatalog(runtime, tenant);
        requireKnownIds(today, cellIds(cell)); // today's, as for an entitlement
        const { agreements, catalog, names } = await loadPortfolioFor(
          runtime,
          tenant,
          { knownAt, reportedBy },
          product,
          today,
        );
        const { windows } = availabilityWindows(agreements, catalog, { ...cell, from, to }, names);
        return c.json({ ...cell, from, to, windows }, 200);
      },
    )
    .route("/", matrixChangeRoutes(runtime));
}
