import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../functions/src/api/app.ts";
import { parseTokens, registryOf } from "../../functions/src/api/auth.ts";
import type { AccessLogEntry } from "../../functions/src/api/http-hardening.ts";
import {
  type ApiHarness,
  BASE,
  createApiHarness,
  expectProblem,
  type Json,
  TOKENS,
} from "./support.ts";

/** A calendar URL carries a feed's own secret: read-only, one tenant's deadlines, revocable. */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("feeds");
});
afterAll(async () => {
  await api?.drop();
});

const fetchUrl = async (url: string) => {
  const { pathname, search } = new URL(url);
  const response = await api.app.request(`${pathname}${search}`);
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    text: await response.text(),
  };
};
const newFeed = async (token: string) => {
  const created = await api.call("POST", "/feeds", { token });
  expect(created.status, created.text).toBe(201);
  return created.body as Json;
};

describe("calendar feeds", () => {
  it("a viewer creates one; its URL serves the tenant's deadlines as iCalendar", async () => {
    const feed = await newFeed("viewer-a");
    expect(feed.url).toMatch(/\/api\/v1\/deadlines\.ics\?feed=tlfeed_/);
    const calendar = await fetchUrl(feed.url);
    expect(calendar.status).toBe(200);
    expect(calendar.type).toMatch(/^text\/calendar/);
    expect(calendar.text).toContain("microsoft-openai");
    const listed = (await api.get("/feeds", "viewer-a")).body.feeds as Json[];
    expect(listed.map(({ id }) => id)).toContain(feed.id);
    expect(JSON.stringify(listed)).not.toContain("tlfeed_");
  });

  it("refuses a body that says something, and creates nothing", async () => {
    const before = ((await api.get("/feeds", "viewer-a")).body.feeds as Json[]).length;
    const named = await api.call("POST", "/feeds", {
      token: "viewer-a",
      body: { name: "Outlook" },
    });
    expectProblem(named, 400);
    expect(JSON.stringify(named.body)).toMatch(/name/);
    expect(((await api.get("/feeds", "viewer-a")).body.feeds as Json[]).length).toBe(before);
    // An empty object is nothing said: created.
    expect((await api.call("POST", "/feeds", { token: "viewer-a", body: {} })).status).toBe(201);
  });

  it("opens nothing else: not another endpoint, not as a bearer token", async () => {
    const feed = await newFeed("viewer-a");
    const secret = new URL(feed.url).searchParams.get("feed") ?? "";
    expect((await api.app.request(`${BASE}/agreements?feed=${secret}`)).status).toBe(401);
    expect((await api.get("/agreements", secret)).status).toBe(401);
  });

  it("stops working the moment it is revoked", async () => {
    const feed = await newFeed("viewer-a");
    expect((await api.call("DELETE", `/feeds/${feed.id}`, { token: "viewer-a" })).status).toBe(204);
    const revoked = await fetchUrl(feed.url);
    expect(revoked.status).toBe(401);
    expect(revoked.type).toMatch(/problem\+json/);
    expectProblem(await api.call("DELETE", `/feeds/${feed.id}`, { token: "viewer-a" }), 404);
  });

  it("serves each tenant its own, and another tenant cannot revoke it", async () => {
    const beta = await newFeed("editor-b");
    expect((await fetchUrl(beta.url)).text).not.toContain("microsoft-openai");
    const acme = await newFeed("viewer-a");
    expectProblem(await api.call("DELETE", `/feeds/${acme.id}`, { token: "editor-b" }), 404);
    expect((await fetchUrl(acme.url)).status).toBe(200);
  });
});

/**
 * Calendars subscribed before feeds existed carry an API token in their URL: the contract keeps
 * `GET /deadlines.ics?token=` working, on that feed only; the UI no longer offers it.
 */
describe("an API token in a calendar URL (?token=)", () => {
  const ics = async (query: string, init: RequestInit = {}) => {
    const response = await api.app.request(`${BASE}/deadlines.ics${query}`, init);
    return {
      status: response.status,
      headers: response.headers,
      type: response.headers.get("content-type") ?? "",
      text: await response.text(),
    };
  };

  it("opens the feed as the bearer header would, privately and without a referrer", async () => {
    const feed = await ics("?token=viewer-a");
    expect(feed.status, feed.text).toBe(200);
    expect(feed.type).toMatch(/^text\/calendar/);
    expect(feed.text).toContain("BEGIN:VCALENDAR");
    expect(feed.text).toContain("microsoft-openai");
    expect(feed.headers.get("referrer-policy")).toBe("no-referrer");
    expect(feed.headers.get("cache-control")).toBe("private, no-store");
    const head = await ics("?token=viewer-a", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.type).toMatch(/^text\/calendar/);
  });

  it("serves the token's tenant its own deadlines only", async () => {
    const beta = await ics("?token=editor-b");
    expect(beta.status, beta.text).toBe(200);
    expect(beta.text).toContain("Termline deadlines (beta)");
    expect(beta.text).not.toContain("microsoft-openai");
    const acme = await ics("?token=viewer-a");
    expect(acme.text).toContain("Termline deadlines (acme)");
  });

  it("an unknown token is a 401 problem; an empty one is no token", async () => {
    const unknown = await ics("?token=not-a-token");
    expect(unknown.status).toBe(401);
    expect(unknown.type).toMatch(/problem\+json/);
    expect(JSON.parse(unknown.text).detail).toMatch(/token is not known/);
    const empty = await ics("?token=");
    expect(empty.status).toBe(401);
    expect(empty.type).toMatch(/problem\+json/);
    expect(JSON.parse(empty.text).detail).toMatch(/Bearer/);
  });

  it("a bearer header wins over ?token=", async () => {
    expect((await ics("?token=editor-b")).text).toContain("Termline deadlines (beta)");
    const headed = await ics("?token=editor-b", { headers: { authorization: "Bearer viewer-a" } });
    expect(headed.status).toBe(200);
    expect(headed.text).toContain("Termline deadlines (acme)");
    const badHeader = await ics("?token=viewer-a", { headers: { authorization: "Bearer nope" } });
    expect(badHeader.status).toBe(401);
  });

  it("is accepted on the calendar feed only", async () => {
    expect((await ics("?token=viewer-a")).status).toBe(200);
    for (const path of [
      "/agreements?token=viewer-a",
      "/deadlines?token=viewer-a",
      "/deadlines.ics/?token=viewer-a",
      "/me?token=viewer-a",
      "/feeds?token=viewer-a",
    ]) {
      const response = await api.app.request(`${BASE}${path}`);
      expect(response.status, path).toBe(401);
    }
    const post = await api.app.request(`${BASE}/feeds?token=viewer-a`, { method: "POST" });
    expect(post.status).toBe(401);
  });

  it("never reaches the access log", async () => {
    const lines: AccessLogEntry[] = [];
    const app = createApp({
      runtime: api.runtime,
      tokens: registryOf(parseTokens(TOKENS)),
      rebuild: async () => ({ streams: 0, events: 0, failed: [] }),
      accessLog: (entry) => lines.push(entry),
    });
    const feed = await newFeed("viewer-a");
    const secret = new URL(feed.url).searchParams.get("feed") ?? "";
    const byToken = await app.request(`${BASE}/deadlines.ics?token=viewer-a&from=2026-06-01`);
    expect(byToken.status).toBe(200);
    const byFeed = await app.request(`${BASE}/deadlines.ics?feed=${secret}`);
    expect(byFeed.status).toBe(200);
    expect(lines).toEqual([
      expect.objectContaining({
        method: "GET",
        path: `${BASE}/deadlines.ics`,
        status: 200,
        tenant: "acme",
      }),
      expect.objectContaining({
        method: "GET",
        path: `${BASE}/deadlines.ics`,
        status: 200,
        tenant: "acme",
      }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/viewer-a|token=|feed=|tlfeed_/);
  });
});
