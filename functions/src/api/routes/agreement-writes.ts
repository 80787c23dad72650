import { createRoute, z } from "@hono/zod-openapi";
import { EventInput, RecordAgreementCommand, todayIn } from "@termline/core";
import { appendEvents, recordAgreement } from "../../services/agreements.ts";
import { answersField } from "../../services/answers.ts";
import { effectsOf } from "../../services/effects.ts";
import { loadPortfolio } from "../../services/portfolio.ts";
import type { Runtime } from "../../services/runtime.ts";
import { actorOf } from "../actor.ts";
import { requireRole } from "../auth.ts";
import { idempotencyOf } from "../idempotency.ts";
import { newRouter } from "../router.ts";
import { AgreementParams, AnswersState, json, problems } from "../schemas.ts";

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

/**
 * Recording an agreement and appending events to one: the agreements' writes, a group of their
 * own (route-groups.ts) loaded by POST requests only, since their bodies are validated by
 * `@termline/core`'s event schemas, which no read needs.
 */
export function agreementWriteRoutes(runtime: Runtime) {
  const today = () => todayIn(runtime.clock());
  return newRouter()
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
          201: json(
            z.object({
              id: z.string(),
              version: z.number().int(),
              answers: AnswersState.optional(),
            }),
            "Recorded",
          ),
          ...problems,
        },
      }),
      async (c) => {
        const body = c.req.valid("json");
        const idempotency = idempotencyOf(c, body);
        const outcome = await recordAgreement(runtime, actorOf(c), body, idempotency);
        return c.json({ id: outcome.id, version: outcome.version, ...answersField(outcome) }, 201);
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
          201: json(CommitResponse.extend({ answers: AnswersState.optional() }), "Appended"),
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
        return c.json({ version: outcome.version, events, ...answersField(outcome) }, 201);
      },
    );
}
