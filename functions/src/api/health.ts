import { createRoute, z } from "@hono/zod-openapi";
import { problems } from "./responses.ts";

/** Health answers before any route group is built, so it is the app's own route. */
export const healthRoute = createRoute({
  method: "get",
  path: "/health",
  tags: ["Health"],
  summary: "Whether the API can serve reads and writes",
  security: [],
  responses: {
    200: {
      content: { "application/json": { schema: z.object({ status: z.literal("ok") }) } },
      description: "Ready",
    },
    404: problems[404],
  },
});
