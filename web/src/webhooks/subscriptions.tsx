import { describeInstant } from "../lib/dates.ts";
import type { Resource } from "../lib/resource.ts";
import { DangerAction } from "../ui/danger-action.tsx";
import { ErrorNote, Loading } from "../ui/status.tsx";
import { deleteWebhook, eventTypeText, type Webhook } from "./webhooks-api.ts";

export type WebhookList = Resource<{ webhooks: Webhook[] }>;

/** Deleting stops deliveries at once and cannot be undone, so it asks first, in place. */
function WebhookItem({ webhook, onDeleted }: { webhook: Webhook; onDeleted: () => void }) {
  const headingId = `webhook-${webhook.id}`;
  const remove = async () => {
    await deleteWebhook(webhook.id);
    onDeleted();
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
      <DangerAction
        label="Delete…"
        question="Delete this webhook? It stops receiving events at once, and its failed deliveries can no longer be replayed. This cannot be undone."
        confirm="Yes, delete it"
        running="Deleting…"
        act={remove}
      />
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
