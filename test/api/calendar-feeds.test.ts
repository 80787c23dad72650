import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, BASE, createApiHarness, expectProblem, type Json } from "./support.ts";

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

  it("no longer takes an API token in the URL", async () => {
    const response = await api.app.request(`${BASE}/deadlines.ics?token=viewer-a`);
    expect(response.status).toBe(401);
  });
});
