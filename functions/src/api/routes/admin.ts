import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError } from "@termline/core";
import type { AnswerSliceReport } from "../../projector/answer-slices.ts";
import { requireRole } from "../auth.ts";
import { newRouter } from "../router.ts";
import { json, problems } from "../schemas.ts";

export interface AdminOperations {
  /**
   * Rebuilds one tenant's views, for as long as one request may run, from `after` (the `next`
   * of the previous call): an admin acts on their own tenant only.
   */
  rebuild: (
    tenant: string,
    after: string | undefined,
  ) => Promise<{
    streams: number;
    events: number;
    failed: { agreementId: string; reason: string }[];
    next?: string | undefined;
    /** Streams earlier calls of the same rebuild could not write. */
    failedBefore?: number | undefined;
  }>;
  /**
   * Rewrites the tenant's answers, product by product after `after`, for as long as one request
   * may run; absent where the runtime offers no such upgrade.
   */
  refreshAnswers?:
    | ((tenant: string, after: string | undefined) => Promise<AnswerSliceReport>)
    | undefined;
  /** Runs the alert job now (it is idempotent); absent where no bus is wired. */
  runAlerts?:
    | ((
        tenant: string,
      ) => Promise<{ today: string; published: string[]; skipped: string[]; pending: string[] }>)
    | undefined;
}

const RebuildSchema = z.object({
  streams: z.number().int().openapi({ description: "Streams this call refolded." }),
  events: z.number().int().openapi({ description: "Events this call read to refold them." }),
  complete: z.boolean().openapi({
    description:
      "True once the whole tenant is rebuilt and no view failed; false: call again with `after` set to `next` if there is one, and see `failed`.",
  }),
  next: z.string().optional().openapi({
    description: "Where the rebuild goes on: the next call's `after`. Absent once it is done.",
  }),
  failed: z.array(z.object({ agreementId: z.string(), reason: z.string() })).openapi({
    description:
      "Each stream this call could not write a view for, and why; the others were rebuilt.",
  }),
  failedBefore: z.number().int().openapi({
    description:
      "Streams the earlier calls of this rebuild could not write, each listed in its own call's `failed`.",
  }),
});

const AnswerRefreshSchema = z.object({
  complete: z.boolean().openapi({
    description:
      "True once every product's answers are rewritten and marked current; false: call again with `after` set to `next`.",
  }),
  next: z.string().optional().openapi({
    description:
      "Where the next call starts, its `after`: the last product done, or `product/provider` part way through one.",
  }),
  products: z.number().int(),
  cells: z.number().int(),
  written: z.number().int().openapi({ description: "Cells whose items were written." }),
  tooLarge: z.array(z.string()).openapi({
    description: "Cells too large for the read model: their questions are answered by evaluation.",
  }),
});

const AlertRunSchema = z.object({
  today: z.string(),
  published: z.array(z.string()),
  skipped: z.array(z.string()),
  pending: z.array(z.string()),
});

/**
 * Operations for a tenant's admins, on that tenant only (platform-wide runs are operators'
 * commands: `npm run rebuild`, the scheduled alert job). They are injected by the runtime.
 */
export const adminRoutes = ({ rebuild, runAlerts, refreshAnswers }: AdminOperations) =>
  newRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/admin/answers/refresh",
        tags: ["Admin"],
        summary: "Rewrite your tenant's answers, in slices that each fit one request",
        description:
          "After a release that changes what answers say (DEPLOY.md): each call rewrites the answers of some products, in id order after `after`, for as long as one request may run, and says where to go on. Reads stay right meanwhile. Views are not rebuilt: that is `POST /admin/rebuild`.",
        middleware: [requireRole("admin")] as const,
        request: {
          query: z.object({
            after: z.string().min(1).max(200).optional().openapi({
              description: "The `next` of the previous call; omitted, the first product.",
            }),
          }),
        },
        responses: { 200: json(AnswerRefreshSchema, "What this slice rewrote"), ...problems },
      }),
      async (c) => {
        if (!refreshAnswers) throw new NotFoundError("Answers cannot be refreshed here.");
        const { after } = c.req.valid("query");
        const { complete, next, products, cells, written, tooLarge } = await refreshAnswers(
          c.get("principal").tenant,
          after,
        );
        return c.json(
          { complete, ...(next === undefined ? {} : { next }), products, cells, written, tooLarge },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/admin/alerts/run",
        tags: ["Admin"],
        summary: "Run the alert job for your tenant now: every alert due up to today, none twice",
        middleware: [requireRole("admin")] as const,
        responses: { 200: json(AlertRunSchema, "What the run published"), ...problems },
      }),
      async (c) => {
        if (!runAlerts)
          throw new NotFoundError("No event bus is wired here, so alerts cannot be run.");
        const { today, published, skipped, pending } = await runAlerts(c.get("principal").tenant);
        return c.json({ today, published, skipped, pending }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/admin/rebuild",
        tags: ["Admin"],
        summary: "Rebuild your tenant's views from its log, in slices that each fit one request",
        description:
          "After a release that changes how agreements are folded, or to repair (DEPLOY.md): the catalog, every agreement's views, the answers with what was known when, then the indexes. Each call goes on for as long as one request may run and says where to go on (`next`); call again with `after` set to it until there is none. Reads stay answered meanwhile: a view not yet rewritten is the one from before, and a question as known at an instant whose history is not yet written again is evaluated from the log.",
        middleware: [requireRole("admin")] as const,
        request: {
          query: z.object({
            after: z.string().min(1).max(2_000).optional().openapi({
              description: "The `next` of the previous call; omitted, the rebuild starts over.",
            }),
          }),
        },
        responses: {
          200: json(RebuildSchema, "Rebuilt, or which views could not be"),
          ...problems,
        },
      }),
      async (c) => {
        const { after } = c.req.valid("query");
        const rebuilt = await rebuild(c.get("principal").tenant, after);
        const { streams, events, failed, next, failedBefore = 0 } = rebuilt;
        const reported = failed.map(({ agreementId, reason }) => ({ agreementId, reason }));
        const complete = failed.length === 0 && failedBefore === 0 && next === undefined;
        const going = next === undefined ? {} : { next };
        return c.json({ streams, events, complete, ...going, failed: reported, failedBefore }, 200);
      },
    );
