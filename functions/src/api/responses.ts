import { z } from "@hono/zod-openapi";

/**
 * The problem+json responses and the JSON helper every route group declares. Apart from
 * schemas.ts so that the app's entry (the health route) builds only these: the groups' own
 * schemas are built when a group is (route-groups.ts).
 */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .loose()
  .openapi("Problem");

const problem = (description: string) => ({
  content: { "application/problem+json": { schema: ProblemSchema } },
  description,
});
export const problems = {
  400: problem("The request is not valid (shape, types, dates)."),
  401: problem("No token, or an unknown one."),
  403: problem("The token's role is too weak for this."),
  404: problem("No such resource in your tenant."),
  409: problem("A version conflict or an id that exists."),
  413: problem("The body is too large."),
  415: problem("The body is not JSON."),
  422: problem(
    "The change contradicts the agreement as recorded, or an Idempotency-Key was reused.",
  ),
} as const;
export const readProblems = {
  400: problems[400],
  401: problems[401],
  403: problems[403],
  404: problems[404],
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});
