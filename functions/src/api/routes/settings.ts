import { createRoute, z } from "@hono/zod-openapi";
import type { Runtime } from "../../services/runtime.ts";
import { saveSourcePolicy, sourcePolicyOf } from "../../services/settings.ts";
import { requireRole } from "../auth.ts";
import { newRouter } from "../router.ts";
import { json, problems, readProblems } from "../schemas.ts";

const SourcePolicySchema = z
  .object({
    requireSources: z.boolean().openapi({
      description: "Refuse (422 at `events.N.sources`) any recorded change that cites no source.",
    }),
  })
  .strict()
  .openapi("SourcePolicy");

/** The tenant's evidence policy: a team that records from documents can insist every change cites one. */
export function settingsRoutes(runtime: Runtime) {
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/settings/source-policy",
        tags: ["Settings"],
        summary: "Whether every recorded change must cite a source",
        responses: { 200: json(SourcePolicySchema, "The policy"), ...readProblems },
      }),
      async (c) => c.json(await sourcePolicyOf(runtime, c.get("principal").tenant), 200),
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/settings/source-policy",
        tags: ["Settings"],
        summary: "Require (or stop requiring) a source on every recorded change",
        middleware: [requireRole("admin")] as const,
        request: {
          body: { content: { "application/json": { schema: SourcePolicySchema } }, required: true },
        },
        responses: { 200: json(SourcePolicySchema, "Saved"), ...problems },
      }),
      async (c) => {
        const policy = c.req.valid("json");
        await saveSourcePolicy(runtime, c.get("principal").tenant, policy);
        return c.json(policy, 200);
      },
    );
}
