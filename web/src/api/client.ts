import type { AppType } from "@termline/functions/api";
import { type ClientResponse, hc } from "hono/client";
import type { SuccessStatusCode } from "hono/utils/http-status";

/** An RFC 9457 problem document, as every API error is. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
  currentVersion?: number;
}

/** A failed call: the API's problem, or one made up for a network failure (status 0). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "ApiError";
  }
  get status(): number {
    return this.problem.status;
  }
}

let token: string | null = null;
let onUnauthenticated: (error: ApiError) => void = () => undefined;

export function setApiToken(next: string | null): void {
  token = next;
}

/** Called when the API says the token is no longer good: the app signs out. */
export function whenUnauthenticated(handler: (error: ApiError) => void): void {
  onUnauthenticated = handler;
}

const origin = typeof window === "undefined" ? "http://localhost" : window.location.origin;

/** The typed client: a change in the API's routes or schemas breaks the web's type-check. */
export const api = hc<AppType>(origin, {
  headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
}).api.v1;

type OkBody<R> =
  R extends ClientResponse<infer Body, infer Status, infer _Format>
    ? Status extends SuccessStatusCode
      ? Body
      : never
    : never;

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Problem).status === "number" &&
    typeof (value as Problem).detail === "string"
  );
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => "");
  try {
    const parsed: unknown = JSON.parse(text);
    if (isProblem(parsed)) return parsed;
  } catch {
    // not JSON: described below
  }
  return {
    type: "about:blank",
    title: response.statusText || "The request failed",
    status: response.status,
    detail: `The server answered ${response.status} ${response.statusText}.`,
  };
}

/** Awaits a typed call and returns its success body, or throws an ApiError with the problem. */
export async function ok<R extends ClientResponse<unknown, number, string>>(
  call: Promise<R>,
): Promise<OkBody<R>> {
  let response: R;
  try {
    response = await call;
  } catch (cause) {
    throw new ApiError({
      type: "about:blank",
      title: "The API could not be reached",
      status: 0,
      detail: `Check your connection and try again (${cause instanceof Error ? cause.message : String(cause)}).`,
    });
  }
  if (!response.ok) {
    const error = new ApiError(await problemOf(response as unknown as Response));
    if (error.status === 401) onUnauthenticated(error);
    throw error;
  }
  if (response.status === 204) return undefined as OkBody<R>;
  return (await response.json()) as OkBody<R>;
}
