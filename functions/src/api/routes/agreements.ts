import { createRoute, z } from "@hono/zod-openapi";
import {
  agreementAt,
  agreementSummary,
  EventInput,
  namesIn,
  RecordAgreementCommand,
  todayIn,
} from "@termline/core";
import { agreementPage } from "../../services/agreement-pages.ts";
import {
  appendEvents,
  listAgreements,
  loadAgreement,
  loadAgreements,
  readEvents,
  recordAgreement,
} from "../../services/agreements.ts";
import { loadCatalog } from "../../services/catalog.ts";
import { effectsOf } from "../../services/effects.ts";
import { loadPortfolio } from "../../services/portfolio.ts";
import type { Runtime } from "../../services/runtime.ts";
import { actorOf } from "../actor.ts";
import { requireRole } from "../auth.ts";
import { idempotencyOf } from "../idempotency.ts";
import { newRouter } from "../router.ts";
import {
  AgreementDetailSchema,
  AgreementParams,
  AgreementSummarySchema,
  AtQuery,
  json,
  pageQuery,
  problems,
  readProblems,
  StoredEventSchema,
} from "../schemas.ts";

const IdempotencyHeader = z.object({
  "idempotency-key": z.string().min(1).max(200).optional().openapi({
    description: "Retry safely: the same key and body return the first response and write nothing.",
  }),
});

const AppendBody = z
  .object({
    expectedVersion: z
      .number()
      .int()
      .min(0)
      .openapi({ description: "The version you last saw; 409 if the agreement moved on." }),
    events: z.array(EventInput).min(1).max(50),
  })
  .strict()
  .openapi("AppendEvents");

const CommitResponse = z.object({
  version: z.number().int(),
  events: z.array(z.object({ id: z.string(), version: z.number().int() })),
});

const AgreementsQuery = z.object({
  ...AtQuery,
  ...pageQuery("agreements", "Pages follow the agreements' ids."),
});

export function agreementRoutes(runtime: Runtime) {
  const today = () => todayIn(runtime.clock());
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/agreements",
        tags: ["Agreements"],
        summary: "List agreements",
        request: { query: AgreementsQuery },
        responses: {
          200: json(
            z.object({
              agreements: z.array(AgreementSummarySchema),
              next: z.string().optional().openapi({
                description:
                  "Present when `limit` left agreements out: the `cursor` of the next page.",
              }),
            }),
            "The tenant's agreements",
          ),
          ...readProblems,
        },
      }),
      async (c) => {
        const { at = today(), limit, cursor, ...asOf } = c.req.valid("query");
        const tenant = c.get("principal").tenant;
        const page =
          limit === undefined
            ? { agreements: await listAgreements(runtime, tenant, asOf) }
            : await agreementPage(runtime, tenant, { ...asOf, limit, cursor });
        const agreements = page.agreements.map((state) => agreementSummary(state, at));
        return c.json(
          page.next === undefined ? { agreements } : { agreements, next: page.next },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/agreements",
        tags: ["Agreements"],
        summary: "Record an agreement",
        middleware: [requireRole("editor")] as const,
        request: {
          headers: IdempotencyHeader,
          body: {
            content: { "application/json": { schema: RecordAgreementCommand } },
            required: true,
          },
        },
        responses: {
          201: json(z.object({ id: z.string(), version: z.number().int() }), "Recorded"),
          ...problems,
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const idempotency = idempotencyOf(c, body);
        const outcome = await recordAgreement(runtime, actorOf(c), body, idempotency);
        return c.json({ id: outcome.id, version: outcome.version }, 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/agreement-details",
        tags: ["Agreements"],
        summary: "Every agreement's terms as of a date",
        description:
          "What `GET /agreements/{id}` answers, for every agreement at once, in id order: one request for a screen that draws them all (the timeline, the home page's open disputes and questions), one read of the tenant's snapshots.",
        request: { query: z.object(AtQuery) },
        responses: {
          200: json(
            z.object({ agreements: z.array(AgreementDetailSchema) }),
            "Every agreement as of `at`, as known at `knownAt`",
          ),
          ...readProblems,
        },
      }),
      async (c) => {
        const { at = today(), ...asOf } = c.req.valid("query");
        const tenant = c.get("principal").tenant;
        const [states, catalog] = await Promise.all([
          loadAgreements(runtime, tenant, asOf),
          loadCatalog(runtime, tenant, asOf.knownAt),
        ]);
        const names = namesIn(catalog);
        const agreements = states
          .filter(({ exists }) => exists)
          .map((state) => agreementAt(state, at, names));
        return c.json({ agreements }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/agreements/{id}",
        tags: ["Agreements"],
        summary: "An agreement's terms as of a date",
        request: { params: AgreementParams, query: z.object(AtQuery) },
        responses: {
          200: json(AgreementDetailSchema, "The agreement as of `at`, as known at `knownAt`"),
          ...readProblems,
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const { at = today(), ...asOf } = c.req.valid("query");
        const tenant = c.get("principal").tenant;
        const [state, catalog] = await Promise.all([
          loadAgreement(runtime, tenant, id, asOf),
          loadCatalog(runtime, tenant, asOf.knownAt),
        ]);
        return c.json(agreementAt(state, at, namesIn(catalog)), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/agreements/{id}/events",
        tags: ["Agreements"],
        summary: "An agreement's log, oldest first",
        request: {
          params: AgreementParams,
          query: z.object({
            after: z.coerce.number().int().min(0).optional(),
            limit: z.coerce.number().int().min(1).max(500).optional(),
          }),
        },
        responses: {
          200: json(z.object({ events: z.array(StoredEventSchema) }), "The events"),
          ...readProblems,
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const events = await readEvents(
          runtime,
          c.get("principal").tenant,
          id,
          c.req.valid("query"),
        );
        return c.json(
          {
            events: events.map(({ tenant: _tenant, agreementId: _agreementId, ...event }) => event),
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/agreements/{id}/events",
        tags: ["Agreements"],
        summary: "Append events atomically",
        middleware: [requireRole("editor")] as const,
        request: {
          params: AgreementParams,
          headers: IdempotencyHeader,
          query: z.object({ dryRun: z.enum(["true", "false"]).optional() }),
          body: { content: { "application/json": { schema: AppendBody } }, required: true },
        },
        responses: {
          201: json(CommitResponse, "Appended"),
          200: json(
            CommitResponse.extend({ effects: z.unknown() }),
            "Dry run: what the change would do",
          ),
          ...problems,
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const body = c.req.valid("json");
        const dryRun = c.req.valid("query").dryRun === "true";
        const outcome = await appendEvents(
          runtime,
          actorOf(c),
          id,
          body,
          dryRun ? undefined : idempotencyOf(c, body, id),
          { dryRun },
        );
        const events = outcome.events.map(({ id: eventId, version }) => ({ id: eventId, version }));
        if (dryRun) {
          const { agreements, catalog } = await loadPortfolio(runtime, c.get("principal").tenant);
          return c.json(
            {
              version: outcome.version,
              events,
              effects: effectsOf(agreements, outcome.before, outcome.after, today(), catalog),
            },
            200,
          );
        }
        return c.json({ version: outcome.version, events }, 201);
      },
    );
}
