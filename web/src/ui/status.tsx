import { ApiError } from "../api/client.ts";

export function Loading({ what }: { what: string }) {
  return (
    <p className="status loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    const { title, detail, status } = error.problem;
    return { title: status ? `${title} (${status})` : title, detail };
  }
  return {
    title: "Something went wrong in the page",
    detail: error instanceof Error ? error.message : String(error),
  };
}

export function ErrorNote({
  error,
  what,
  retry,
}: {
  error: unknown;
  what: string;
  retry?: () => void;
}) {
  const { title, detail } = describeError(error);
  return (
    <div className="status error" role="alert">
      <p>
        <strong>Could not load {what}.</strong> {title}: {detail}
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/**
 * A write whose answers the server was still working out when it returned (a large
 * portfolio): what it said, in words, so nobody takes the answers from before it for its own.
 */
export function AnswersUpdating({ change, testId }: { change: string; testId: string }) {
  return (
    <span data-testid={testId}>
      The entitlements this {change} affects are still being worked out: until they are, the matrix,
      entitlements and conflicts show the answers from before it. That takes a few minutes at most.
    </span>
  );
}
