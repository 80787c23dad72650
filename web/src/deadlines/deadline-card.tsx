import { useId, useState } from "react";
import { api, ok } from "../api/client.ts";
import type { Deadline } from "../api/types.ts";
import { addDays, countdown, countdownFor, describeDate } from "../lib/dates.ts";
import { invalidateAll } from "../lib/resource.ts";
import { Link } from "../lib/router.tsx";
import type { Person } from "../lib/screen-reads.ts";
import { describeError } from "../ui/status.tsx";

export const kindName = (kind: string): string => {
  const words = kind.replaceAll("-", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function Alerts({ deadline, today }: { deadline: Deadline; today: string }) {
  if (deadline.acknowledged)
    return (
      <p data-testid="acknowledged">
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

/** Records that a person has seen the deadline (a `DeadlineAcknowledged` event): reminders stop. */
async function acknowledge(deadline: Deadline, version: number, today: string): Promise<void> {
  const post = (expectedVersion: number) =>
    ok(
      api.agreements[":id"].events.$post({
        param: { id: deadline.agreementId },
        query: {},
        header: {},
        json: {
          expectedVersion,
          events: [{ type: "DeadlineAcknowledged", deadlineId: deadline.id, effectiveOn: today }],
        },
      }),
    );
  try {
    await post(version);
  } catch (error) {
    // The agreement moved on since the list was read: acknowledge against the newer version.
    const current = (error as { problem?: { currentVersion?: number } }).problem?.currentVersion;
    if (typeof current !== "number") throw error;
    await post(current);
  }
}

export function DeadlineCard({
  deadline,
  today,
  agreementTitle,
  agreementVersion,
  canEdit,
  people,
}: {
  deadline: Deadline;
  today: string;
  agreementTitle: string;
  agreementVersion: number | undefined;
  canEdit: boolean;
  people: readonly Person[];
}) {
  const id = useId();
  const [owner, setOwner] = useState(deadline.owner?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const run = async (work: () => Promise<void>, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await work();
      setMessage({ text: done, error: false });
      invalidateAll();
    } catch (error) {
      setMessage({ text: describeError(error).detail, error: true });
    } finally {
      setBusy(false);
    }
  };
  const saveOwner = () =>
    run(
      async () => {
        const path = { param: { id: deadline.id } };
        if (owner)
          await ok(api.deadlines[":id"].owner.$put({ ...path, json: { personId: owner } }));
        else await ok(api.deadlines[":id"].owner.$delete(path));
      },
      owner ? "Owner saved: they get its reminders." : "The deadline has no owner now.",
    );
  // A snooze is the caller's own and kept by the API, so it follows them to any browser and
  // pauses their reminder e-mails too; `snoozedUntil` is the day it wakes.
  const { snoozedUntil } = deadline;
  const param = { param: { id: deadline.id } };
  const snooze = (until: string) =>
    run(
      async () => {
        await ok(api.deadlines[":id"].snooze.$put({ ...param, json: { until } }));
      },
      `Snoozed until ${describeDate(until)}: your reminders about it pause until then.`,
    );
  const wake = () =>
    run(async () => {
      await ok(api.deadlines[":id"].snooze.$delete(param));
    }, "Awake: your reminders about it go out again.");
  return (
    <li
      id={deadline.id}
      className={snoozedUntil ? "card snoozed" : "card"}
      data-deadline={deadline.id}
      aria-labelledby={`${id}-title`}
    >
      <h3 id={`${id}-title`}>
        <span className="countdown">{countdownFor(today, deadline.date, deadline.precision)}</span>{" "}
        · {describeDate(deadline.date, deadline.precision)}
      </h3>
      <p>{deadline.summary}</p>
      <p className="muted">
        {kindName(deadline.kind)} ·{" "}
        <Link to={`/agreements/${deadline.agreementId}`}>{agreementTitle}</Link>
      </p>
      <p data-testid="owner">
        {deadline.owner ? <>Owner: {deadline.owner.name}</> : "No owner yet."}
      </p>
      <Alerts deadline={deadline} today={today} />
      {snoozedUntil ? (
        <p data-testid="snoozed-until">
          Snoozed until {describeDate(snoozedUntil)}: you get no reminder e-mails about it until
          then (others still do).
        </p>
      ) : null}
      <div className="deadline-actions">
        {canEdit ? (
          <div className="field">
            <label htmlFor={`${id}-owner`}>Owner</label>
            <div className="copy-row">
              <select
                id={`${id}-owner`}
                value={owner}
                onChange={(event) => setOwner(event.target.value)}
              >
                <option value="">No owner</option>
                {people.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
              <button type="button" disabled={busy} onClick={() => void saveOwner()}>
                Save owner
              </button>
            </div>
          </div>
        ) : null}
        {canEdit && !deadline.acknowledged ? (
          <button
            type="button"
            className="primary"
            disabled={busy || agreementVersion === undefined}
            onClick={() =>
              void run(
                () => acknowledge(deadline, agreementVersion ?? 0, today),
                "Acknowledged: its reminders stop until its date moves.",
              )
            }
          >
            Acknowledge<span className="visually-hidden"> {deadline.summary}</span>
          </button>
        ) : null}
        {snoozedUntil ? (
          <button type="button" disabled={busy} onClick={() => void wake()}>
            Wake<span className="visually-hidden"> {deadline.summary}</span>
          </button>
        ) : (
          <>
            <button type="button" disabled={busy} onClick={() => void snooze(addDays(today, 7))}>
              Snooze a week<span className="visually-hidden"> {deadline.summary}</span>
            </button>
            <button type="button" disabled={busy} onClick={() => void snooze(addDays(today, 30))}>
              Snooze 30 days<span className="visually-hidden"> {deadline.summary}</span>
            </button>
          </>
        )}
      </div>
      {message ? (
        <p className={message.error ? "status error" : "status success"} role="status">
          {message.text}
        </p>
      ) : null}
    </li>
  );
}
