import { useEffect, useRef, useState } from "react";
import { describeInstant } from "../lib/dates.ts";
import type { Resource } from "../lib/resource.ts";
import { describeError, ErrorNote, Loading } from "../ui/status.tsx";
import { deleteWebhook, eventTypeText, type Webhook } from "./webhooks-api.ts";

export type WebhookList = Resource<{ webhooks: Webhook[] }>;

/** Deleting stops deliveries at once and cannot be undone, so it asks first, in place. */
function WebhookItem({ webhook, onDeleted }: { webhook: Webhook; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const headingId = `webhook-${webhook.id}`;
  // The Delete button gives way to the question: keep the keyboard on it, at the safe answer.
  const keep = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keep.current?.focus();
  }, [confirming]);
  const remove = async () => {
    setBusy(true);
    setProblem(null);
    try {
      await deleteWebhook(webhook.id);
      onDeleted();
    } catch (error) {
      const { title, detail } = describeError(error);
      setProblem(`${title}: ${detail}`);
      setBusy(false);
    }
  };
  return (
    <li className="card webhook" aria-labelledby={headingId} data-testid="webhook">
      <h3 id={headingId} className="break" title={webhook.id}>
        {webhook.url}
      </h3>
      <dl className="facts">
        <dt>Events</dt>
        <dd>
          {webhook.events.map((type, index) => (
            <span key={type} title={type}>
              {index > 0 ? ", " : null}
              {eventTypeText(type)}
            </span>
          ))}
        </dd>
        <dt>Format</dt>
        <dd>{webhook.format === "slack" ? "Slack message" : "JSON"}</dd>
        <dt>Created</dt>
        <dd>
          <time dateTime={webhook.createdAt}>{describeInstant(webhook.createdAt)}</time>
        </dd>
      </dl>
      {confirming ? (
        <div className="confirm">
          <p>
            Delete this webhook? It stops receiving events at once, and its failed deliveries can no
            longer be replayed. This cannot be undone.
          </p>
          <div className="actions">
            <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
              {busy ? "Deleting…" : "Yes, delete it"}
            </button>
            <button ref={keep} type="button" disabled={busy} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Delete…
          </button>
        </div>
      )}
      {problem ? (
        <p className="status error" role="alert">
          {problem}
        </p>
      ) : null}
    </li>
  );
}

export function Subscriptions({ list, onDeleted }: { list: WebhookList; onDeleted: () => void }) {
  const webhooks = list.data?.webhooks;
  return (
    <>
      {list.loading ? <Loading what="the webhooks" /> : null}
      {list.error ? <ErrorNote error={list.error} what="the webhooks" retry={list.reload} /> : null}
      {webhooks?.length === 0 ? <p>No webhook yet: events reach no one outside Termline.</p> : null}
      {webhooks && webhooks.length > 0 ? (
        <ul className="cards webhooks" aria-label="Webhooks">
          {webhooks.map((webhook) => (
            <WebhookItem key={webhook.id} webhook={webhook} onDeleted={onDeleted} />
          ))}
        </ul>
      ) : null}
    </>
  );
}
