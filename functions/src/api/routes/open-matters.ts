import { createRoute, z } from "@hono/zod-openapi";
import { todayIn } from "@termline/core";
import type { OpenMatterKind } from "../../projector/open-matter-index.ts";
import { openMatters } from "../../services/open-matters.ts";
import type { Runtime } from "../../services/runtime.ts";
import { newRouter } from "../router.ts";
import {
  AtQuery,
  cursorNeedsLimit,
  json,
  pageQuery,
  readProblems,
  SourceSchema,
} from "../schemas.ts";

const OfAgreement = {
  agreementId: z.string(),
  agreementTitle: z.string().openapi({ description: "The agreement's title when last changed." }),
};

const OpenDisputeSchema = z
  .object({
    ...OfAgreement,
    id: z.string(),
    kind: z.string(),
    claim: z.string(),
    claimedBy: z.string().nullable(),
    raisedOn: z.string(),
    sources: z.array(SourceSchema),
  })
  .loose()
  .openapi("OpenDispute");

const OpenQuestionSchema = z
  .object({
    ...OfAgreement,
    id: z.string(),
    question: z.string(),
    origin: z.enum(["recorded", "derived"]).openapi({
      description:
        "`derived`: raised by a term that admits an unknown (`{termId}:window`, `:cap`, `:conditions`).",
    }),
    termId: z.string().nullable(),
    sources: z.array(SourceSchema),
  })
  .loose()
  .openapi("OpenQuestion");

const OpenMattersQuery = z.object({
  ...AtQuery,
  ...pageQuery(
    "of them",
    "Pages follow the day each stops being open (those open for good last), then the agreement; without `limit`, the list is by agreement, then id.",
  ),
});

const Next = z.string().optional().openapi({
  description: "Present when `limit` left some out: the `cursor` of the next page.",
});

const openRoute = <P extends string, B extends z.ZodObject>(
  path: P,
  summary: string,
  description: string,
  body: B,
) =>
  createRoute({
    method: "get",
    path,
    tags: ["Agreements"],
    summary,
    description,
    request: { query: OpenMattersQuery.refine(cursorNeedsLimit.check, cursorNeedsLimit.params) },
    responses: { 200: json(body, `${summary}, as known at \`knownAt\``), ...readProblems },
  });

const withNext = <T extends object>(body: T, next: string | undefined) =>
  next === undefined ? body : { ...body, next };

/**
 * What is unsettled across the tenant's agreements on a date: what someone opens on a Monday
 * morning. Read from an index kept by date, so their cost follows what is open, not the number
 * of agreements.
 */
export function openMatterRoutes(runtime: Runtime) {
  const read = <K extends OpenMatterKind>(
    tenant: string,
    kind: K,
    query: z.infer<typeof OpenMattersQuery>,
  ) => {
    const { at = todayIn(runtime.clock()), ...rest } = query;
    return { at, page: openMatters(runtime, tenant, kind, { ...rest, at }) };
  };
  return newRouter()
    .openapi(
      openRoute(
        "/open-disputes",
        "Every dispute open on a date",
        "Across every agreement: each dispute raised by `at` and not resolved by then, with its agreement.",
        z.object({ at: z.string(), disputes: z.array(OpenDisputeSchema), next: Next }),
      ),
      async (c) => {
        const { at, page } = read(c.get("principal").tenant, "dispute", c.req.valid("query"));
        const { matters, next } = await page;
        return c.json(withNext({ at, disputes: matters }, next), 200);
      },
    )
    .openapi(
      openRoute(
        "/open-questions",
        "Every question open on a date",
        "Across every agreement: each question recorded, or raised by a term that admits an unknown, with no answer recorded by `at`.",
        z.object({ at: z.string(), questions: z.array(OpenQuestionSchema), next: Next }),
      ),
      async (c) => {
        const { at, page } = read(c.get("principal").tenant, "question", c.req.valid("query"));
        const { matters, next } = await page;
        return c.json(withNext({ at, questions: matters }, next), 200);
      },
    );
}
