import { useEffect, useState } from "react";
import {
  DEADLINES_A_PAGE,
  useAgreementsNamed,
  useAlertPolicy,
  useDeadlinePages,
} from "../api/reads.ts";
import { describeDate, todayUtc } from "../lib/dates.ts";
import { usePeople } from "../lib/screen-reads.ts";
import { useSession } from "../lib/session.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { DeadlineCard } from "./deadline-card.tsx";
import { Subscribe } from "./subscribe.tsx";

export default function DeadlinesPage() {
  const today = todayUtc();
  const { canEdit } = useSession();
  const [pages, setPages] = useState(1);
  const deadlines = useDeadlinePages(today, pages);
  const policy = useAlertPolicy();
  const people = usePeople(canEdit);
  const all = deadlines.data?.items ?? [];
  const more = deadlines.data?.next !== undefined;
  const agreementOf = useAgreementsNamed(all.map(({ agreementId }) => agreementId));
  useEffect(() => {
    document.title = "Deadlines · Termline";
  }, []);
  // The API says `snoozedUntil` only for the caller's own snoozes, and only while they hold.
  const awake = all.filter((deadline) => !deadline.snoozedUntil);
  const asleep = all.filter((deadline) => deadline.snoozedUntil);
  const card = (deadline: (typeof all)[number]) => (
    <DeadlineCard
      key={deadline.id}
      deadline={deadline}
      today={today}
      agreementTitle={agreementOf(deadline.agreementId)?.title ?? deadline.agreementId}
      agreementVersion={agreementOf(deadline.agreementId)?.version}
      canEdit={canEdit}
      people={people.data?.people ?? []}
    />
  );
  return (
    <>
      <h1>Deadlines</h1>
      <p className="lede">
        Every date that matters from today ({describeDate(today)}) on. A date known only to the year
        happens "during" that year, and one known to the month during that month.
        {policy.data ? ` Alerts go out ${policy.data.leadDays.join(", ")} days before.` : ""}
        {canEdit ? " Name an owner or acknowledge what has been seen." : ""} Snooze one to set it
        aside for a while: it moves under “Snoozed by you” and your reminder e-mails about it pause
        until the day it wakes, wherever you sign in.
      </p>
      <Subscribe />
      {deadlines.loading ? <Loading what="the deadlines" /> : null}
      {deadlines.error ? (
        <ErrorNote error={deadlines.error} what="the deadlines" retry={deadlines.reload} />
      ) : null}
      {people.error ? <ErrorNote error={people.error} what="the people" /> : null}
      {deadlines.data && all.length === 0 ? <p>No upcoming deadlines.</p> : null}
      <h2 className="visually-hidden">Upcoming</h2>
      <ol className="deadlines" data-testid="deadlines">
        {awake.map(card)}
      </ol>
      {more ? (
        <p>
          <button type="button" disabled={deadlines.loading} onClick={() => setPages(pages + 1)}>
            Show the next {DEADLINES_A_PAGE} deadlines
          </button>
        </p>
      ) : null}
      {asleep.length > 0 ? (
        <section aria-labelledby="snoozed-heading">
          <h2 id="snoozed-heading">Snoozed by you{more ? ", among the deadlines shown" : ""}</h2>
          <ol className="deadlines" data-testid="snoozed">
            {asleep.map(card)}
          </ol>
        </section>
      ) : null}
    </>
  );
}
