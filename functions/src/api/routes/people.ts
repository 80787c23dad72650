import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError } from "@termline/core";
import { loadAgreement } from "../../services/agreement-reads.ts";
import { assignOwner, removeOwner } from "../../services/deadline-owners.ts";
import { assertDeadlineExists } from "../../services/deadlines.ts";
import { MailSettings, mailSettingsOf, saveMailSettings } from "../../services/mail-settings.ts";
import {
  changePerson,
  createPerson,
  deletePerson,
  getPerson,
  listPeople,
  listSubscriptions,
  PersonChange,
  PersonInput,
  personOfLogin,
  SubscriptionInput,
  subscribe,
  unsubscribe,
} from "../../services/people.ts";
import type { Runtime } from "../../services/runtime.ts";
import { addWatch, listWatches, removeWatch, WatchInput } from "../../services/watches.ts";
import { requireRole } from "../auth.ts";
import { newRouter } from "../router.ts";
import { DeadlineParams, json, problems, readProblems } from "../schemas.ts";

const PersonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    timeZone: z.string(),
    login: z.string().optional(),
    unsubscribedAt: z.string().optional().openapi({
      description: "Set after an unsubscribe link was used: no mail until resubscribed.",
    }),
    createdAt: z.string(),
  })
  .openapi("Person");
const SubscriptionSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    to: z.enum(["everything", "agreement", "deadline-kind"]),
    agreementId: z.string().optional(),
    kind: z.string().optional(),
    leadDays: z.array(z.number().int()).optional(),
    createdAt: z.string(),
  })
  .openapi("Subscription");
const WatchSchema = z
  .object({
    id: z.string(),
    personId: z.string(),
    on: z.enum(["workload", "cell"]),
    workloadId: z.string().optional(),
    product: z.string().optional(),
    provider: z.string().optional(),
    segment: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi("Watch");
const WatchParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "dana-whitfield" }),
  watchId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "watchId", in: "path" }, example: "watch-3f2c…" }),
});
const OwnerSchema = z
  .object({
    deadlineId: z.string(),
    person: z.object({ id: z.string(), name: z.string() }),
    assignedAt: z.string(),
    assignedBy: z.string(),
  })
  .openapi("DeadlineOwner");

const slugParam = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name, in: "path" }, example });
const PersonParams = z.object({ id: slugParam("id", "dana-whitfield") });
const SubscriptionParams = z.object({
  id: slugParam("id", "dana-whitfield"),
  subscriptionId: slugParam("subscriptionId", "sub-3f2c…"),
});
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { "application/json": { schema } },
  required: true,
});
const tags = ["People"];

/**
 * People and what they are reminded of. Anyone signed in adds themself and manages their own
 * subscriptions; admins manage everyone's. Deadline owners are set by editors, who record the
 * terms those deadlines come from.
 */
export function peopleRoutes(runtime: Runtime) {
  // One snapshot, not the tenant's portfolio: a subscription names one agreement.
  const agreementExists = (tenant: string, id: string) =>
    loadAgreement(runtime, tenant, id).then(
      () => true,
      (error: unknown) => {
        if (error instanceof NotFoundError) return false;
        throw error;
      },
    );
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/people",
        tags,
        summary: "The tenant's people, by name",
        responses: {
          200: json(z.object({ people: z.array(PersonSchema) }), "People"),
          ...readProblems,
        },
      }),
      async (c) => c.json({ people: await listPeople(runtime, c.get("principal").tenant) }, 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/people",
        tags,
        summary: "Add a person (yourself, or anyone if you are an admin)",
        request: { body: jsonBody(PersonInput) },
        responses: { 201: json(PersonSchema, "Added"), ...problems },
      }),
      async (c) =>
        c.json(await createPerson(runtime, c.get("principal"), c.req.valid("json")), 201),
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/people/me",
        tags,
        summary: "The person you sign in as",
        responses: { 200: json(PersonSchema, "You"), ...readProblems },
      }),
      async (c) => {
        const { tenant, name } = c.get("principal");
        const person = await personOfLogin(runtime, tenant, name);
        if (!person)
          throw new NotFoundError(
            "You are not among this tenant's people yet: POST /people adds you.",
          );
        return c.json(person, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/people/{id}",
        tags,
        summary: "A person",
        request: { params: PersonParams },
        responses: { 200: json(PersonSchema, "The person"), ...readProblems },
      }),
      async (c) =>
        c.json(await getPerson(runtime, c.get("principal").tenant, c.req.valid("param").id), 200),
    )
    .openapi(
      createRoute({
        method: "patch",
        path: "/people/{id}",
        tags,
        summary: "Change a person's name, address or time zone, or resubscribe them",
        request: { params: PersonParams, body: jsonBody(PersonChange) },
        responses: { 200: json(PersonSchema, "Changed"), ...problems },
      }),
      async (c) =>
        c.json(
          await changePerson(
            runtime,
            c.get("principal"),
            c.req.valid("param").id,
            c.req.valid("json"),
          ),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/people/{id}",
        tags,
        summary: "Erase a person with their subscriptions and deadline ownerships",
        request: { params: PersonParams },
        responses: { 204: { description: "Erased" }, ...problems },
      }),
      async (c) => {
        await deletePerson(runtime, c.get("principal"), c.req.valid("param").id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/people/{id}/subscriptions",
        tags,
        summary: "What a person is reminded of",
        request: { params: PersonParams },
        responses: {
          200: json(z.object({ subscriptions: z.array(SubscriptionSchema) }), "Subscriptions"),
          ...readProblems,
        },
      }),
      async (c) => {
        const { tenant } = c.get("principal");
        const { id } = c.req.valid("param");
        await getPerson(runtime, tenant, id);
        return c.json({ subscriptions: await listSubscriptions(runtime, tenant, id) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/people/{id}/subscriptions",
        tags,
        summary: "Subscribe a person to deadline reminders (your own, or anyone's as an admin)",
        request: { params: PersonParams, body: jsonBody(SubscriptionInput) },
        responses: { 201: json(SubscriptionSchema, "Subscribed"), ...problems },
      }),
      async (c) => {
        const principal = c.get("principal");
        return c.json(
          await subscribe(runtime, principal, c.req.valid("param").id, c.req.valid("json"), (id) =>
            agreementExists(principal.tenant, id),
          ),
          201,
        );
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/people/{id}/subscriptions/{subscriptionId}",
        tags,
        summary: "Remove one subscription",
        request: { params: SubscriptionParams },
        responses: { 204: { description: "Removed" }, ...problems },
      }),
      async (c) => {
        const { id, subscriptionId } = c.req.valid("param");
        await unsubscribe(runtime, c.get("principal"), id, subscriptionId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/people/{id}/watches",
        tags,
        summary: "The answers a person is told about when they change",
        request: { params: PersonParams },
        responses: {
          200: json(z.object({ watches: z.array(WatchSchema) }), "Watches"),
          ...readProblems,
        },
      }),
      async (c) => {
        const { tenant } = c.get("principal");
        const { id } = c.req.valid("param");
        await getPerson(runtime, tenant, id);
        return c.json({ watches: await listWatches(runtime, tenant, id) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/people/{id}/watches",
        tags,
        summary:
          "Watch a workload or a cell: an e-mail when EntitlementChanged says its decision changes",
        request: { params: PersonParams, body: jsonBody(WatchInput) },
        responses: { 201: json(WatchSchema, "Watching"), ...problems },
      }),
      async (c) =>
        c.json(
          await addWatch(runtime, c.get("principal"), c.req.valid("param").id, c.req.valid("json")),
          201,
        ),
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/people/{id}/watches/{watchId}",
        tags,
        summary: "Stop watching",
        request: { params: WatchParams },
        responses: { 204: { description: "Removed" }, ...problems },
      }),
      async (c) => {
        const { id, watchId } = c.req.valid("param");
        await removeWatch(runtime, c.get("principal"), id, watchId);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/deadlines/{id}/owner",
        tags,
        summary: "Name the person who owns a deadline (they get its reminders)",
        middleware: [requireRole("editor")] as const,
        request: {
          params: DeadlineParams,
          body: jsonBody(z.object({ personId: z.string().min(1).max(100) }).strict()),
        },
        responses: { 200: json(OwnerSchema, "Assigned"), ...problems },
      }),
      async (c) => {
        const principal = c.get("principal");
        const { id } = c.req.valid("param");
        await assertDeadlineExists(runtime, principal.tenant, id);
        const owner = await assignOwner(runtime, principal, id, c.req.valid("json").personId);
        const person = await getPerson(runtime, principal.tenant, owner.personId);
        const { personId: _personId, ...rest } = owner;
        return c.json({ ...rest, person: { id: person.id, name: person.name } }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/deadlines/{id}/owner",
        tags,
        summary: "Leave a deadline without an owner",
        middleware: [requireRole("editor")] as const,
        request: { params: DeadlineParams },
        responses: { 204: { description: "Removed" }, ...problems },
      }),
      async (c) => {
        await removeOwner(runtime, c.get("principal").tenant, c.req.valid("param").id);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/settings/mail",
        tags,
        summary: "Whether mail is paused, and when the weekly digest goes out",
        responses: { 200: json(MailSettings, "The settings"), ...readProblems },
      }),
      async (c) => c.json(await mailSettingsOf(runtime, c.get("principal").tenant), 200),
    )
    .openapi(
      createRoute({
        method: "put",
        path: "/settings/mail",
        tags,
        summary: "Pause (or resume) all mail, and set the digest's day and hour",
        middleware: [requireRole("admin")] as const,
        request: { body: jsonBody(MailSettings) },
        responses: { 200: json(MailSettings, "Saved"), ...problems },
      }),
      async (c) => {
        const settings = c.req.valid("json");
        await saveMailSettings(runtime, c.get("principal").tenant, settings);
        return c.json(settings, 200);
      },
    );
}
