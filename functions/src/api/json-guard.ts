import { ValidationError } from "@termline/core";
import { createMiddleware } from "hono/factory";

/** Deeper than any command has reason to be; recursion over a deeper body could exhaust the stack. */
export const MAX_JSON_DEPTH = 32;

/**
 * Finds, without recursion, the first reason a parsed body may not go further: too deep, or a
 * `__proto__` key (JSON.parse keeps it as an own field, which validators would drop silently).
 */
export function jsonBodyProblem(body: unknown): { path: string; message: string } | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [
    { value: body, depth: 0, path: "" },
  ];
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || typeof next.value !== "object" || next.value === null) continue;
    if (next.depth >= MAX_JSON_DEPTH)
      return { path: next.path, message: `nested more than ${MAX_JSON_DEPTH} levels deep` };
    for (const key of Object.keys(next.value)) {
      const path = next.path ? `${next.path}.${key}` : key;
      if (key === "__proto__") return { path, message: 'unknown field "__proto__"' };
      stack.push({
        value: (next.value as Record<string, unknown>)[key],
        depth: next.depth + 1,
        path,
      });
    }
  }
  return undefined;
}

/** Checks every JSON body before validators, hashing or anything else recursive reads it. */
export const guardJsonBody = createMiddleware(async (c, next) => {
  const hasBody =
    Number(c.req.header("content-length") ?? 0) > 0 ||
    c.req.header("transfer-encoding") !== undefined;
  if (hasBody && /json/i.test(c.req.header("content-type") ?? "")) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      // Malformed JSON is reported by the validators, with their own message.
      return next();
    }
    const problem = jsonBodyProblem(body);
    if (problem)
      throw new ValidationError(
        `The body is refused at ${problem.path || "its root"}: ${problem.message}.`,
        {
          errors: [{ path: problem.path, message: problem.message }],
        },
      );
  }
  await next();
});
