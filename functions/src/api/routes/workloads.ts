import { createRoute, z } from "@hono/zod-openapi";
import {
  active,
  type Catalog,
  DEFAULT_SEGMENT,
  type Entitlement,
  evaluateEntitlement,
  todayIn,
  ValidationError,
} from "@termline/core";
import { loadPortfolioFor } from "../../services/portfolio.ts";
import type { Runtime } from "../../services/runtime.ts";
import { readProductAnswers } from "../../services/segment-answers.ts";
import {
  createWorkload,
  deleteWorkload,
  getWorkload,
  listWorkloads,
  replaceWorkload,
  WorkloadInput,
} from "../../services/workloads.ts";
import { newRouter } from "../router.ts";
import {
  AtQuery,
  CertaintySchema,
  DecisionSchema,
  json,
  problems,
  ReasonSchema,
  readProblems,
} from "../schemas.ts";

const WorkloadSchema = WorkloadInput.extend({ id: z.string() });
const WorkloadBody = WorkloadInput;
const Params = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "id", in: "path" } }),
});
const body = { content: { "application/json": { schema: WorkloadBody } }, required: true };

export function workloadRoutes(runtime: Runtime) {
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/workloads",
        tags: ["Workloads"],
        summary: "List workloads",
        responses: {
          200: json(z.object({ workloads: z.array(WorkloadSchema) }), "Workloads"),
          ...readProblems,
        },
      }),
      async (c) =>
        c.json({ workloads: await listWorkloads(runtime, c.get("principal").tenant) }, 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/workloads",
        tags: ["Workloads"],
        summary: "Create a workload",
        request: { body },
        responses: { 201: json(WorkloadSchema, "Created"), ...problems },
      }),
      async (c) =>
        c.json(await createWorkload(runtime, c.get("principal").tenant, c.req.valid("json")), 201),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/workloads/{id}",
        tags: ["Workloads"],
        summary: "A workload",
        request: { params: Params },
        responses: { 200: json(WorkloadSchema, "The workload"), ...readProblems },
      }),
      async (c) =>
        c.json(await getWorkload(runtime, c.get("principal").tenant, c.req.valid("param").id), 200),
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/workloads/{id}",
        tags: ["Workloads"],
        summary: "Replace a workload",
        request: { params: Params, body },
        responses: { 200: json(WorkloadSchema, "Replaced"), ...problems },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const input = c.req.valid("json");
        if (input.id && input.id !== id)
          throw new ValidationError(`the body's id "${input.id}" differs from the path's "${id}"`, {
            errors: [{ path: "id", message: "must match the path" }],
          });
        return c.json(await replaceWorkload(runtime, c.get("principal").tenant, id, input), 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/workloads/{id}",
        tags: ["Workloads"],
        summary: "Delete a workload",
        request: { params: Params },
        responses: { 204: { description: "Deleted" }, ...problems },
      }),
      async (c) => {
        await deleteWorkload(runtime, c.get("principal").tenant, c.req.valid("param").id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/workloads/{id}/entitlements",
        tags: ["Workloads"],
        summary: "Which providers may serve this workload, and why",
        request: { params: Params, query: z.object(AtQuery) },
        responses: {
          200: json(
            z.object({
              workload: WorkloadSchema,
              at: z.string(),
              providers: z.array(
                z.object({
                  provider: z.string(),
                  decision: DecisionSchema,
                  certainty: CertaintySchema,
                  reasons: z.array(ReasonSchema),
                }),
              ),
            }),
            "Per provider",
          ),
          ...readProblems,
        },
      }),
      async (c) => {
        const { tenant } = c.get("principal");
        const workload = await getWorkload(runtime, tenant, c.req.valid("param").id);
        const { at = todayIn(runtime.clock()), ...asOf } = c.req.valid("query");
        const { product, providers } = workload;
        const segment = workload.segment ?? DEFAULT_SEGMENT;
        const perProvider = ({ provider, decision, certainty, reasons }: Entitlement) => ({
          provider,
          decision,
          certainty,
          reasons,
        });
        let today: Catalog | undefined;
        if (!asOf.knownAt && !asOf.reportedBy) {
          const asked = { product, segment, providers };
          const { answer, catalog } = await readProductAnswers(runtime, tenant, asked, at);
          if (answer) return c.json({ workload, at, providers: answer.map(perProvider) }, 200);
          today = catalog;
        }
        const { agreements, catalog, names } = await loadPortfolioFor(
          runtime,
          tenant,
          asOf,
          product,
          today,
        );
        const candidates = providers ?? active(catalog.providers).map(({ id }) => id);
        const results = candidates.map((provider) =>
          perProvider(
            evaluateEntitlement(agreements, { product, provider, segment, at }, catalog, names),
          ),
        );
        return c.json({ workload, at, providers: results }, 200);
      },
    );
}
