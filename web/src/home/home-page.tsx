import { type ReactNode, useEffect } from "react";
import { disputesOf, questionsOf } from "../api/extras.ts";
import {
  useAgreements,
  useAllAgreements,
  useCatalog,
  useDeadlines,
  useWorkloads,
} from "../api/reads.ts";
import { ConflictList } from "../conflicts/conflict-list.tsx";
import { countdownFor, describeDate, describeInstant, todayUtc } from "../lib/dates.ts";
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

const tenYearsOn = (date: string) => `${Number(date.slice(0, 4)) + 10}${date.slice(4)}`;

/** What someone opens on a Monday morning: what is due, what changed, and what is unsettled. */
export default function HomePage() {
  const today = todayUtc();
  const { me } = useSession();
  const deadlines = useDeadlines(today);
  const changes = useRecentChanges(8);
  const everything = useAllAgreements(today);
  const conflicts = useConflicts(today, tenYearsOn(today));
  const workloads = useWorkloads();
  const names = namer(useCatalog().data);
  const titles = useAgreements().data?.agreements;
  const agreementTitle = (id: string) => titles?.find((item) => item.id === id)?.title ?? id;
  useEffect(() => {
    document.title = "Home · Termline";
  }, []);

  // A deadline the person snoozed stays off their Monday page until it wakes.
  const next = (deadlines.data?.deadlines ?? []).filter((d) => !d.snoozedUntil).slice(0, 5);
  const agreements = everything.data ?? [];
  const disputes = agreements.flatMap((agreement) =>
    disputesOf(agreement)
      .filter((dispute) => dispute.status === "open")
      .map((dispute) => ({ agreement, dispute })),
  );
  const questions = agreements.flatMap((agreement) =>
    questionsOf(agreement).map((question) => ({ agreement, question })),
  );
  const loadingAll = { loading: everything.loading, error: everything.error };

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
          state={{ ...deadlines, empty: next.length === 0, none: "Nothing is due." }}
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
          state={{ ...loadingAll, empty: disputes.length === 0, none: "No dispute is open." }}
        >
          <ul className="plain-list">
            {disputes.map(({ agreement, dispute }) => (
              <li key={`${agreement.id}:${dispute.id}`}>
                {dispute.claim}{" "}
                <span className="muted">
                  ({dispute.raisedOn ? `since ${describeDate(dispute.raisedOn)}, ` : ""}
                  <Link to={`/agreements/${agreement.id}`}>{agreement.title}</Link>)
                </span>
              </li>
            ))}
          </ul>
        </Section>
        <Section
          title="Open questions"
          state={{ ...loadingAll, empty: questions.length === 0, none: "No question is open." }}
        >
          <ul className="plain-list">
            {questions.map(({ agreement, question }) => (
              <li key={`${agreement.id}:${question.id}`}>
                {question.question}{" "}
                <span className="muted">
                  (<Link to={`/agreements/${agreement.id}`}>{agreement.title}</Link>)
                </span>
              </li>
            ))}
          </ul>
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
              agreementTitle={agreementTitle}
              brief
            />
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
