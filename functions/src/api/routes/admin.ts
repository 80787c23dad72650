import { createRoute, z } from "@hono/zod-openapi";
import { requireRole } from "../auth.ts";
import { newRouter } from "../router.ts";
import { json, problems } from "../schemas.ts";

/** Operations for admins. The rebuild is injected: it replays every tenant's log, so it is the runtime's to run. */
export const adminRoutes = (rebuild: () => Promise<{ streams: number; events: number }>) =>
  newRouter().openapi(
    createRoute({
      method: "post",
      path: "/admin/rebuild",
      tags: ["Admin"],
      summary: "Rebuild every projection from the log",
      middleware: [requireRole("admin")] as const,
      responses: {
        200: json(z.object({ streams: z.number().int(), events: z.number().int() }), "Rebuilt"),
        ...problems,
      },
    }),
    async (c) => c.json(await rebuild(), 200),
  );
