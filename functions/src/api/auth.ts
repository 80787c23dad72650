import { createHash } from "node:crypto";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "@termline/core";
import { createMiddleware } from "hono/factory";
import type { RequestIdVariables } from "hono/request-id";
import { BASE_PATH } from "./paths.ts";

export const roles = ["viewer", "editor", "admin"] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  tenant: string;
  role: Role;
  /** Who the audit trail says recorded an event: a name, never the token. */
  name: string;
}

/** Sync for tokens from the environment, async for hashed tokens in a table. */
export type TokenRegistry = (
  token: string,
) => Principal | undefined | Promise<Principal | undefined>;

const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export const DEFAULT_TOKENS = "dev-viewer:viewer:demo,dev-editor:editor:demo,dev-admin:admin:demo";

const fingerprint = (token: string) => createHash("sha256").update(token).digest("hex").slice(0, 8);

/**
 * Parses `token:role:tenant[:name]` triples (TERMLINE_TOKENS). Development tokens are their own
 * names; any other token is named by its role and a fingerprint, so logs and the audit trail
 * never show a secret.
 */
export function parseTokens(spec: string): Map<string, Principal> {
  const tokens = new Map<string, Principal>();
  for (const entry of spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [token, role, tenant, name] = entry.split(":");
    if (!token || !tenant || !roles.includes(role as Role)) {
      throw new ValidationError(
        `TERMLINE_TOKENS: "${entry.split(":").slice(1).join(":")}" must be token:role:tenant with role one of ${roles.join(", ")}`,
      );
    }
    const label = name ?? (token.startsWith("dev-") ? token : `${role}-${fingerprint(token)}`);
    tokens.set(token, { tenant, role: role as Role, name: label });
  }
  return tokens;
}

export const registryOf =
  (tokens: Map<string, Principal>): TokenRegistry =>
  (token) =>
    tokens.get(token);

export type AuthEnv = { Variables: { principal: Principal } & RequestIdVariables };

function bearerOf(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * Token lookups begun before a request reaches `authenticate`, which then awaits the one begun
 * for it: a cold request looks its token up while its route group is built (lazy-routes.ts), so
 * the first DynamoDB round trip, a new connection's, overlaps the build instead of following it.
 */
export function earlyLookups(registry: TokenRegistry) {
  const begun = new WeakMap<Request, Promise<Principal | undefined>>();
  return {
    begin(request: Request) {
      const token = bearerOf(request.headers.get("authorization") ?? undefined);
      if (token === undefined) return;
      const lookup = Promise.resolve().then(() => registry(token));
      // Awaited by `authenticate`; a request refused before it (a group that failed to load)
      // must not leave the lookup's failure unhandled.
      lookup.catch(() => undefined);
      begun.set(request, lookup);
    },
    /** The lookup begun for this request, if any. */
    begunFor: (request: Request) => begun.get(request),
  };
}

export type EarlyLookups = ReturnType<typeof earlyLookups>;

/** What a calendar feed's secret opens: one tenant's deadlines, read-only, and nothing else. */
export type FeedResolver = (secret: string) => Promise<{ tenant: string; id: string } | undefined>;

const FEED_PATH = `${BASE_PATH}/deadlines.ics`;
/** The one request a secret in the URL may authenticate: a calendar reading its feed. */
const isFeedRead = (method: string, path: string) =>
  path === FEED_PATH && (method === "GET" || method === "HEAD");

/**
 * Resolves the caller from `Authorization: Bearer`. Only the calendar feed takes a secret in
 * its URL: a feed's own (`?feed=`), or, for calendar subscriptions made before feeds existed,
 * an API token (`?token=`), which opens the feed as the header would and nothing else. A
 * header, when sent, wins over both.
 */
export const authenticate = (registry: TokenRegistry, feeds?: FeedResolver, early?: EarlyLookups) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const isFeed = isFeedRead(c.req.method, c.req.path);
    const feedSecret = isFeed ? c.req.query("feed") : undefined;
    const header = bearerOf(c.req.header("authorization"));
    const token = header ?? (isFeed ? c.req.query("token") || undefined : undefined);
    if (!token && feedSecret && feeds) {
      const feed = await feeds(feedSecret);
      if (!feed) throw new UnauthenticatedError("This calendar feed is not known, or was revoked.");
      c.set("principal", { tenant: feed.tenant, role: "viewer", name: `calendar feed ${feed.id}` });
      return next();
    }
    if (!token) throw new UnauthenticatedError("Send Authorization: Bearer <token>.");
    // The early lookup is the header's; a token from the URL is looked up here.
    const begun = header === undefined ? undefined : early?.begunFor(c.req.raw);
    const principal = await (begun ?? registry(token));
    if (!principal)
      throw new UnauthenticatedError("This token is not known. Check it, or ask an admin for one.");
    c.set("principal", principal);
    await next();
  });

export const requireRole = (needed: Role) =>
  createMiddleware<AuthEnv>(async (c, next) => {
    const { role } = c.get("principal");
    if (rank[role] < rank[needed])
      throw new ForbiddenError(`This needs the ${needed} role; your token has ${role}.`);
    await next();
  });
