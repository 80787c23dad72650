import type { StoredEvent } from "../api/types.ts";
import { describeDate, describeInstant } from "../lib/dates.ts";
import { Sources } from "../ui/sources.tsx";
import { valueText } from "./format.ts";

const SHORT = 160;
const gist = (data: Record<string, unknown>) => {
  const text = Object.entries(data)
    .map(([key, value]) => `${key}: ${valueText(value)}`)
    .join(" · ");
  return text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text;
};

/** The agreement's log, newest first: who recorded what, when, effective when, on what source. */
export function AuditTrail({
  events,
  knownAt,
}: {
  events: readonly StoredEvent[];
  knownAt?: string | undefined;
}) {
  const newestFirst = [...events].reverse();
  return (
    <ol className="audit" data-testid="audit-trail">
      {newestFirst.map((event) => {
        const unknownYet = knownAt !== undefined && event.recordedAt > knownAt;
        return (
          <li
            key={event.id}
            className={unknownYet ? "audit-event later" : "audit-event"}
            data-type={event.type}
            data-version={event.version}
          >
            <h3>
              <span className="version">v{event.version}</span> {event.type}{" "}
              <span className="muted">
                effective {describeDate(event.effectiveOn, event.precision)}
              </span>
              {unknownYet ? (
                <span className="tag"> · recorded after the “as known at” instant</span>
              ) : null}
            </h3>
            <p className="gist">{gist(event.data)}</p>
            <p className="muted small">
              Recorded {describeInstant(event.recordedAt)} by <strong>{event.recordedBy}</strong> ·
              Sources: <Sources sources={event.sources} inline />
            </p>
            <details>
              <summary>All fields</summary>
              <dl className="facts">
                {Object.entries(event.data).map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{valueText(value)}</dd>
                  </div>
                ))}
              </dl>
            </details>
          </li>
        );
      })}
    </ol>
  );
}
