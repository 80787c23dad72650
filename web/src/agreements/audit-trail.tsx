import type { StoredEvent } from "../api/types.ts";
import { describeDate, describeInstant } from "../lib/dates.ts";
import type { Namer } from "../lib/names.ts";
import { Sources } from "../ui/sources.tsx";
import { fieldText } from "./format.ts";

const SHORT = 160;

/** The agreement's log, newest first: who recorded what, when, effective when, on what source. */
export function AuditTrail({
  events,
  knownAt,
  names,
  termKind,
}: {
  events: readonly StoredEvent[];
  knownAt?: string | undefined;
  names: Namer;
  /** A term's kind by id: what an amendment's `holder` names depends on it. */
  termKind: (termId: unknown) => string | undefined;
}) {
  const newestFirst = [...events].reverse();
  const fields = (event: StoredEvent) => {
    const context = { type: event.type, termKind: termKind(event.data.termId) };
    return Object.entries(event.data).map(
      ([key, value]) => [key, fieldText(names, key, value, context)] as const,
    );
  };
  const gist = (event: StoredEvent) => {
    const text = fields(event)
      .map(([key, value]) => `${key}: ${value}`)
      .join(" · ");
    return text.length > SHORT ? `${text.slice(0, SHORT - 1)}…` : text;
  };
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
            <p className="gist">{gist(event)}</p>
            <p className="muted small">
              Recorded {describeInstant(event.recordedAt)} by <strong>{event.recordedBy}</strong> ·
              Sources: <Sources sources={event.sources} inline />
            </p>
            <details>
              <summary>All fields</summary>
              <dl className="facts">
                {fields(event).map(([key, value]) => (
                  <div key={key}>
                    <dt>{key}</dt>
                    <dd>{value}</dd>
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
