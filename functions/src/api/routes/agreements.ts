import { createRoute, z } from "@hono/zod-openapi";
import {
  AgreementId,
  type AgreementState,
  agreementAt,
  agreementSummary,
  deriveDeadlines,
  namePlaceholders,
  namesIn,
  todayIn,
  withAlerts,
} from "@termline/core";
import { agreementPage, snapshotPage } from "../../services/agreement-pages.ts";
import {
  listAgreements,
  listingsOf,
  loadAgreement,
  loadAgreements,
  loadAgreementsNamed,
  readEvents,
} from "../../services/agreement-reads.ts";
import { catalogNamer } from "../../services/catalog-names.ts";
import { loadCatalog } from "../../services/catalog-reads.ts";
import type { Runtime } from "../../services/runtime.ts";
import { namesWithPolicy } from "../../services/settings.ts";
import { newRouter } from "../router.ts";
import {
  AgreementDetailSchema,
  AgreementParams,
  AgreementSummarySchema,
  AtQuery,
  cursorNeedsLimit,
  DeadlineSchema,
  json,
  pageQuery,
  readProblems,
  StoredEventSchema,
} from "../schemas.ts";

const AgreementsQuery = z.object({
  ...AtQuery,
  ...pageQuery("agreements", "Pages follow the agreements' ids."),
});

/** `ids`: the agreements wanted, read by key, whatever the tenant holds; not with `limit`. */
const ids = (what: string) =>
  z
    .string()
    .max(8_200)
    .transform((list) => [...new Set(list.split(","))])
    .pipe(z.array(AgreementId).min(1).max(100))
    .optional()
    .openapi({
      description: `Only these agreements (comma-separated, at most 100), read by key: ${what}, whatever the number of agreements. Those the tenant does not have are left out. Not with \`limit\`.`,
      example: "cloud-partnership,model-licence",
    });

const notPagedWithIds = {
  check: ({ ids, limit }: { ids?: string[] | undefined; limit?: number | undefined }) =>
    ids === undefined || limit === undefined,
  params: { path: ["limit"], message: "pages the whole list; ids names the agreements wanted" },
};

const ListQuery = AgreementsQuery.extend({
  ids: ids("what a screen naming a few agreements needs"),
})
  .refine(notPagedWithIds.check, notPagedWithIds.params)
  .refine(cursorNeedsLimit.check, cursorNeedsLimit.params);

const AgreementDetailsQuery = AgreementsQuery.extend({
  ids: ids("what a screen showing a few agreements' terms needs (the reasons of an answer)"),
  include: z.enum(["deadlines"]).optional().openapi({
    description: "`deadlines` adds the listed agreements' deadlines to the response.",
  }),
})
  .refine(notPagedWithIds.check, notPagedWithIds.params)
  .refine(cursorNeedsLimit.check, cursorNeedsLimit.params);

/**
 * The agreements' reads. Recording an agreement and appending to one are a group of their own
 * (agreement-writes.ts, loaded for POST only), so a cold `GET /agreements` builds none of the
 * event schemas a write validates its body with.
 */
export function agreementRoutes(runtime: Runtime) {
  const today = () => todayIn(runtime.clock());
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/agreements",
        tags: ["Agreements"],
        summary: "List agreements",
        request: { query: ListQuery },
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
        const { at = today(), limit, cursor, ids, ...asOf } = c.req.valid("query");
        const tenant = c.get("principal").tenant;
        // Begun beside the page's read: the parties' names, from the catalog this container keeps.
        const namer = catalogNamer(runtime, tenant);
        const page =
          ids !== undefined
            ? { agreements: await listingsOf(runtime, tenant, ids, asOf) }
            : limit === undefined
              ? { agreements: await listAgreements(runtime, tenant, asOf) }
              : await agreementPage(runtime, tenant, { ...asOf, limit, cursor });
        const agreements = await namer.name(
          page.agreements.map((state) => agreementSummary(state, at, namePlaceholders)),
        );
        return c.json(
          page.next === undefined ? { agreements } : { agreements, next: page.next },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/agreement-details",
        tags: ["Agreements"],
        summary: "Every agreement's terms as of a date",
        description:
          "What `GET /agreements/{id}` answers, for every agreement, in id order: for a screen that draws them all (the timeline). Without `limit`, one response reads every snapshot of the tenant; with it, a page reads its own. `include=deadlines` adds the listed agreements' deadlines, so a screen drawing a page of agreements needs no list of the tenant's deadlines.",
        request: { query: AgreementDetailsQuery },
        responses: {
          200: json(
            z.object({
              agreements: z.array(AgreementDetailSchema),
              deadlines: z.array(DeadlineSchema).optional().openapi({
                description:
                  "With `include=deadlines`: the deadlines of the agreements listed, as they stand today (not on `at`: a term over by then warns of nothing), every date, earliest first, with their alerts under the tenant's policy. What `GET /deadlines` lists of them, without owners and snoozes.",
              }),
              next: z.string().optional().openapi({
                description:
                  "Present when `limit` left agreements out: the `cursor` of the next page.",
              }),
            }),
            "Every agreement as of `at`, as known at `knownAt`",
          ),
          ...readProblems,
        },
      }),
      async (c) => {
        const { at = today(), limit, cursor, include, ids, ...asOf } = c.req.valid("query");
        const tenant = c.get("principal").tenant;
        const read = async (): Promise<{ agreements: AgreementState[]; next?: string }> =>
          ids !== undefined
            ? { agreements: await loadAgreementsNamed(runtime, tenant, ids, asOf) }
            : limit === undefined
              ? { agreements: await loadAgreements(runtime, tenant, asOf) }
              : snapshotPage(runtime, tenant, { ...asOf, limit, cursor });
        const [page, { names, policy }] = await Promise.all([
          read(),
          namesWithPolicy(runtime, tenant, {
            knownAt: asOf.knownAt,
            withPolicy: include === "deadlines",
          }),
        ]);
        const states = page.agreements.filter(({ exists }) => exists);
        const agreements = states.map((state) => agreementAt(state, at, names));
        const deadlines = policy && withAlerts(deriveDeadlines(states, today(), names), policy);
        return c.json(
          {
            agreements,
            ...(deadlines ? { deadlines } : {}),
            ...(page.next === undefined ? {} : { next: page.next }),
          },
          200,
        );
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
    );
}
