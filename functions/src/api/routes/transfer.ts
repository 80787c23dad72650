import { createRoute, z } from "@hono/zod-openapi";
import { importFormatJsonSchema } from "@termline/core";
import type { Runtime } from "../../services/runtime.ts";
import { exportTenant, importDocument } from "../../services/transfer.ts";
import { actorOf } from "../actor.ts";
import { requireRole } from "../auth.ts";
import { IMPORT_FORMAT_PATH } from "../paths.ts";
import { newRouter } from "../router.ts";
import { AnswersState, json, problems } from "../schemas.ts";

const DocumentSchema = z
  .object({
    format: z.literal("termline-export"),
    version: z.literal(1),
    exportedAt: z.string().optional(),
    catalog: z.array(z.record(z.string(), z.unknown())),
    agreements: z.array(
      z.object({ id: z.string(), events: z.array(z.record(z.string(), z.unknown())) }),
    ),
    workloads: z.array(z.record(z.string(), z.unknown())),
  })
  .openapi("ExportDocument", {
    description: `The whole tenant. Its full JSON Schema is served at /api/v1${IMPORT_FORMAT_PATH}.`,
  });

const ImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    catalog: z.object({ written: z.number().int(), unchanged: z.number().int() }),
    agreements: z.array(
      z.object({
        id: z.string(),
        outcome: z.enum(["created", "appended", "unchanged"]),
        written: z.number().int(),
        version: z.number().int(),
      }),
    ),
    workloads: z.array(
      z.object({ id: z.string(), outcome: z.enum(["created", "replaced", "unchanged"]) }),
    ),
    answers: AnswersState.optional(),
  })
  .openapi("ImportReport");

/** Moving a tenant in and out: admins only, since an export holds everything and an import writes everywhere. */
export function transferRoutes(runtime: Runtime) {
  const schema = importFormatJsonSchema();
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: IMPORT_FORMAT_PATH,
        tags: ["Import and export"],
        summary: "The import and export format as a JSON Schema",
        security: [],
        responses: {
          200: json(z.record(z.string(), z.unknown()), "JSON Schema 2020-12"),
          404: problems[404],
        },
      }),
      (c) => c.json(schema, 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/export",
        tags: ["Import and export"],
        summary: "The whole tenant as one document: catalog, agreements with their logs, workloads",
        middleware: [requireRole("admin")] as const,
        responses: { 200: json(DocumentSchema, "The tenant"), ...problems },
      }),
      async (c) => {
        const document = await exportTenant(runtime, c.get("principal").tenant);
        return c.json(document as z.infer<typeof DocumentSchema>, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/import",
        tags: ["Import and export"],
        summary: "Take a document into the tenant through the same deciders as any change",
        description:
          "Everything is decided before anything is written: one bad event writes nothing. Each agreement is written atomically (up to 98 new events; longer histories in order, and importing again resumes). Importing the same document twice writes nothing the second time.",
        middleware: [requireRole("admin")] as const,
        request: {
          query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
          body: { content: { "application/json": { schema: DocumentSchema } }, required: true },
        },
        responses: {
          200: json(ImportReportSchema, "What was (or, in a dry run, would be) written"),
          ...problems,
        },
      }),
      async (c) => {
        const dryRun = c.req.valid("query").dryRun === "true";
        const actor = actorOf(c);
        const report = await importDocument(runtime, actor, await c.req.json(), { dryRun });
        return c.json(report, 200);
      },
    );
}
