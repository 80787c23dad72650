import { useEffect } from "react";
import { answeredQuestionsOf, disputesOf, questionsOf } from "../api/extras.ts";
import { useAgreement, useCatalog, useEvents } from "../api/reads.ts";
import { describeDate } from "../lib/dates.ts";
import { namer } from "../lib/names.ts";
import { Link, setQuery, useQuery } from "../lib/router.tsx";
import { useSession } from "../lib/session.tsx";
import { useViewState } from "../lib/view-state.ts";
import { DateField, InstantField } from "../ui/date-field.tsx";
import { AnswersUpdating, ErrorNote, Loading } from "../ui/status.tsx";
import { AuditTrail } from "./audit-trail.tsx";
import { changeAnchor } from "./change-item.tsx";
import { AnsweredQuestions, Disputes, OpenQuestions } from "./disputes.tsx";
import { termName } from "./term-name.ts";
import { Terms } from "./terms.tsx";

/** The version a link to one change points at (`#change-v12`), if it does. */
function focusedVersion(): number | undefined {
  const version = /^#change-v(\d+)$/.exec(window.location.hash)?.[1];
  return version === undefined ? undefined : Number(version);
}

export function AgreementPage({ id }: { id: string }) {
  const { at, setAt } = useViewState();
  const query = useQuery();
  const knownAt = query.get("knownAt") ?? undefined;
  const recorded = query.get("recorded");
  const updating = query.get("updating") === "1";
  const { canEdit } = useSession();
  const agreement = useAgreement(id, at, knownAt);
  const events = useEvents(id);
  const names = namer(useCatalog().data);

  useEffect(() => {
    document.title = `${agreement.data?.title ?? id} · Termline`;
  }, [agreement.data?.title, id]);
  // A link to one change (`#change-v12`, from the saved notice or the tenant-wide trail) lands on it.
  const eventsLoaded = events.data !== undefined;
  useEffect(() => {
    if (!eventsLoaded || !window.location.hash) return;
    const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    target?.scrollIntoView({ block: "center" });
  }, [eventsLoaded]);

  if (agreement.error)
    return <ErrorNote error={agreement.error} what={`agreement ${id}`} retry={agreement.reload} />;
  if (!agreement.data) return <Loading what={`agreement ${id}`} />;
  const data = agreement.data;
  const disputes = disputesOf(data);
  const questions = questionsOf(data);
  const answered = answeredQuestionsOf(data);
  // The record form opens on "an open question was answered" for this question, effective on the date shown.
  const answerLink = (question: { id: string }) =>
    `/agreements/${id}/record?${new URLSearchParams({
      at,
      intent: "answered",
      question: question.id,
      effectiveOn: at,
    })}`;
  const settleLink = (dispute: { id: string }) =>
    `/agreements/${id}/record?${new URLSearchParams({
      at,
      intent: "dispute",
      dispute: dispute.id,
      effectiveOn: at,
    })}`;
  const termNameOf = (termId: string) => {
    const term = data.terms.find((candidate) => candidate.id === termId);
    return term ? termName(term) : undefined;
  };
  const openDisputes = disputes.filter((dispute) => dispute.status === "open").length;

  return (
    <article aria-busy={agreement.loading} data-testid="agreement" data-version={data.version}>
      <p className="crumbs">
        <Link to={`/agreements?at=${at}`}>Agreements</Link> /
      </p>
      <h1>{data.title}</h1>
      <p className="muted">
        {data.kind} · {data.status} · version {data.version} ·{" "}
        {data.parties.map((party) => `${names.party(party.party)} (${party.role})`).join(", ")}
      </p>
      {recorded ? (
        <p className="status success" role="status" data-testid="recorded">
          Saved as version {recorded}.{" "}
          <a href={`#${changeAnchor(Number(recorded))}`}>See it in the audit trail</a>
          {updating ? (
            <>
              {" "}
              <AnswersUpdating change="change" testId="answers-updating" />
            </>
          ) : null}
        </p>
      ) : null}
      {canEdit ? (
        <p>
          <Link className="button primary" to={`/agreements/${id}/record?at=${at}`}>
            Record a change
          </Link>
        </p>
      ) : null}
      <div className="controls">
        <DateField label="Terms in force on" value={at} onChange={setAt} />
        <InstantField
          label="As known at"
          value={knownAt}
          onChange={(instant) => setQuery({ knownAt: instant })}
        />
        {knownAt ? (
          <button type="button" onClick={() => setQuery({ knownAt: undefined })}>
            Back to what is known now
          </button>
        ) : null}
      </div>
      {knownAt ? (
        <p className="status notice" role="status">
          Showing what had been recorded by {knownAt}; later events are marked in the audit trail.
        </p>
      ) : null}
      {agreement.loading ? <Loading what="the terms" /> : null}
      <section aria-labelledby="terms-heading">
        <h2 id="terms-heading">Terms on {describeDate(data.at)}</h2>
        <Terms terms={data.terms} />
      </section>
      <section aria-labelledby="disputes-heading">
        <h2 id="disputes-heading">Disputes{openDisputes > 0 ? ` (${openDisputes} open)` : ""}</h2>
        <Disputes
          disputes={disputes}
          partyName={names.party}
          settleLink={canEdit ? settleLink : undefined}
        />
      </section>
      <section aria-labelledby="questions-heading">
        <h2 id="questions-heading">Open questions</h2>
        <OpenQuestions
          questions={questions}
          answerLink={canEdit ? answerLink : undefined}
          termName={termNameOf}
        />
      </section>
      <section aria-labelledby="answered-heading">
        <h2 id="answered-heading">Answered questions</h2>
        <AnsweredQuestions questions={answered} termName={termNameOf} />
      </section>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        <p>
          <Link to={`/changes?agreement=${encodeURIComponent(id)}`}>
            Changes across every agreement
          </Link>
        </p>
        {events.loading ? <Loading what="the audit trail" /> : null}
        {events.error ? (
          <ErrorNote error={events.error} what="the audit trail" retry={events.reload} />
        ) : null}
        {events.data ? (
          <AuditTrail
            events={events.data}
            knownAt={knownAt}
            names={names}
            terms={data.terms}
            recorded={recorded ? Number(recorded) : undefined}
            focus={focusedVersion()}
            correctLink={
              canEdit
                ? (version) =>
                    `/agreements/${id}/record?${new URLSearchParams({ at, intent: "correct", version: String(version) })}`
                : undefined
            }
          />
        ) : null}
      </section>
    </article>
  );
}
