import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { ApiError, api, ok } from "../api/client.ts";
import { describeInstant } from "../lib/dates.ts";
import { type Resource, useResource } from "../lib/resource.ts";
import { useSession } from "../lib/session.tsx";
import { DangerAction } from "../ui/danger-action.tsx";
import { describeError, ErrorNote, Loading } from "../ui/status.tsx";

export type Feed = InferResponseType<typeof api.feeds.$get, 200>["feeds"][number];
export type FeedList = Resource<{ feeds: Feed[] }>;

/** The tenant's calendar feeds (never their secrets: the API does not return them). */
export const useFeeds = (): FeedList => useResource("feeds", () => ok(api.feeds.$get()));

const revokeFeed = (id: string) => ok(api.feeds[":id"].$delete({ param: { id } }));

/** Why a revocation failed, in words: a role that may not, or the API's own. */
function revokeProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 403)
    return `You may not revoke this feed: ${error.problem.detail}`;
  const { title, detail } = describeError(error);
  return `${title}: ${detail}`;
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A feed as a person recognises it: when it was made and by whom. */
const describeFeed = (feed: Feed, mine: boolean) =>
  `the feed created ${describeInstant(feed.createdAt)} by ${mine ? "you" : feed.createdBy}`;

/** Revoking stops every calendar subscribed to the feed and cannot be undone, so it asks first. */
function FeedItem({
  feed,
  mine,
  isNew,
  onRevoked,
}: {
  feed: Feed;
  mine: boolean;
  isNew: boolean;
  /** `gone`: someone revoked it first (the API answered 404). */
  onRevoked: (gone: boolean) => void;
}) {
  const revoke = async () => {
    try {
      await revokeFeed(feed.id);
      onRevoked(false);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return onRevoked(true);
      throw error;
    }
  };
  return (
    <li data-testid="feed">
      <p>
        Created <time dateTime={feed.createdAt}>{describeInstant(feed.createdAt)}</time> by{" "}
        {mine ? "you" : feed.createdBy}
        {isNew ? <span className="tag"> · new: its address is above</span> : null}
      </p>
      <DangerAction
        label="Revoke…"
        which={describeFeed(feed, mine)}
        question="Revoke this feed? Calendars subscribed to it stop receiving the deadlines at once. This cannot be undone."
        confirm="Yes, revoke it"
        running="Revoking…"
        act={revoke}
        problemOf={revokeProblem}
      />
    </li>
  );
}

/** The tenant's feeds, newest first, each with who made it and when, and a way to revoke it. */
export function FeedList({
  feeds,
  newId,
  onRevoked,
}: {
  feeds: FeedList;
  /** The feed just created on this screen, whose address is shown above. */
  newId: string | null;
  onRevoked: (id: string) => void;
}) {
  const { me } = useSession();
  // A feed revoked here leaves the list at once, before the list is read again.
  const [revoked, setRevoked] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const shown = (feeds.data?.feeds ?? [])
    .filter((feed) => !revoked.has(feed.id))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const forget = (feed: Feed, gone: boolean) => {
    const what = describeFeed(feed, feed.createdBy === me.name);
    setNotice(
      gone
        ? `${capitalized(what)} had already been revoked, perhaps by someone else: it no longer works.`
        : `Revoked ${what}: its address no longer works.`,
    );
    setRevoked((previous) => new Set([...previous, feed.id]));
    feeds.reload();
    onRevoked(feed.id);
  };
  return (
    <section aria-labelledby="feeds-heading" data-testid="feeds">
      <h3 id="feeds-heading">Calendar feeds of {me.tenant}</h3>
      {feeds.loading && !feeds.data ? <Loading what="the calendar feeds" /> : null}
      {feeds.error ? (
        <ErrorNote error={feeds.error} what="the calendar feeds" retry={feeds.reload} />
      ) : null}
      <p className="hint" role="status">
        {notice}
      </p>
      {feeds.data && shown.length === 0 ? <p>No calendar feed yet.</p> : null}
      {shown.length > 0 ? (
        <ul className="plain-list">
          {shown.map((feed) => (
            <FeedItem
              key={feed.id}
              feed={feed}
              mine={feed.createdBy === me.name}
              isNew={feed.id === newId}
              onRevoked={(gone) => forget(feed, gone)}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
