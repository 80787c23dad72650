import { type FieldError, TermlineError, ValidationError, zodFieldErrors } from "@termline/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

const PROBLEM_BASE = "https://termline.dev/problems/";

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export function problemResponse(c: Context, problem: Problem): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    "Content-Type": "application/problem+json",
  });
}

const httpTitles: Record<number, [string, string]> = {
  400: ["bad-request", "The request is not valid"],
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  413: ["payload-too-large", "The request body is too large"],
  415: ["unsupported-media-type", "Send JSON"],
};

/** The one place errors become RFC 9457 problems. Anything unexpected is a 500 with no internals. */
export function toProblem(error: unknown): Problem {
  if (error instanceof TermlineError) {
    return {
      type: PROBLEM_BASE + error.type,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
      ...error.extensions,
    };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const [slug, title] = httpTitles[error.status] ?? [
      "http-error",
      "The request cannot be served",
    ];
    const detail = error.message || title;
    return { type: PROBLEM_BASE + slug, title, status: error.status, detail };
  }
  return {
    type: `${PROBLEM_BASE}internal`,
    title: "Something went wrong on our side",
    status: 500,
    detail:
      "The error was logged. Nothing you sent was changed unless the response said so; try again.",
  };
}

export function validationProblem(error: ZodError, target: string): ValidationError {
  const errors = zodFieldErrors(error);
  const detail = errors.map((item) => `${item.path || target}: ${item.message}`).join("; ");
  return new ValidationError(`The ${target} is not valid: ${detail}`, { errors });
}
