import { type ReactNode, useEffect } from "react";
import {
  OPEN_MATTERS_SHOWN,
  useCatalog,
  useFirstDeadlines,
  useOpenDisputes,
  useOpenQuestions,
  useWorkloads,
} from "../api/reads.ts";
import { ConflictList } from "../conflicts/conflict-list.tsx";
import { countdownFor, describeDate, describeInstant, todayUtc, yearsOn } from "../lib/dates.ts";
import { namer } from "../lib/names.ts";
import { Link } from "../lib/router.tsx";
import { useConflicts, useRecentChanges } from "../lib/screen-reads.ts";
import { useSession } from "../lib/session.tsx";
import { eventTypeName } from "../lib/verdict.ts";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { WorkloadLine } from "./workload-line.tsx";

function Section({
  title,
  more,
  state,
  children,
}: {
  title: string;
  more?: { to: string; label: string };
  state: { loading: boolean; error: unknown; reload?: () => void; empty: boolean; none: string };
  children: ReactNode;
}) {
  const id = `home-${title.toLowerCase().replaceAll(" ", "-")}`;
  return (
    <section className="panel" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      {state.loading ? <Loading what={title.toLowerCase()} /> : null}
      {state.error ? (
        <ErrorNote error={state.error} what={title.toLowerCase()} retry={state.reload} />
      ) : null}
      {!state.loading && !state.error && state.empty ? <p className="muted">{state.none}</p> : null}
      {children}
      {more ? <Link to={more.to}>{more.label}</Link> : null}
    </section>
  );
}

/** A long list is cut, and says so: each agreement's page lists all of its own. */
const MoreThanShown = ({ next, what }: { next: string | undefined; what: string }) =>
  next === undefined ? null : (
    <p className="muted">
      The first {OPEN_MATTERS_SHOWN} {what} are shown; each agreement's page lists all of its own.
    </p>
  );

/** The conflicts a Monday page lists: the first to start; the conflicts page has them all. */
const CONFLICTS_SHOWN = 10;

/** The next deadlines read: enough that the five shown remain when some are snoozed. */
const DEADLINES_READ = 20;

/** What someone opens on a Monday morning: what is due, what changed, and what is unsettled. */
export default function HomePage() {
  const today = todayUtc();
  const { me } = useSession();
  const deadlines = useFirstDeadlines(today, DEADLINES_READ);
  const changes = useRecentChanges(8);
  const openDisputes = useOpenDisputes(today);
  const openQuestions = useOpenQuestions(today);
  const conflicts = useConflicts(today, yearsOn(today, 10), CONFLICTS_SHOWN);
  const workloads = useWorkloads();
  const names = namer(useCatalog().data);
  useEffect(() => {
    document.title = "Home · Termline";
  }, []);

  // A deadline the person snoozed stays off their Monday page until it wakes.
  const next = (deadlines.data?.deadlines ?? []).filter((d) => !d.snoozedUntil).slice(0, 5);
  const disputes = openDisputes.data?.disputes ?? [];
  const questions = openQuestions.data?.questions ?? [];

  return (
    <>
      <h1>Good to see you, {me.name}</h1>
      <p className="lede">
        Today is {describeDate(today)}. What is due next, what changed lately, and what is still
        unsettled in {me.tenant}'s agreements.
      </p>
      <div className="home-grid">
        <Section
          title="Next deadlines"
          more={{ to: "/deadlines", label: "All deadlines" }}
          state={{
            ...deadlines,
            empty: next.length === 0,
            none: deadlines.data?.next
              ? `Your next ${DEADLINES_READ} deadlines are all snoozed.`
              : "Nothing is due.",
          }}
        >
          <ul className="plain-list">
            {next.map((deadline) => (
              <li key={deadline.id} data-deadline={deadline.id}>
                <strong className="countdown">
                  {countdownFor(today, deadline.date, deadline.precision)}
                </strong>{" "}
                {/* The summary says the date already, at its precision. */}
                {deadline.summary}
                {deadline.owner ? ` · owner ${deadline.owner.name}` : ""}
              </li>
            ))}
          </ul>
        </Section>
        <Section
          title="Recent changes"
          state={{
            ...changes,
            empty: (changes.data?.changes.length ?? 0) === 0,
            none: "Nothing has been recorded yet.",
          }}
        >
          <ul className="plain-list">
            {changes.data?.changes.map((change) => (
              <li key={change.eventId} title={`${change.type}, event ${change.eventId}`}>
                {eventTypeName(change.type)} in{" "}
                <Link to={`/agreements/${change.agreementId}`}>{change.agreementTitle}</Link>,
                effective {describeDate(change.effectiveOn, change.precision)}
                <br />
                <span className="muted">
                  recorded by {change.recordedBy}, {describeInstant(change.recordedAt)}
                </span>
              </li>
            ))}
          </ul>
        </Section>
        <Section
          title="Open disputes"
          state={{ ...openDisputes, empty: disputes.length === 0, none: "No dispute is open." }}
        >
          <ul className="plain-list">
            {disputes.map((dispute) => (
              <li key={`${dispute.agreementId}:${dispute.id}`}>
                {dispute.claim}{" "}
                <span className="muted">
                  (since {describeDate(dispute.raisedOn)},{" "}
                  <Link to={`/agreements/${dispute.agreementId}`}>{dispute.agreementTitle}</Link>)
                </span>
              </li>
            ))}
          </ul>
          <MoreThanShown next={openDisputes.data?.next} what="open disputes" />
        </Section>
        <Section
          title="Open questions"
          state={{ ...openQuestions, empty: questions.length === 0, none: "No question is open." }}
        >
          <ul className="plain-list">
            {questions.map((question) => (
              <li key={`${question.agreementId}:${question.id}`}>
                {question.question}{" "}
                <span className="muted">
                  (<Link to={`/agreements/${question.agreementId}`}>{question.agreementTitle}</Link>
                  )
                </span>
              </li>
            ))}
          </ul>
          <MoreThanShown next={openQuestions.data?.next} what="open questions" />
        </Section>
        <Section
          title="Conflicts"
          more={{ to: "/conflicts", label: "All conflicts" }}
          state={{
            ...conflicts,
            empty: (conflicts.data?.conflicts.length ?? 0) === 0,
            none: "No terms contradict each other in the next ten years.",
          }}
        >
          {conflicts.data ? (
            <ConflictList
              conflicts={conflicts.data.conflicts}
              rangeEnd={conflicts.data.to}
              names={names}
              brief
            />
          ) : null}
          {conflicts.data?.more ? (
            <p className="muted">
              The first {CONFLICTS_SHOWN} to start are shown; all conflicts lists every one.
            </p>
          ) : null}
        </Section>
        <Section
          title="Workloads"
          more={{ to: "/workloads", label: "Plan or compare workloads" }}
          state={{
            ...workloads,
            empty: (workloads.data?.workloads.length ?? 0) === 0,
            none: "No workloads yet.",
          }}
        >
          <ul className="plain-list">
            {workloads.data?.workloads.map((workload) => (
              <WorkloadLine key={workload.id} workload={workload} today={today} names={names} />
            ))}
          </ul>
        </Section>
      </div>
    </>
  );
}
