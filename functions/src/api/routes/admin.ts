import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError } from "@termline/core";
import { requireRole } from "../auth.ts";
import { newRouter } from "../router.ts";
import { json, problems } from "../schemas.ts";

export interface AdminOperations {
  /** Rebuilds one tenant's views: an admin acts on their own tenant only. */
  rebuild: (tenant: string) => Promise<{
    streams: number;
    events: number;
    failed: { agreementId: string; reason: string }[];
  }>;
  /** Runs the alert job now (it is idempotent); absent where no bus is wired. */
  runAlerts?:
    | ((
        tenant: string,
      ) => Promise<{ today: string; published: string[]; skipped: string[]; pending: string[] }>)
    | undefined;
}

const RebuildSchema = z.object({
  streams: z.number().int(),
  events: z.number().int(),
  complete: z.boolean().openapi({ description: "False when some view could not be written." }),
  failed: z.array(z.object({ agreementId: z.string(), reason: z.string() })).openapi({
    description: "Each stream whose view could not be written, and why; the others were rebuilt.",
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
export const adminRoutes = ({ rebuild, runAlerts }: AdminOperations) =>
  newRouter()
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
        summary: "Rebuild your tenant's views from its log",
        middleware: [requireRole("admin")] as const,
        responses: {
          200: json(RebuildSchema, "Rebuilt, or which views could not be"),
          ...problems,
        },
      }),
      async (c) => {
        const { streams, events, failed } = await rebuild(c.get("principal").tenant);
        const reported = failed.map(({ agreementId, reason }) => ({ agreementId, reason }));
        return c.json({ streams, events, complete: failed.length === 0, failed: reported }, 200);
      },
    );
