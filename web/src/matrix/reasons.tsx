import { useState } from "react";
import { termName as termNameOf } from "../agreements/term-name.ts";
import { termChanges, termEnded, termGrantedIn } from "../api/extras.ts";
import { useAgreementDetailsNamed, useEntitlement } from "../api/reads.ts";
import type { Cell, Reason, Term } from "../api/types.ts";
import { describeDate, type Precision } from "../lib/dates.ts";
import { type Namer, reasonLabel } from "../lib/names.ts";
import { Link } from "../lib/router.tsx";
import { splitSummary, termName, verdict } from "../lib/verdict.ts";
import { AvailabilityWindows } from "../ui/availability.tsx";
import { CertaintyMark, CertaintyNote, ReasonFacts } from "../ui/certainty.tsx";
import { DecisionBadge } from "../ui/decision.tsx";
import { Sources } from "../ui/sources.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";

/** How a term was granted, changed and ended, in words, as its agreement's view tells it. */
function TermChanges({ term }: { term: Term }) {
  const granted = termGrantedIn(term);
  const { from, fromPrecision } = term.effective;
  const ended = termEnded(term);
  const lines = [
    ...(granted === undefined
      ? []
      : [{ version: granted, what: "Granted", on: from, precision: fromPrecision as Precision }]),
    ...termChanges(term).map(({ version, text, on, precision }) => ({
      version,
      what: text || "Changed",
      on,
      precision,
    })),
    ...(ended ? [{ ...ended, what: ended.text ? `Ended: ${ended.text}` : "Ended" }] : []),
  ];
  return (
    <ul className="event-refs" aria-label={`Changes to ${termName(term.id)}`}>
      {lines.map(({ version, what, on, precision }) => (
        <li key={`${version}:${on}`}>
          {version === undefined ? "" : `v${version} `}
          {what}, effective {describeDate(on, precision)}
        </li>
      ))}
    </ul>
  );
}

function ReasonTerm({ term, loading }: { term: Term | undefined; loading: boolean }) {
  if (term) return <TermChanges term={term} />;
  return loading ? <span className="muted">loading its changes…</span> : null;
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
      {current ? <ReasonList reasons={current.reasons} at={at} knownAt={knownAt} /> : null}
    </section>
  );
}

/**
 * The terms behind an answer, each with its agreement, its changes and its sources. The cited
 * agreements are read together, by id (one request), as the answer saw them.
 */
function ReasonList({
  reasons,
  at,
  knownAt,
}: {
  reasons: Reason[];
  at: string;
  knownAt?: string | undefined;
}) {
  const cited = useAgreementDetailsNamed(
    reasons.flatMap(({ agreementId: id }) => id ?? []),
    at,
    knownAt,
  );
  const agreementOf = (id: string) => cited.data?.get(id);
  const termOf = (agreementId: string, termId: string) =>
    agreementOf(agreementId)?.terms.find(({ id }) => id === termId);
  // Named as the agreement page names it (its kind and what it says) once its agreement is read.
  const namedTerm = (agreementId: string | null, termId: string) => {
    const term = agreementId ? termOf(agreementId, termId) : undefined;
    return term ? termNameOf(term) : termName(termId);
  };
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
                      {agreementOf(reason.agreementId)?.title ?? reason.agreementId}
                    </Link>
                  </dd>
                </>
              ) : null}
              {reason.termId ? (
                <>
                  <dt>Term</dt>
                  <dd>
                    <span title={`Term id: ${reason.termId}`} data-term-id={reason.termId}>
                      {namedTerm(reason.agreementId, reason.termId)}
                    </span>
                    <ReasonTerm
                      term={
                        reason.agreementId ? termOf(reason.agreementId, reason.termId) : undefined
                      }
                      loading={cited.loading}
                    />
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
