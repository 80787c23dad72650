import { useEffect, useId, useState } from "react";
import { api } from "../api/client.ts";
import { useAgreements, useAlertPolicy, useDeadlines } from "../api/reads.ts";
import type { Deadline } from "../api/types.ts";
import { countdown, describeDate, todayUtc } from "../lib/dates.ts";
import { Link } from "../lib/router.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";

function Alerts({ deadline, today }: { deadline: Deadline; today: string }) {
  if (deadline.acknowledged)
    return (
      <p>
        Acknowledged by {deadline.acknowledged.by} on {describeDate(deadline.acknowledged.on)}: no
        more reminders unless the date moves.
      </p>
    );
  return (
    <ul className="alerts" aria-label="Alert schedule">
      {deadline.alerts.map((alert) => (
        <li key={alert.leadDays} className={alert.on < today ? "passed" : "upcoming"}>
          {alert.leadDays} days before: {describeDate(alert.on)}{" "}
          <span className="muted">({alert.on < today ? "sent" : countdown(today, alert.on)})</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A calendar feed gets a secret of its own (read-only, revocable): the person's own token never
 * goes into a calendar's URL. The address is shown once, when the feed is made.
 */
function Subscribe() {
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const fieldId = useId();
  const create = async () => {
    setProblem(null);
    const response = await api.feeds.$post();
    if (response.status !== 201) return setProblem("The feed could not be created. Try again.");
    setUrl((await response.json()).url);
  };
  return (
    <section className="panel" aria-labelledby="ics-heading">
      <h2 id="ics-heading">Subscribe in your calendar</h2>
      {url === null ? (
        <>
          <p>
            A calendar feed has an address of its own that can read these deadlines and nothing
            else. It can be revoked at any time.
          </p>
          <button type="button" onClick={() => void create()}>
            Create a calendar feed
          </button>
          {problem && <p role="alert">{problem}</p>}
        </>
      ) : (
        <>
          <p>
            <a href={url.replace(/^https?:/, "webcal:")}>Subscribe (webcal)</a> ·{" "}
            <a href={url}>Download the .ics file</a>
          </p>
          <label htmlFor={fieldId}>Feed address (paste into your calendar app)</label>
          <div className="copy-row">
            <input id={fieldId} readOnly value={url} onFocus={(event) => event.target.select()} />
            <button
              type="button"
              onClick={() =>
                navigator.clipboard?.writeText(url).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
          <p className="hint" aria-live="polite">
            Shown once: keep it in your calendar. It reads deadlines only, and revoking it (DELETE
            /api/v1/feeds/…) stops it at once.
          </p>
        </>
      )}
    </section>
  );
}

export default function DeadlinesPage() {
  const today = todayUtc();
  const deadlines = useDeadlines(today);
  const policy = useAlertPolicy();
  const agreements = useAgreements().data?.agreements;
  const titleOf = (id: string) => agreements?.find((item) => item.id === id)?.title ?? id;
  useEffect(() => {
    document.title = "Deadlines · Termline";
  }, []);
  return (
    <>
      <h1>Deadlines</h1>
      <p className="lede">
        Every date that matters from today ({describeDate(today)}) on. A date known only to the
        month or year counts down to the last day it could be.
        {policy.data ? ` Alerts go out ${policy.data.leadDays.join(", ")} days before.` : ""}
      </p>
      <Subscribe />
      {deadlines.loading ? <Loading what="the deadlines" /> : null}
      {deadlines.error ? (
        <ErrorNote error={deadlines.error} what="the deadlines" retry={deadlines.reload} />
      ) : null}
      {deadlines.data?.deadlines.length === 0 ? <p>No upcoming deadlines.</p> : null}
      <ol className="deadlines" data-testid="deadlines">
        {deadlines.data?.deadlines.map((deadline) => (
          <li key={deadline.id} id={deadline.id} className="card" data-deadline={deadline.id}>
            <h2>
              <span className="countdown">{countdown(today, deadline.date)}</span>{" "}
              {describeDate(deadline.date, deadline.precision)}
              {deadline.precision === "day" ? null : (
                <span className="muted"> (counted to {describeDate(deadline.date)})</span>
              )}
            </h2>
            <p>{deadline.summary}</p>
            {deadline.owner ? <p>Owner: {deadline.owner.name}</p> : null}
            <p className="muted">
              {deadline.kind} ·{" "}
              <Link to={`/agreements/${deadline.agreementId}`}>
                {titleOf(deadline.agreementId)}
              </Link>
              {deadline.termId ? (
                <>
                  {" "}
                  · term <code>{deadline.termId}</code>
                </>
              ) : null}
            </p>
            <Alerts deadline={deadline} today={today} />
          </li>
        ))}
      </ol>
    </>
  );
}
