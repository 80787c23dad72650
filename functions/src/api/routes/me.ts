import { createRoute, z } from "@hono/zod-openapi";
import { newRouter } from "../router.ts";
import { json, readProblems } from "../schemas.ts";

const MeSchema = z
  .object({ tenant: z.string(), role: z.enum(["viewer", "editor", "admin"]), name: z.string() })
  .openapi("Me");

/** Who the token says the caller is: the web UI shows it and hides what the role cannot do. */
export const meRoutes = () =>
  newRouter().openapi(
    createRoute({
      method: "get",
      path: "/me",
      tags: ["Catalog"],
      summary: "The caller's tenant, role and name",
      responses: { 200: json(MeSchema, "The caller"), ...readProblems },
    }),
    (c) => c.json(c.get("principal"), 200),
  );
