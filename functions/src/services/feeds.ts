import { createHash, randomBytes } from "node:crypto";
import { NotFoundError } from "@termline/core";
import type { Runtime } from "./runtime.ts";

/**
 * Calendar feeds: a calendar client cannot send a header, so its URL carries a secret. That
 * secret grants one thing, reading the tenant's deadlines as iCalendar, and can be revoked;
 * a person's API token never goes into a URL. Secrets are kept only as hashes.
 */
const BY_SECRET = "_feeds";
const hashOf = (secret: string) => createHash("sha256").update(secret).digest("hex");

export interface Feed {
  id: string;
  createdAt: string;
  createdBy: string;
}

export async function createFeed(
  runtime: Runtime,
  tenant: string,
  createdBy: string,
): Promise<Feed & { secret: string }> {
  const id = `feed-${runtime
    .newId()
    .replace(/[^a-z0-9]/gi, "")
    .slice(0, 12)
    .toLowerCase()}`;
  const secret = `tlfeed_${randomBytes(24).toString("base64url")}`;
  const hash = hashOf(secret);
  const feed = { id, createdAt: runtime.clock().toISOString(), createdBy };
  await runtime.viewStore.putItem(BY_SECRET, `feed#${hash}`, { tenant, id, itemType: "feed" });
  await runtime.viewStore.putItem(tenant, `feed#${id}`, { ...feed, hash, itemType: "feed" });
  return { ...feed, secret };
}

export async function listFeeds(runtime: Runtime, tenant: string): Promise<Feed[]> {
  const items = await runtime.viewStore.listItems(tenant, "feed#");
  return items.map(({ id, createdAt, createdBy }) => ({
    id: String(id),
    createdAt: String(createdAt),
    createdBy: String(createdBy),
  }));
}

export async function revokeFeed(runtime: Runtime, tenant: string, id: string): Promise<void> {
  const item = await runtime.viewStore.getItem(tenant, `feed#${id}`);
  if (!item) throw new NotFoundError(`calendar feed "${id}" does not exist`);
  await runtime.viewStore.deleteItem(BY_SECRET, `feed#${String(item.hash)}`);
  await runtime.viewStore.deleteItem(tenant, `feed#${id}`);
}

/** The tenant and feed a secret opens, if it is one that has not been revoked. */
export async function resolveFeed(
  runtime: Runtime,
  secret: string,
): Promise<{ tenant: string; id: string } | undefined> {
  const item = await runtime.viewStore.getItem(BY_SECRET, `feed#${hashOf(secret)}`);
  return item ? { tenant: String(item.tenant), id: String(item.id) } : undefined;
}
