import { createRoute, z } from "@hono/zod-openapi";
import {
  AlertPolicySchema,
  CalendarDate,
  filterDeadlines,
  todayIn,
  withAlerts,
} from "@termline/core";
import type { OwnersNamed } from "../../projector/deadline-index.ts";
import { catalogNamer } from "../../services/catalog-names.ts";
import { ownersOf } from "../../services/deadline-owners.ts";
import {
  assertDeadlineExists,
  type DeadlinesRead,
  deadlinePage,
  deadlinesAsOf,
} from "../../services/deadlines.ts";
import { peopleIncluding, peopleNames } from "../../services/people.ts";
import type { Runtime } from "../../services/runtime.ts";
import { alertPolicyOf, saveAlertPolicy, shownAlertPolicy } from "../../services/settings.ts";
import { snooze, snoozerOf, snoozesHolding, wake } from "../../services/snoozes.ts";
import { requireRole } from "../auth.ts";
import { requireInOrder } from "../date-range.ts";
import { renderDeadlinesIcs } from "../ics.ts";
import { newRouter } from "../router.ts";
import {
  AtQuery,
  cursorNeedsLimit,
  DeadlineParams,
  DeadlineSchema,
  json,
  pageQuery,
  problems,
  readProblems,
} from "../schemas.ts";

const SNOOZE_WORDS =
  "A snooze is your own: it hides the deadline from your lists and pauses your reminder e-mails about it (other people's reminders still go out) until `until`, the day it wakes. A reminder due while it sleeps is skipped, not sent late.";

const SnoozeSchema = z
  .object({
    deadlineId: z.string(),
    personId: z.string(),
    until: z.string().openapi({ description: "The day the deadline wakes for you." }),
    snoozedAt: z.string(),
  })
  .openapi("Snooze");

const SnoozeInput = z
  .object({
    until: CalendarDate.meta({
      description:
        "The day the deadline wakes (YYYY-MM-DD, after today): it sleeps up to the day before.",
      example: "2026-06-08",
    }),
  })
  .strict();

const DeadlinesQuery = z.object({
  from: CalendarDate.optional().meta({ description: "First date to include (default: today)." }),
  to: CalendarDate.optional().meta({ description: "Last date to include (default: no limit)." }),
  ...AtQuery,
  ...pageQuery("deadlines", "Pages follow the dates, then the agreement, then the deadline's id."),
});

const PolicySchema = z.object({ leadDays: z.array(z.number().int()) }).openapi("AlertPolicy");

/** The owners an index read named, as the records would list them. */
const ownersNamed = (owners: OwnersNamed) =>
  [...owners].flatMap(([deadlineId, personId]) =>
    personId === undefined ? [] : [{ deadlineId, personId }],
  );

export function deadlineRoutes(runtime: Runtime) {
  /** `login`, when given, is whose snoozes to show: the caller's own, never anyone else's. */
  const upcoming = async (
    tenant: string,
    query: z.infer<typeof DeadlinesQuery>,
    login?: string,
  ) => {
    const today = todayIn(runtime.clock());
    requireInOrder(query.from ?? today, query.to);
    // People's names, the catalog's and the alert policy as this container keeps them for a
    // few seconds (kept-briefly.ts): a warm list reads the index alone, which names the owners.
    const everyone = peopleNames(runtime, tenant);
    // One Query of the caller's snoozes, once the people read has said which person they are.
    const mine = everyone.then(({ people }) => {
      const me = login === undefined ? undefined : people.find((p) => p.login === login);
      return me ? snoozesHolding(runtime, tenant, today, me.id) : [];
    });
    const asked = { ...query, at: query.at ?? today, from: query.from ?? today };
    // As known earlier, the deadlines are derived with the names of then, not these.
    const asOfNow = asked.knownAt === undefined && asked.reportedBy === undefined;
    const name = asOfNow ? catalogNamer(runtime, tenant).name : undefined;
    const reading: Promise<DeadlinesRead & { next?: string }> =
      query.limit === undefined
        ? deadlinesAsOf(runtime, tenant, asked, name)
        : deadlinePage(runtime, tenant, { ...asked, limit: query.limit }, name);
    const idsOf = ({ deadlines }: DeadlinesRead) => deadlines.map(({ id }) => id);
    // The index names each deadline's owner, so a list as it stands reads no owner record,
    // unless an item predates that; deadlines derived as known earlier read them beside.
    const owners = asOfNow
      ? reading.then((read) =>
          read.owners
            ? ownersNamed(read.owners)
            : ownersOf(runtime, tenant, Promise.resolve(idsOf(read))),
        )
      : ownersOf(runtime, tenant, reading.then(idsOf));
    const [page, policy, owned, known, snoozes] = await Promise.all([
      reading,
      shownAlertPolicy(runtime, tenant),
      owners,
      everyone,
      mine,
    ]);
    const ownerIds = owned.map(({ personId }) => personId);
    const people = await peopleIncluding(runtime, tenant, known, ownerIds);
    const snoozedUntil = new Map(snoozes.map(({ deadlineId, until }) => [deadlineId, until]));
    const ownerOf = new Map(
      owned.flatMap(({ deadlineId, personId }) => {
        const person = people.find(({ id }) => id === personId);
        return person ? [[deadlineId, { id: person.id, name: person.name }] as const] : [];
      }),
    );
    const deadlines = withAlerts(page.deadlines, policy).map((deadline) => {
      const owner = ownerOf.get(deadline.id);
      const until = snoozedUntil.get(deadline.id);
      return {
        ...deadline,
        ...(owner ? { owner } : {}),
        ...(until ? { snoozedUntil: until } : {}),
      };
    });
    const listed = filterDeadlines(deadlines, {
      from: query.from ?? today,
      ...(query.to ? { to: query.to } : {}),
    });
    return page.next === undefined ? { deadlines: listed } : { deadlines: listed, next: page.next };
  };
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/deadlines",
        tags: ["Deadlines"],
        summary: "Every date that matters, with its alert schedule",
        request: { query: DeadlinesQuery.refine(cursorNeedsLimit.check, cursorNeedsLimit.params) },
        responses: {
          200: json(
            z.object({
              deadlines: z.array(DeadlineSchema),
              next: z.string().optional().openapi({
                description:
                  "Present when `limit` left deadlines out: the `cursor` of the next page.",
              }),
            }),
            "Sorted by date",
          ),
          ...readProblems,
        },
      }),
      async (c) => {
        const { tenant, name } = c.get("principal");
        return c.json(await upcoming(tenant, c.req.valid("query"), name), 200);
      },
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/deadlines/{id}/snooze",
        tags: ["Deadlines"],
        summary: "Snooze a deadline for yourself until a day",
        description: `${SNOOZE_WORDS} Snoozing again moves the day. Any role may snooze; the caller must be among the tenant's people (POST /people adds you).`,
        request: {
          params: DeadlineParams,
          body: { content: { "application/json": { schema: SnoozeInput } }, required: true },
        },
        responses: {
          200: json(SnoozeSchema, "Snoozed"),
          ...problems,
          422: {
            ...problems[422],
            description: "`until` is not after today (the error names the field).",
          },
        },
      }),
      async (c) => {
        const principal = c.get("principal");
        const { id } = c.req.valid("param");
        const person = await snoozerOf(runtime, principal);
        await assertDeadlineExists(runtime, principal.tenant, id);
        const today = todayIn(runtime.clock());
        const { until } = c.req.valid("json");
        return c.json(await snooze(runtime, principal.tenant, person, id, until, today), 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/deadlines/{id}/snooze",
        tags: ["Deadlines"],
        summary: "Wake a deadline you snoozed",
        description:
          "It is back in your lists and your reminders about it resume. Waking one you have not snoozed (or one that no longer exists) changes nothing and succeeds.",
        request: { params: DeadlineParams },
        responses: { 204: { description: "Awake" }, ...readProblems },
      }),
      async (c) => {
        const principal = c.get("principal");
        const { id } = c.req.valid("param");
        const person = await snoozerOf(runtime, principal);
        await wake(runtime, principal.tenant, person.id, id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/deadlines.ics",
        tags: ["Deadlines"],
        summary:
          "The deadlines as an iCalendar feed (a calendar client gives its feed's secret as ?feed=)",
        description:
          "A calendar client that cannot send headers authenticates in the URL: with a feed's secret (`?feed=`, from POST /feeds), or with an API token (`?token=`) for calendars subscribed that way. An `Authorization` header, when sent, wins over both.",
        request: {
          // A calendar takes the whole feed: no pages.
          query: DeadlinesQuery.omit({ limit: true, cursor: true }).extend({
            feed: z.string().max(200).optional().openapi({
              description:
                "A calendar feed's secret (POST /feeds); it opens this feed and nothing else.",
            }),
            token: z.string().optional().openapi({
              description:
                "An API token, as `Authorization: Bearer` would carry it (viewer role or above; the feed is its tenant's), for calendar clients that cannot send headers. Accepted on this feed only. A feed URL (POST /feeds) is the safer choice: it is read-only and can be revoked without replacing the token.",
            }),
          }),
        },
        responses: {
          200: { content: { "text/calendar": { schema: z.string() } }, description: "iCalendar" },
          ...readProblems,
        },
      }),
      async (c) => {
        const { tenant } = c.get("principal");
        const ics = renderDeadlinesIcs((await upcoming(tenant, c.req.valid("query"))).deadlines, {
          calendarName: `Termline deadlines (${tenant})`,
          now: runtime.clock(),
        });
        return c.body(ics, 200, {
          "Content-Type": "text/calendar; charset=utf-8",
          "Content-Disposition": 'inline; filename="termline-deadlines.ics"',
        });
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/settings/alert-policy",
        tags: ["Deadlines"],
        summary: "The tenant's alert lead times",
        responses: { 200: json(PolicySchema, "Lead days before each deadline"), ...readProblems },
      }),
      async (c) => c.json(await alertPolicyOf(runtime, c.get("principal").tenant), 200),
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/settings/alert-policy",
        tags: ["Deadlines"],
        summary: "Set the tenant's alert lead times",
        middleware: [requireRole("admin")] as const,
        request: {
          body: { content: { "application/json": { schema: AlertPolicySchema } }, required: true },
        },
        responses: { 200: json(PolicySchema, "Saved"), ...problems },
      }),
      async (c) => {
        const policy = c.req.valid("json");
        await saveAlertPolicy(runtime, c.get("principal").tenant, policy);
        return c.json(policy, 200);
      },
    );
}
