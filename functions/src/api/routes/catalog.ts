import { createRoute, z } from "@hono/zod-openapi";
import {
  addedTypeOf,
  CalendarDate,
  CatalogId,
  type CatalogKind,
  Channel,
  FuzzyDate,
  idFieldOf,
} from "@termline/core";
import { answersField } from "../../services/answers.ts";
import { changeCatalog } from "../../services/catalog.ts";
import { catalogLog, loadCatalog, requireEntry } from "../../services/catalog-reads.ts";
import type { Runtime } from "../../services/runtime.ts";
import { actorOf } from "../actor.ts";
import { requireRole } from "../auth.ts";
import { newRouter } from "../router.ts";
import {
  AnswersState,
  Instant,
  json,
  problems,
  readProblems,
  StoredEventSchema,
} from "../schemas.ts";

const Name = z.string().trim().min(1).max(200);
const retired = z
  .boolean()
  .optional()
  .openapi({ description: "Retired: kept for history, out of pickers and the matrix." });
const Entry = z.object({ id: z.string(), name: z.string(), retired });
const ProviderEntry = Entry.extend({ party: z.string(), channel: Channel });
const ProductEntry = Entry.extend({
  class: z.string(),
  owner: z.string(),
  availableFrom: z
    .string()
    .optional()
    .openapi({ description: "Launch date: YYYY, YYYY-MM or YYYY-MM-DD." }),
  availableBy: z.string().optional().openapi({
    description:
      "Available on or before this day (YYYY-MM-DD), its launch unreported. A product has this or availableFrom, never both.",
  }),
});
/** An entry as a write left it, with where the answers it moves stand. */
const WrittenEntry = Entry.extend({ answers: AnswersState.optional() }).loose();

const CatalogSchema = z
  .object({
    version: z.number().int(),
    parties: z.array(Entry),
    providers: z.array(ProviderEntry),
    products: z.array(ProductEntry),
    productClasses: z.array(Entry),
    segments: z.array(Entry),
  })
  .openapi("Catalog");

/** What a person sends to add an entry of each kind: the entry itself, named by `id`. */
const addBodies = {
  parties: z.object({ id: CatalogId, name: Name }).strict().openapi("NewParty"),
  providers: z
    .object({ id: CatalogId, name: Name, party: CatalogId, channel: Channel })
    .strict()
    .openapi("NewProvider"),
  products: z
    .object({
      id: CatalogId,
      name: Name,
      class: CatalogId,
      owner: CatalogId,
      availableFrom: FuzzyDate.optional(),
      availableBy: CalendarDate.optional(),
    })
    .strict()
    .openapi("NewProduct"),
  "product-classes": z.object({ id: CatalogId, name: Name }).strict().openapi("NewProductClass"),
  segments: z.object({ id: CatalogId, name: Name }).strict().openapi("NewSegment"),
} as const satisfies Record<CatalogKind, z.ZodType>;

const ChangeBody = z
  .object({
    name: Name.optional(),
    availableFrom: FuzzyDate.nullable()
      .optional()
      .openapi({ description: "Products only; null removes it." }),
    availableBy: CalendarDate.nullable()
      .optional()
      .openapi({ description: "Products only: available on or before this day; null removes it." }),
    retired: z.boolean().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: "change at least one of name, availableFrom, availableBy, retired",
  })
  .openapi("CatalogEntryChange");

/** Errors point at the body's own fields: the event's `party` of a new party is the body's `id`. */
const bodyPath = (kind: CatalogKind) => (path: string) =>
  path === `0.${idFieldOf[kind]}` ? "id" : path.replace(/^0\./, "");

function renamePaths(kind: CatalogKind, error: unknown): never {
  const problem = error as { errors?: { path: string }[] };
  for (const item of problem.errors ?? []) item.path = bodyPath(kind)(item.path);
  throw error;
}

function addRoute(runtime: Runtime, kind: CatalogKind) {
  const schema = addBodies[kind];
  return newRouter().openapi(
    createRoute({
      method: "post",
      path: `/catalog/${kind}`,
      tags: ["Catalog"],
      summary: `Add a ${kind === "product-classes" ? "product class" : kind.replace(/ies$/, "y").replace(/s$/, "")}`,
      middleware: [requireRole("editor")] as const,
      request: { body: { content: { "application/json": { schema } }, required: true } },
      responses: { 201: json(WrittenEntry, "Added"), ...problems },
    }),
    async (c) => {
      const { id, ...fields } = c.req.valid("json") as { id: string } & Record<string, unknown>;
      const event = { type: addedTypeOf[kind], [idFieldOf[kind]]: id, ...fields };
      const change = await changeCatalog(runtime, actorOf(c), [event]).catch((error) =>
        renamePaths(kind, error),
      );
      return c.json({ ...requireEntry(change.catalog, kind, id), ...answersField(change) }, 201);
    },
  );
}

const ChangeParams = z.object({
  kind: z
    .enum(["parties", "providers", "products", "product-classes", "segments"])
    .openapi({ param: { name: "kind", in: "path" } }),
  id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "id", in: "path" } }),
});

export function catalogRoutes(runtime: Runtime) {
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/catalog",
        tags: ["Catalog"],
        summary: "The tenant's parties, providers, products, classes and segments",
        request: {
          query: z.object({
            knownAt: Instant.optional().openapi({
              description: "The catalog as it had been recorded by this instant.",
            }),
          }),
        },
        responses: { 200: json(CatalogSchema, "The catalog"), ...readProblems },
      }),
      async (c) => {
        const { knownAt } = c.req.valid("query");
        const { latestRecordedAt: _, ...catalog } = await loadCatalog(
          runtime,
          c.get("principal").tenant,
          knownAt,
        );
        return c.json(catalog, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/catalog/events",
        tags: ["Catalog"],
        summary: "The catalog's audit trail, oldest first",
        responses: {
          200: json(z.object({ events: z.array(StoredEventSchema) }), "Its events"),
          ...readProblems,
        },
      }),
      async (c) => {
        const events = await catalogLog(runtime, c.get("principal").tenant);
        return c.json(
          { events: events.map(({ tenant: _t, agreementId: _a, ...event }) => event) },
          200,
        );
      },
    )
    .route("/", addRoute(runtime, "parties"))
    .route("/", addRoute(runtime, "providers"))
    .route("/", addRoute(runtime, "products"))
    .route("/", addRoute(runtime, "product-classes"))
    .route("/", addRoute(runtime, "segments"))
    .openapi(
      createRoute({
        method: "patch",
        path: "/catalog/{kind}/{id}",
        tags: ["Catalog"],
        summary: "Rename an entry, change a product's launch date, or retire an entry",
        description:
          "Entries are never deleted: terms may name them. A retired entry leaves the pickers and the matrix.",
        middleware: [requireRole("editor")] as const,
        request: {
          params: ChangeParams,
          body: { content: { "application/json": { schema: ChangeBody } }, required: true },
        },
        responses: { 200: json(WrittenEntry, "Changed"), ...problems },
      }),
      async (c) => {
        const { kind, id } = c.req.valid("param");
        const body = c.req.valid("json");
        const actor = actorOf(c);
        requireEntry(await loadCatalog(runtime, actor.tenant), kind, id);
        const event = { type: "CatalogEntryChanged", kind, entry: id, ...body };
        const change = await changeCatalog(runtime, actor, [event]).catch((error) =>
          renamePaths(kind, error),
        );
        return c.json({ ...requireEntry(change.catalog, kind, id), ...answersField(change) }, 200);
      },
    );
}
