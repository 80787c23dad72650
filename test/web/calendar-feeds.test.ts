import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Json } from "../api/support.ts";
import { overflow, pageAt, SIZES, seriousViolations, shoot } from "./phone.ts";
import { chromiumProblem, requireBrowser, signIn, startWebApp, type WebApp } from "./support.ts";

/**
 * The Deadlines page's calendar feeds: the one made there is listed with the tenant's others
 * (who made each and when, never its secret), and revoking one there stops its address.
 */
let app: WebApp;
/** The name the editor's token goes by, as every screen shows who did what. */
let editor: string;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-calendar-feeds");
  editor = (await app.api.get("/me", "editor-a")).body.name;
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

/** The tenant's feeds as the API lists them. */
async function listedFeeds(): Promise<Json[]> {
  const response = await app.api.call("GET", "/feeds", { token: "viewer-a" });
  expect(response.status, response.text).toBe(200);
  return response.body.feeds as Json[];
}

const feedItems = (page: Page) => page.getByTestId("feeds").getByTestId("feed");

describe("calendar feeds on the Deadlines page", { timeout: 90_000 }, () => {
  it("lists the feed it creates and revokes it, after asking, so its address answers 401", async () => {
    // Someone else's feed, made earlier: listed by who made it.
    const other = await app.api.call("POST", "/feeds", { token: "editor-a" });
    expect(other.status, other.text).toBe(201);

    const size = SIZES[1];
    const page = await pageAt(app, size);
    await signIn(page, app, "viewer-a", "/deadlines");
    const items = feedItems(page);
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().locator("p").first().textContent()).toMatch(
      new RegExp(`^Created \\d+ \\w+ \\d{4} \\d\\d:\\d\\d UTC by ${editor}$`),
    );

    await page.getByRole("button", { name: "Create a calendar feed" }).click();
    const url =
      (await page.getByRole("link", { name: "Download the .ics file" }).getAttribute("href")) ?? "";
    expect(url).toMatch(/\/api\/v1\/deadlines\.ics\?feed=tlfeed_/);
    expect((await fetch(url)).status).toBe(200);

    await expect.poll(() => items.count()).toBe(2);
    const mine = items.filter({ hasText: "by you" });
    expect(await mine.textContent()).toMatch(/new: its address is above/);
    // A person recognises a feed by who made it and when; its secret and id are not shown.
    const ids = (await listedFeeds()).map(({ id }) => String(id));
    expect(ids).toHaveLength(2);
    const listText = (await page.getByTestId("feeds").textContent()) ?? "";
    expect(listText).not.toContain("tlfeed_");
    for (const id of ids) expect(listText).not.toContain(id);
    expect(await overflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, "calendar-feeds", size);

    // Revoking asks first; keeping it changes nothing.
    await mine.getByRole("button", { name: /^Revoke… the feed created .* by you$/ }).click();
    expect(await mine.getByText("Revoke this feed?").count()).toBe(1);
    await mine.getByRole("button", { name: "Keep it" }).click();
    expect(await listedFeeds()).toHaveLength(2);

    await mine.getByRole("button", { name: /^Revoke…/ }).click();
    await mine.getByRole("button", { name: "Yes, revoke it" }).click();
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain(`by ${editor}`);
    await expect
      .poll(() => page.getByTestId("feeds").getByRole("status").textContent())
      .toMatch(/^Revoked the feed created .* by you: its address no longer works\.$/);
    // The address shown once no longer works, and the page stops offering it.
    expect((await fetch(url)).status).toBe(401);
    expect(await page.getByRole("link", { name: "Download the .ics file" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Create a calendar feed" }).count()).toBe(1);

    // Read again from the server, the list still does not show it.
    await page.reload();
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().textContent()).toContain(`by ${editor}`);
    expect(await listedFeeds()).toHaveLength(1);
    await page.context().close();
  });

  it("says so when the feed was revoked elsewhere first, and drops it from the list", async () => {
    const page = await pageAt(app, SIZES[0]);
    await signIn(page, app, "viewer-a", "/deadlines");
    const items = feedItems(page);
    await expect.poll(() => items.count()).toBe(1);
    const [other] = await listedFeeds();
    const gone = await app.api.call("DELETE", `/feeds/${other?.id}`, { token: "editor-a" });
    expect(gone.status, gone.text).toBe(204);

    await items
      .first()
      .getByRole("button", { name: new RegExp(`^Revoke… the feed created .* by ${editor}$`) })
      .click();
    await items.first().getByRole("button", { name: "Yes, revoke it" }).click();
    await expect.poll(() => items.count()).toBe(0);
    expect(await page.getByTestId("feeds").getByRole("status").textContent()).toMatch(
      new RegExp(`^The feed created .* by ${editor} had already been revoked, perhaps by someone`),
    );
    expect(await page.getByTestId("feeds").textContent()).toMatch(/No calendar feed yet\./);
    await page.context().close();
  });
});
