import { TermlineError } from "@termline/core";

/** One commit is one DynamoDB transaction, whose limit is 100 items (one is the idempotency record). */
export const MAX_EVENTS_PER_COMMIT = 99;

export class CommitTooLargeError extends TermlineError {
  readonly status = 413;
  readonly type = "commit-too-large";
  readonly title = "Too many events in one commit";
  constructor(count: number) {
    super(
      `A commit holds at most ${MAX_EVENTS_PER_COMMIT} events, this one has ${count}. Split it into several commits.`,
      { extensions: { count, max: MAX_EVENTS_PER_COMMIT } },
    );
  }
}

/** DynamoDB refuses items over 400 KB; a view's body keeps room for its other attributes. */
export const MAX_VIEW_BODY_BYTES = 380_000;

/**
 * A view that cannot be stored in one item. It is refused before anything is written, and
 * reported where it happens (an append, the projector, a rebuild), never skipped silently.
 */
export class ViewTooLargeError extends TermlineError {
  readonly status = 422;
  readonly type = "view-too-large";
  readonly title = "The view would not fit in one item";
  constructor(key: string, bytes: number) {
    super(
      `The view ${key} would take ${bytes} bytes; one item holds at most ${MAX_VIEW_BODY_BYTES}. Nothing was written.`,
      { extensions: { key, bytes, max: MAX_VIEW_BODY_BYTES } },
    );
  }
}
