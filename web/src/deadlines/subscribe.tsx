import { useId, useState } from "react";
import { api } from "../api/client.ts";
import { FeedList, useFeeds } from "./feed-list.tsx";

/**
 * A calendar feed gets a secret of its own (read-only, revocable): the person's own token never
 * goes into a calendar's URL. The address is shown once, when the feed is made; the tenant's
 * feeds are listed beside it (without their addresses), each of which can be revoked.
 */
export function Subscribe() {
  const [url, setUrl] = useState<string | null>(null);
  const [newId, setNewId] = useState<string | null>(null);
  const feeds = useFeeds();
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const fieldId = useId();
  const create = async () => {
    setProblem(null);
    const response = await api.feeds.$post({ json: {} });
    if (response.status !== 201) return setProblem("The feed could not be created. Try again.");
    const created = await response.json();
    setUrl(created.url);
    setNewId(created.id);
    feeds.reload();
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
            Shown once: keep it in your calendar. It reads deadlines only, and revoking it below
            stops it at once.
          </p>
        </>
      )}
      <FeedList
        feeds={feeds}
        newId={newId}
        onRevoked={(id) => {
          // The address shown above no longer works: offer to create another instead.
          if (id !== newId) return;
          setUrl(null);
          setNewId(null);
          setCopied(false);
        }}
      />
    </section>
  );
}
