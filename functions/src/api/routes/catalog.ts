import { createRoute, z } from "@hono/zod-openapi";
import { parties, productClasses, products, providers } from "@termline/core";
import { newRouter } from "../router.ts";
import { json, readProblems } from "../schemas.ts";

const CatalogSchema = z
  .object({
    parties: z.array(z.object({ id: z.string(), name: z.string() })),
    providers: z.array(
      z.object({ id: z.string(), name: z.string(), party: z.string(), channel: z.string() }),
    ),
    products: z.array(
      z.object({ id: z.string(), name: z.string(), class: z.string(), owner: z.string() }),
    ),
    productClasses: z.array(z.object({ id: z.string(), name: z.string() })),
    segments: z.array(z.string()),
  })
  .openapi("Catalog");

export const catalogRoutes = () =>
  newRouter().openapi(
    createRoute({
      method: "get",
      path: "/catalog",
      tags: ["Catalog"],
      summary: "Parties, providers, products and classes",
      responses: { 200: json(CatalogSchema, "The catalog"), ...readProblems },
    }),
    (c) =>
      c.json(
        {
          parties: [...parties],
          providers: [...providers],
          products: [...products],
          productClasses: [...productClasses],
          segments: ["commercial", "government"],
        },
        200,
      ),
  );
