import { createRoute, z } from "@hono/zod-openapi";
import { createFeed, listFeeds, revokeFeed } from "../../services/feeds.ts";
import type { Runtime } from "../../services/runtime.ts";
import { newRouter } from "../router.ts";
import { json, problems, readProblems } from "../schemas.ts";

const FeedSchema = z
  .object({ id: z.string(), createdAt: z.string(), createdBy: z.string() })
  .openapi("CalendarFeed");
const NewFeedSchema = FeedSchema.extend({
  url: z.string().openapi({
    description:
      "The feed's address, with its secret: shown once. It reads this tenant's deadlines as iCalendar and nothing else.",
  }),
}).openapi("NewCalendarFeed");
const Params = z.object({
  id: z
    .string()
    .min(1)
    .max(80)
    .openapi({ param: { name: "id", in: "path" } }),
});

/** Calendar feeds with secrets of their own, so no API token ever goes into a calendar's URL. */
export function feedRoutes(runtime: Runtime) {
  return newRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/feeds",
        tags: ["Deadlines"],
        summary: "Create a read-only calendar feed of the deadlines",
        // A feed takes nothing from the caller; a body that says something is refused, not ignored.
        request: {
          body: {
            content: { "application/json": { schema: z.object({}).strict() } },
            required: false,
          },
        },
        responses: { 201: json(NewFeedSchema, "Created; the URL is shown once"), ...problems },
      }),
      async (c) => {
        const { tenant, name } = c.get("principal");
        const { secret, ...feed } = await createFeed(runtime, tenant, name);
        const url = new URL(c.req.url);
        const base = url.pathname.replace(/\/feeds$/, "");
        return c.json({ ...feed, url: `${url.origin}${base}/deadlines.ics?feed=${secret}` }, 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/feeds",
        tags: ["Deadlines"],
        summary: "The tenant's calendar feeds (without their secrets)",
        responses: {
          200: json(z.object({ feeds: z.array(FeedSchema) }), "Feeds"),
          ...readProblems,
        },
      }),
      async (c) => c.json({ feeds: await listFeeds(runtime, c.get("principal").tenant) }, 200),
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/feeds/{id}",
        tags: ["Deadlines"],
        summary: "Revoke a calendar feed: its URL stops working at once",
        request: { params: Params },
        responses: { 204: { description: "Revoked" }, ...problems },
      }),
      async (c) => {
        await revokeFeed(runtime, c.get("principal").tenant, c.req.valid("param").id);
        return c.body(null, 204);
      },
    );
}
