import { useEvents } from "../api/reads.ts";
import type { Cell, StoredEvent } from "../api/types.ts";
import { describeDate } from "../lib/dates.ts";
import { type Namer, reasonLabel } from "../lib/names.ts";
import { Link } from "../lib/router.tsx";
import { CertaintyMark, CertaintyNote, ReasonFacts } from "../ui/certainty.tsx";
import { DecisionBadge } from "../ui/decision.tsx";
import { Sources } from "../ui/sources.tsx";

const touches = (event: StoredEvent, termId: string) =>
  event.data.termId === termId ||
  (Array.isArray(event.data.termIds) && event.data.termIds.includes(termId));

/** The events in an agreement's log that made or changed a term. */
function TermEvents({ agreementId, termId }: { agreementId: string; termId: string }) {
  const events = useEvents(agreementId);
  if (events.loading) return <span className="muted">loading its events…</span>;
  if (!events.data) return null;
  const related = events.data.filter((event) => touches(event, termId));
  if (related.length === 0) return null;
  return (
    <ul className="event-refs" aria-label={`Events behind ${termId}`}>
      {related.map((event) => (
        <li key={event.id}>
          v{event.version} {event.type}, effective{" "}
          {describeDate(event.effectiveOn, event.precision)}
        </li>
      ))}
    </ul>
  );
}

export function Reasons({
  cell,
  at,
  names,
  agreementTitle,
  onClose,
}: {
  cell: Cell;
  at: string;
  names: Namer;
  agreementTitle: (id: string) => string;
  onClose: () => void;
}) {
  return (
    <section className="panel reasons" aria-labelledby="reasons-heading" data-testid="reasons">
      <div className="panel-head">
        <h2 id="reasons-heading" tabIndex={-1}>
          {names.product(cell.product)} on {names.provider(cell.provider)}, {describeDate(at)}:{" "}
          <DecisionBadge decision={cell.decision} />
          <CertaintyMark certainty={cell.certainty} />
        </h2>
        <button type="button" onClick={onClose}>
          Close<span className="visually-hidden"> the reasons</span>
        </button>
      </div>
      <CertaintyNote certainty={cell.certainty} reasons={cell.reasons} />
      {cell.reasons.length === 0 ? <p>No term speaks to this cell.</p> : null}
      <ol className="reason-list">
        {cell.reasons.map((reason, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: reasons come in a fixed order
          <li key={index} className="reason" data-code={reason.code}>
            <p>
              <span className="reason-code">{reasonLabel(reason.code)}</span> {reason.summary}
            </p>
            <dl className="facts">
              {reason.agreementId ? (
                <>
                  <dt>Agreement</dt>
                  <dd>
                    <Link to={`/agreements/${reason.agreementId}?at=${at}`}>
                      {agreementTitle(reason.agreementId)}
                    </Link>
                  </dd>
                </>
              ) : null}
              {reason.termId ? (
                <>
                  <dt>Term</dt>
                  <dd>
                    <code>{reason.termId}</code>
                    {reason.agreementId ? (
                      <TermEvents agreementId={reason.agreementId} termId={reason.termId} />
                    ) : null}
                  </dd>
                </>
              ) : null}
              <ReasonFacts reason={reason} />
              <dt>Sources</dt>
              <dd>
                <Sources sources={reason.sources} />
              </dd>
            </dl>
          </li>
        ))}
      </ol>
    </section>
  );
}
