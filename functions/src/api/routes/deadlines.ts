import { createRoute, z } from "@hono/zod-openapi";
import {
  AlertPolicySchema,
  CalendarDate,
  filterDeadlines,
  todayIn,
  withAlerts,
} from "@termline/core";
import { deadlinesAsOf } from "../../services/deadlines.ts";
import { listOwners, listPeople } from "../../services/people.ts";
import type { Runtime } from "../../services/runtime.ts";
import { alertPolicyOf, saveAlertPolicy } from "../../services/settings.ts";
import { requireRole } from "../auth.ts";
import { renderDeadlinesIcs } from "../ics.ts";
import { newRouter } from "../router.ts";
import { AtQuery, json, problems, readProblems } from "../schemas.ts";

const DeadlineSchema = z
  .object({
    id: z.string(),
    date: z.string(),
    precision: z.enum(["day", "month", "year"]),
    kind: z.string(),
    agreementId: z.string(),
    termId: z.string().optional(),
    summary: z.string(),
    alerts: z.array(z.object({ leadDays: z.number().int(), on: z.string() })),
    acknowledged: z
      .object({ on: z.string(), by: z.string(), version: z.number().int() })
      .optional()
      .openapi({
        description:
          "Set once a person acknowledged the deadline at its current date: no more reminders.",
      }),
    owner: z.object({ id: z.string(), name: z.string() }).optional().openapi({
      description: "The person who must not miss it; they get its reminders by e-mail.",
    }),
  })
  .openapi("Deadline");

const DeadlinesQuery = z.object({
  from: CalendarDate.optional().meta({ description: "First date to include (default: today)." }),
  to: CalendarDate.optional().meta({ description: "Last date to include (default: no limit)." }),
  ...AtQuery,
});

const PolicySchema = z.object({ leadDays: z.array(z.number().int()) }).openapi("AlertPolicy");

export function deadlineRoutes(runtime: Runtime) {
  const upcoming = async (tenant: string, query: z.infer<typeof DeadlinesQuery>) => {
    const today = todayIn(runtime.clock());
    const [derived, policy, owners, people] = await Promise.all([
      deadlinesAsOf(runtime, tenant, {
        ...query,
        at: query.at ?? today,
        from: query.from ?? today,
      }),
      alertPolicyOf(runtime, tenant),
      listOwners(runtime, tenant),
      listPeople(runtime, tenant),
    ]);
    const ownerOf = new Map(
      owners.flatMap(({ deadlineId, personId }) => {
        const person = people.find(({ id }) => id === personId);
        return person ? [[deadlineId, { id: person.id, name: person.name }] as const] : [];
      }),
    );
    const deadlines = withAlerts(derived, policy).map((deadline) => {
      const owner = ownerOf.get(deadline.id);
      return owner ? { ...deadline, owner } : deadline;
    });
    return filterDeadlines(deadlines, {
      from: query.from ?? today,
      ...(query.to ? { to: query.to } : {}),
    });
  };
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/deadlines",
        tags: ["Deadlines"],
        summary: "Every date that matters, with its alert schedule",
        request: { query: DeadlinesQuery },
        responses: {
          200: json(z.object({ deadlines: z.array(DeadlineSchema) }), "Sorted by date"),
          ...readProblems,
        },
      }),
      async (c) =>
        c.json({ deadlines: await upcoming(c.get("principal").tenant, c.req.valid("query")) }, 200),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/deadlines.ics",
        tags: ["Deadlines"],
        summary:
          "The deadlines as an iCalendar feed (a calendar client gives its feed's secret as ?feed=)",
        request: {
          query: DeadlinesQuery.extend({
            feed: z.string().max(200).optional().openapi({
              description:
                "A calendar feed's secret (POST /feeds); it opens this feed and nothing else.",
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
        const ics = renderDeadlinesIcs(await upcoming(tenant, c.req.valid("query")), {
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
