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
