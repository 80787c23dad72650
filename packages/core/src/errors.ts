import type * as z from "zod";

/**
 * Every error a user can cause carries its HTTP meaning, so the API maps them to
 * problem+json in one place. Anything else is a bug and becomes a 500 without details.
 */
export interface FieldError {
  path: string;
  message: string;
}

/** Each zod issue as a field error (its path joined with dots, after `prefix`). */
export function zodFieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  const join = (path: PropertyKey[]) => [...prefix, ...path].map(String).join(".");
  return error.issues.flatMap((issue) =>
    // An unknown field is reported at its own path, so a form can point at it.
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: join([...issue.path, key]),
          message: `unknown field "${key}"`,
        }))
      : [{ path: join(issue.path), message: messageOf(issue) }],
  );
}

/**
 * zod's message, except for a field left out, which a person reads better as just that. By its
 * text: an event's issues are passed on from its type's own schema as custom ones.
 */
const messageOf = ({ message }: z.core.$ZodIssue) =>
  /^Invalid input: expected [\w ]+, received undefined$/.test(message) ? "is required" : message;

export abstract class TermlineError extends Error {
  abstract readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 503;
  abstract readonly type: string;
  abstract readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(
    detail: string,
    options: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = new.target.name;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
  }
}

/** The request is not of the right shape: the body, a parameter or a header. */
export class ValidationError extends TermlineError {
  readonly status = 400;
  readonly type = "validation-failed";
  readonly title = "The request is not valid";
}

/** The request is well-formed but what it says cannot be true of the agreement as it stands. */
export class RuleViolationError extends TermlineError {
  readonly status = 422;
  readonly type = "rule-violated";
  readonly title = "The change contradicts the agreement as recorded";
}

/**
 * Well-formed, but refused for what it asks, outside any agreement: a webhook target that is
 * not public, a snooze that ends before it starts, a subscription to an agreement that is not there.
 */
export class UnacceptableRequestError extends TermlineError {
  readonly status = 422;
  readonly type = "unacceptable";
  readonly title = "The request cannot be carried out as asked";
}

export class NotFoundError extends TermlineError {
  readonly status = 404;
  readonly type = "not-found";
  readonly title = "Not found";
}

export class AlreadyExistsError extends TermlineError {
  readonly status = 409;
  readonly type = "already-exists";
  readonly title = "It already exists";
}

/** An imported document tells a different history from the one the tenant has recorded. */
export class ImportConflictError extends TermlineError {
  readonly status = 409;
  readonly type = "import-conflict";
  readonly title = "The document disagrees with what is recorded";
}

/** Someone else appended first: the caller must look at what changed and retry on the new version. */
export class VersionConflictError extends TermlineError {
  readonly status = 409;
  readonly type = "version-conflict";
  readonly title = "The agreement changed since you last read it";
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `You expected version ${expectedVersion} but the agreement is at version ${currentVersion}. Read the new events, then retry with expectedVersion ${currentVersion}.`,
      { extensions: { expectedVersion, currentVersion } },
    );
  }
}

export class IdempotencyKeyReusedError extends TermlineError {
  readonly status = 422;
  readonly type = "idempotency-key-reused";
  readonly title = "This Idempotency-Key was used for a different request";
}

export class UnauthenticatedError extends TermlineError {
  readonly status = 401;
  readonly type = "unauthenticated";
  readonly title = "Authentication required";
}

export class ForbiddenError extends TermlineError {
  readonly status = 403;
  readonly type = "forbidden";
  readonly title = "Your role does not allow this";
}

/** A service the request depends on refused it; nothing was changed, and a retry may work. */
export class ServiceUnavailableError extends TermlineError {
  readonly status = 503;
  readonly type = "service-unavailable";
  readonly title = "A service this needs is unavailable";
}
