import { useEffect, useState } from "react";
import { describeInstant } from "../lib/dates.ts";
import type { Resource } from "../lib/resource.ts";
import { describeError, ErrorNote, Loading } from "../ui/status.tsx";
import {
  eventTypeText,
  type FailedDelivery,
  replayDelivery,
  type Webhook,
} from "./webhooks-api.ts";

export type DeliveryList = Resource<{ deliveries: FailedDelivery[] }>;

/** The notifier usually tries a queued replay within a second or two. */
const REFRESH_MS = 3_000;
/** Stop polling after about a minute: a receiver that hangs takes up to 10 s per try. */
const MAX_REFRESHES = 20;

/** "HTTP 503" is what the API keeps; a reader gets what it means too. */
function errorText(lastError: string): string {
  const status = /^HTTP (\d{3})$/.exec(lastError)?.[1];
  if (!status) return lastError;
  if (status.startsWith("5")) return `${lastError}: the receiver had a server error`;
  if (status === "429") return `${lastError}: the receiver asked to slow down`;
  if (status.startsWith("3"))
    return `${lastError}: the receiver redirected (redirects are not followed)`;
  return `${lastError}: the receiver refused the request`;
}

function DeliveryItem({
  delivery,
  webhook,
  onQueued,
}: {
  delivery: FailedDelivery;
  webhook: Webhook | undefined;
  onQueued: (queued: FailedDelivery) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const queued = delivery.state === "replay-queued";
  const headingId = `delivery-${delivery.id}`;
  const replay = async () => {
    setBusy(true);
    setProblem(null);
    try {
      onQueued(await replayDelivery(delivery.id));
    } catch (error) {
      const { title, detail } = describeError(error);
      setProblem(`${title}: ${detail}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="card delivery" aria-labelledby={headingId} data-testid="failed-delivery">
      <h3 id={headingId} title={delivery.eventType}>
        {eventTypeText(delivery.eventType)}
      </h3>
      <dl className="facts">
        <dt>Webhook</dt>
        <dd className="break" title={delivery.subscriptionId}>
          {webhook ? webhook.url : "a deleted webhook"}
        </dd>
        <dt>Failed</dt>
        <dd>
          <time dateTime={delivery.failedAt}>{describeInstant(delivery.failedAt)}</time>
          {delivery.lastAttemptAt !== delivery.failedAt ? (
            <>
              {" "}
              (last try{" "}
              <time dateTime={delivery.lastAttemptAt}>
                {describeInstant(delivery.lastAttemptAt)}
              </time>
              )
            </>
          ) : null}
        </dd>
        <dt>Last error</dt>
        <dd>
          {errorText(delivery.lastError)}, after {delivery.attempts}{" "}
          {delivery.attempts === 1 ? "try" : "tries"}
        </dd>
      </dl>
      {queued ? (
        <p className="status notice" data-testid="replay-queued">
          Replay queued — it is sent in the background.
        </p>
      ) : null}
      <div className="actions">
        <button type="button" disabled={queued || busy} onClick={() => void replay()}>
          {queued ? "Replay queued" : busy ? "Queuing…" : "Replay"}
        </button>
      </div>
      {problem ? (
        <p className="status error" role="alert">
          {problem}
        </p>
      ) : null}
    </li>
  );
}

export function FailedDeliveries({
  list,
  webhooks,
}: {
  list: DeliveryList;
  webhooks: Webhook[] | undefined;
}) {
  // What the 202s said, until a refresh shows the notifier's outcome.
  const [queued, setQueued] = useState<Map<string, FailedDelivery>>(() => new Map());
  const [announcement, setAnnouncement] = useState("");
  const [refreshes, setRefreshes] = useState(0);
  const deliveries = (list.data?.deliveries ?? []).map(
    (delivery) => queued.get(delivery.id) ?? delivery,
  );
  const waiting = deliveries.some((delivery) => delivery.state === "replay-queued");
  const { reload, data } = list;

  // A fresh list is the notifier's word: forget what the 202s said.
  useEffect(() => {
    if (data) setQueued(new Map());
  }, [data]);

  // While a replay is queued, look again every few seconds for the notifier's outcome.
  useEffect(() => {
    if (!waiting || refreshes >= MAX_REFRESHES) return;
    const timer = setTimeout(() => {
      setRefreshes((count) => count + 1);
      reload();
    }, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [waiting, refreshes, reload]);

  const onQueued = (delivery: FailedDelivery) => {
    setQueued((previous) => new Map(previous).set(delivery.id, delivery));
    setRefreshes(0);
    setAnnouncement(
      "Replay queued — it is sent in the background. This list refreshes in a few seconds.",
    );
  };

  return (
    <>
      <div className="actions">
        <button type="button" onClick={reload} disabled={list.loading}>
          Refresh
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {list.loading && !list.data ? <Loading what="the failed deliveries" /> : null}
      {list.error ? (
        <ErrorNote error={list.error} what="the failed deliveries" retry={reload} />
      ) : null}
      {list.data && deliveries.length === 0 ? (
        <p data-testid="no-failed-deliveries">
          No failed deliveries. A delivery is listed here once every try has failed, and leaves the
          list when a replay of it succeeds.
        </p>
      ) : null}
      {deliveries.length > 0 ? (
        <ul className="cards deliveries" aria-label="Failed deliveries">
          {deliveries.map((delivery) => (
            <DeliveryItem
              key={delivery.id}
              delivery={delivery}
              webhook={webhooks?.find((webhook) => webhook.id === delivery.subscriptionId)}
              onQueued={onQueued}
            />
          ))}
        </ul>
      ) : null}
    </>
  );
}
