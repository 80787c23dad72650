import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { healthRoute } from "./health.ts";
import { nameOperations } from "./operation-ids.ts";
import { BASE_PATH } from "./paths.ts";

/**
 * What the OpenAPI document is generated from: the health route and every route group, in
 * ROUTE_GROUPS' order, registered as the app registered them when it mounted every group at
 * import, so the document is the same whichever groups requests have built since.
 */
// biome-ignore lint/suspicious/noExplicitAny: only the groups' registries are read
export function documentedApi(groups: OpenAPIHono<any, any, any>[]): OpenAPIHono {
  const described = new OpenAPIHono().basePath(BASE_PATH);
  described.openAPIRegistry.registerPath(healthRoute);
  for (const group of groups) described.route("/", group);
  described.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
  });
  nameOperations(described);
  return described;
}

/** The document's own fields; the deployment that serves it is the one it describes. */
export const documentConfig = (c: Context) => ({
  openapi: "3.1.0",
  info: {
    title: "Termline API",
    version: "1",
    description:
      "What contracts between companies allow, at any date. Every request but health, this document and the import format's schema needs `Authorization: Bearer <token>`.",
    license: { name: "Proprietary: Termline", identifier: "LicenseRef-Termline-Proprietary" },
  },
  servers: [{ url: new URL(c.req.url).origin, description: "This deployment" }],
  security: [{ bearer: [] }],
});
