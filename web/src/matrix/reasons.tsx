import { useState } from "react";
import { useAgreementTitles, useEntitlement, useEvents } from "../api/reads.ts";
import type { Cell, Reason, StoredEvent } from "../api/types.ts";
import { describeDate } from "../lib/dates.ts";
import { type Namer, reasonLabel } from "../lib/names.ts";
import { Link } from "../lib/router.tsx";
import { eventTypeName, splitSummary, termName, verdict } from "../lib/verdict.ts";
import { AvailabilityWindows } from "../ui/availability.tsx";
import { CertaintyMark, CertaintyNote, ReasonFacts } from "../ui/certainty.tsx";
import { DecisionBadge } from "../ui/decision.tsx";
import { Sources } from "../ui/sources.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";

const touches = (event: StoredEvent, termId: string) =>
  event.data.termId === termId ||
  (Array.isArray(event.data.termIds) && event.data.termIds.includes(termId));

/** The events in an agreement's log that made or changed a term, in words (the type on hover). */
function TermEvents({ agreementId, termId }: { agreementId: string; termId: string }) {
  const events = useEvents(agreementId);
  if (events.loading) return <span className="muted">loading its events…</span>;
  if (!events.data) return null;
  const related = events.data.filter((event) => touches(event, termId));
  if (related.length === 0) return null;
  return (
    <ul className="event-refs" aria-label={`Changes to ${termName(termId)}`}>
      {related.map((event) => (
        <li key={event.id} title={`${event.type} (event ${event.id})`}>
          v{event.version} {eventTypeName(event.type)}, effective{" "}
          {describeDate(event.effectiveOn, event.precision)}
        </li>
      ))}
    </ul>
  );
}

/** A reason says its lead once: "Non-exclusive grant" then the term, never "Granted Non-exclusive grant: …". */
function ReasonText({ code, summary }: { code: string; summary: string }) {
  const { lead, rest } = splitSummary(summary);
  return (
    <p>
      <span className="reason-code">{lead ?? reasonLabel(code)}</span>{" "}
      {lead ? rest : summary === reasonLabel(code) ? null : summary}
    </p>
  );
}

export function Reasons({
  cell,
  segment,
  at,
  knownAt,
  names,
  onClose,
}: {
  cell: Cell;
  segment: string;
  at: string;
  knownAt?: string | undefined;
  names: Namer;
  onClose: () => void;
}) {
  const [showWindows, setShowWindows] = useState(false);
  const answer = useEntitlement(
    { product: cell.product, provider: cell.provider, segment },
    at,
    knownAt,
  );
  // While another cell's answer is still held, show none: its reasons are not this cell's.
  const current = answer.stale ? undefined : answer.data;
  const provider = names.provider(cell.provider);
  const product = names.product(cell.product);
  return (
    <section
      className="panel reasons"
      aria-labelledby="reasons-heading"
      data-testid="reasons"
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        onClose();
      }}
    >
      <div className="panel-head">
        <h2 id="reasons-heading" tabIndex={-1}>
          {product} on {provider}, {describeDate(at)}: <DecisionBadge decision={cell.decision} />
          <CertaintyMark certainty={cell.certainty} />
        </h2>
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
          Close<span className="visually-hidden"> the reasons</span>
        </button>
      </div>
      {current ? (
        <>
          <p className="verdict" data-testid="verdict">
            {verdict(provider, current.decision, current.reasons)}
          </p>
          <CertaintyNote certainty={current.certainty} reasons={current.reasons} />
        </>
      ) : answer.error ? (
        <ErrorNote error={answer.error} what="the reasons" retry={answer.reload} />
      ) : (
        <Loading what="the reasons" />
      )}
      <button
        type="button"
        aria-expanded={showWindows}
        onClick={() => setShowWindows((shown) => !shown)}
      >
        {showWindows ? "Hide" : "Show"} when {product} may run on {provider}
      </button>
      {showWindows ? (
        <AvailabilityWindows
          product={cell.product}
          provider={cell.provider}
          segment={segment}
          title={`${product} on ${provider}`}
        />
      ) : null}
      {current ? <ReasonList reasons={current.reasons} at={at} /> : null}
    </section>
  );
}

/** The terms behind an answer, each with its agreement, its changes and its sources. */
function ReasonList({ reasons, at }: { reasons: Reason[]; at: string }) {
  const agreementTitle = useAgreementTitles(reasons.flatMap(({ agreementId: id }) => id ?? []));
  return (
    <>
      {reasons.length === 0 ? <p>No term speaks to this cell.</p> : null}
      <ol className="reason-list">
        {reasons.map((reason, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: reasons come in a fixed order
          <li key={index} className="reason" data-code={reason.code}>
            <ReasonText code={reason.code} summary={reason.summary} />
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
                    <span title={`Term id: ${reason.termId}`} data-term-id={reason.termId}>
                      {termName(reason.termId)}
                    </span>
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
    </>
  );
}
