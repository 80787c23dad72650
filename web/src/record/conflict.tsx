import { fieldText } from "../agreements/format.ts";
import type { StoredEvent } from "../api/types.ts";
import { describeDate, describeInstant } from "../lib/dates.ts";
import type { Namer } from "../lib/names.ts";

export interface Conflict {
  expected: number;
  current: number;
  events: StoredEvent[];
}

/** Someone else changed the agreement: show what, and let the person retry on the new version. */
export function ConflictPanel({
  conflict,
  onRetry,
  onDiscard,
  names,
}: {
  conflict: Conflict;
  names: Namer;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  return (
    <section
      className="panel conflict"
      role="alert"
      aria-labelledby="conflict-heading"
      data-testid="conflict"
    >
      <h2 id="conflict-heading">The agreement changed while you were editing</h2>
      <p>
        You started from version {conflict.expected}; it is now at version {conflict.current}.
        Nothing of yours was saved. Since then:
      </p>
      <ul>
        {conflict.events.map((event) => (
          <li key={event.id}>
            <strong>
              v{event.version} {event.type}
            </strong>{" "}
            by {event.recordedBy}, {describeInstant(event.recordedAt)}, effective{" "}
            {describeDate(event.effectiveOn, event.precision)}
            {Object.keys(event.data).length > 0 ? (
              <span className="muted">
                {" "}
                —{" "}
                {Object.entries(event.data)
                  .map(
                    ([key, value]) =>
                      `${key}: ${fieldText(names, key, value, { type: event.type })}`,
                  )
                  .join("; ")}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <p>Check that your change still makes sense, then preview it again on the new version.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onRetry}>
          Retry on version {conflict.current}
        </button>
        <button type="button" onClick={onDiscard}>
          Discard my change
        </button>
      </div>
    </section>
  );
}
