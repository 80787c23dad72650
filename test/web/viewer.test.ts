import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  cellDecision,
  chromiumProblem,
  newPage,
  requireBrowser,
  screenshot,
  signIn,
  startWebApp,
  type WebApp,
} from "./support.ts";

let app: WebApp;
let page: Page;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-viewer");
  page = await newPage(app);
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

describe("the web UI, as a viewer", { timeout: 60_000 }, () => {
  it("signs in with a token and shows the tenant and role", async () => {
    await page.goto(app.url);
    await page.getByLabel("Access token").fill("not-a-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/not known/);
    expect(await page.getByText("no longer accepted").count()).toBe(0);
    // The hint names the three development tokens of `npm start`.
    const hint = await page.locator(".sign-in .hint").textContent();
    for (const token of ["dev-viewer", "dev-editor", "dev-admin"]) expect(hint).toContain(token);
    await screenshot(page, "01-sign-in");
    await signIn(page, app, "viewer-a");
    expect(await page.getByTestId("tenant").textContent()).toBe("acme");
    expect(await page.getByTestId("role").textContent()).toMatch(/viewer/);
    expect(await page.evaluate(() => sessionStorage.getItem("termline.token"))).toBe("viewer-a");
  });

  it("scrubs the matrix from 2026-03-15 to 2026-05-01 and sees the cells change", async () => {
    await page.getByLabel("Exact date").fill("2026-03-15");
    expect(await cellDecision(page, "2026-03-15", "openai-api", "aws")).toBe("denied");
    expect(await cellDecision(page, "2026-03-15", "frontier", "aws")).toBe("conflict");
    await screenshot(page, "02-matrix-2026-03-15");

    // The slider snaps: one step right lands on the next date terms change, the amendment.
    await page.getByRole("slider").focus();
    await page.keyboard.press("ArrowRight");
    expect(await cellDecision(page, "2026-04-27", "openai-api", "aws")).toBe("conditional");
    // It says what changed that day, cell by cell, as the matrix's answers do.
    await expect
      .poll(() => page.locator(".scrubber p.hint[aria-live]").textContent())
      .toMatch(/OpenAI API on Amazon Web Services: denied → conditional \(uncertain\)/);

    await page.getByLabel("Exact date").fill("2026-05-01");
    expect(await cellDecision(page, "2026-05-01", "openai-api", "aws")).toBe("conditional");
    expect(await cellDecision(page, "2026-05-01", "frontier", "aws")).toBe("allowed");
    expect(page.url()).toContain("at=2026-05-01");
  });

  it("opens a cell's reasons: terms, agreements, events and sources", async () => {
    const asked: string[] = [];
    const record = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/v1/agreement")) asked.push(`${url.pathname}${url.search}`);
    };
    page.on("request", record);
    await page.locator('button[data-product="openai-api"][data-provider="aws"]').click();
    const reasons = page.getByTestId("reasons");
    // The verdict appears with the cell's answer: the panel opens before it loads.
    await reasons.getByTestId("verdict").waitFor();
    const codes = await reasons
      .locator("[data-code]")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-code")));
    expect(codes).toEqual(expect.arrayContaining(["granted", "first-ship-priority", "disputed"]));
    await expect.poll(() => reasons.textContent()).toMatch(/Microsoft–OpenAI partnership/);
    await expect.poll(() => reasons.textContent()).toMatch(/Microsoft Blog/);
    // The amended agreement of 2026-04-27 granted OpenAI's any-cloud distribution.
    const anyCloud = reasons.getByRole("list", { name: "Changes to Any cloud distribution" });
    await expect.poll(() => anyCloud.textContent()).toMatch(/^v\d+ Granted, effective 27 Apr 2026/);
    // The term is named as the agreement page names it (its kind, what it says), not by its id.
    const termLabel = reasons.locator('[data-term-id="any-cloud-distribution"]').first();
    await expect.poll(() => termLabel.textContent()).toMatch(/^Distribution right: /);
    page.off("request", record);
    // The cited agreements in one read by id, as of the date asked; never an agreement's log.
    expect(asked.filter((path) => path.includes("/events"))).toEqual([]);
    const cited = asked.filter((path) => path.startsWith("/api/v1/agreement-details?"));
    expect(cited).toHaveLength(1);
    expect(decodeURIComponent(cited[0] ?? "")).toMatch(/ids=.*microsoft-openai/);
    await screenshot(page, "03-matrix-reasons");
  });

  it("draws the timeline: exclusivities, fuzzy dates, deadlines, today; a bar opens its agreement", async () => {
    await page.getByRole("link", { name: "Timeline" }).click();
    const timeline = page.getByTestId("timeline");
    await timeline.waitFor();
    const exclusivity = timeline.locator('[data-term="azure-api-exclusivity"]');
    expect(await exclusivity.locator("rect.exclusive").count()).toBe(1);
    expect(await exclusivity.locator("rect.fuzzy").count()).toBe(1); // from 2022, year only
    expect(await exclusivity.getAttribute("data-to")).toBe("2026-04-26");
    const yearOnly = timeline.locator('[data-deadline][data-precision="year"]').first();
    expect(await yearOnly.locator("path.range").count()).toBe(1);
    expect(await timeline.locator(".today-line").count()).toBe(1);
    // Each term's row is named by its kind and what it says, never by its id.
    const labels = await timeline.locator("text.term-label").allTextContents();
    expect(labels.length).toBeGreaterThan(10);
    const kinds =
      /^(Exclusivity|Distribution right|First-ship priority|License|Revenue share|Investment tranche|Capacity commitment|Stake|Clause): \S/;
    for (const label of labels) expect(label).toMatch(kinds);
    expect(labels.join("\n")).not.toMatch(/azure-api-exclusivity|openai-pays-microsoft/);
    await screenshot(page, "04-timeline");
    await exclusivity.click();
    await page.waitForURL(/\/agreements\/microsoft-openai/);
  });

  it("shows an agreement's terms, disputes, open questions and audit trail, with no editing controls", async () => {
    await page.getByTestId("audit-trail").waitFor();
    expect(await page.getByTestId("terms").locator("[data-term]").count()).toBeGreaterThan(5);
    expect(await page.getByTestId("disputes").textContent()).toMatch(/Disputed/);
    expect(await page.getByTestId("open-questions").textContent()).toMatch(/cap/);
    const firstEvent = page.getByTestId("audit-trail").locator("[data-type]").last();
    expect(await firstEvent.getAttribute("data-type")).toBe("AgreementRecorded");
    expect(await firstEvent.textContent()).toMatch(
      /^Agreement recorded: Microsoft–OpenAI partnership.*by reference-seed/s,
    );
    expect(await page.getByRole("link", { name: "Record a change" }).count()).toBe(0);
    await screenshot(page, "05-agreement");

    await page.goto(`${app.url}/agreements/microsoft-openai/record`);
    await page.getByText("can read agreements but not record changes").waitFor();
    expect(await page.locator("form").count()).toBe(0);
    // Workloads belong to whoever plans them: a viewer may create one.
    await page.goto(`${app.url}/workloads`);
    await page.getByRole("heading", { name: "Workloads" }).waitFor();
    expect(await page.getByRole("button", { name: "New workload" }).count()).toBe(1);
  });

  it("lists conflicts, a settled one included, each term by what it says", async () => {
    await page.goto(`${app.url}/conflicts`);
    const list = page.getByTestId("conflicts");
    // Frontier on AWS and Azure: AWS's Frontier exclusivity against Microsoft's API-layer
    // exclusivity, from 27 Feb 2026 until the amendment of 27 Apr 2026 (the facts' overlap).
    const frontier = list.locator('li[data-product="frontier"][data-provider="aws"]');
    await frontier.first().waitFor();
    await expect.poll(() => frontier.first().textContent()).toMatch(/27 Feb 2026 to 26 Apr 2026/);
    const terms = await frontier.first().locator("ul > li").allTextContents();
    expect(terms).toHaveLength(2);
    for (const term of terms)
      expect(term).not.toMatch(/aws-frontier|azure-api|Aws frontier|Azure api/);
    expect(terms.join("\n")).toMatch(/Microsoft–OpenAI partnership/);
    // Each names its agreement once, as a link.
    for (const item of await frontier.first().locator("ul > li").all()) {
      const title = (await item.locator("a").first().textContent()) ?? "";
      expect(title.length).toBeGreaterThan(0);
      expect(((await item.textContent()) ?? "").split(title)).toHaveLength(2);
    }
  });

  it("lists deadlines with countdowns and alerts, and makes a calendar feed that holds no token", async () => {
    await page.getByRole("link", { name: "Deadlines" }).click();
    const list = page.getByTestId("deadlines");
    await list.locator("[data-deadline]").first().waitFor();
    expect(await list.textContent()).toMatch(/2030 \(year only\)/);
    // Amazon's contingent tranches are due by 31 Dec 2028, to the day: a countdown in time.
    const dayDeadline = list.locator("[data-deadline]", { hasText: "31 Dec 2028" }).first();
    expect(await dayDeadline.locator(".countdown").textContent()).toMatch(/^in /);
    // OpenAI pays Microsoft its revenue share "through 2030": known to the year, it counts
    // down to the year, not to 31 December.
    const yearOnly = list.locator("[data-deadline]", { hasText: "2030 (year only)" }).first();
    expect(await yearOnly.locator(".countdown").textContent()).toBe("during 2030");
    // A viewer reads owners but cannot set them or acknowledge.
    expect(await list.getByRole("button", { name: /^Acknowledge/ }).count()).toBe(0);
    await page.getByRole("button", { name: "Create a calendar feed" }).click();
    const feed = await page
      .getByRole("link", { name: "Download the .ics file" })
      .getAttribute("href");
    expect(feed).toMatch(/\/api\/v1\/deadlines\.ics\?feed=tlfeed_/);
    expect(feed).not.toContain("viewer-a");
    const ics = await fetch(feed ?? "");
    expect(ics.headers.get("content-type")).toMatch(/text\/calendar/);
    await screenshot(page, "06-deadlines");
  });

  it("reads on a phone", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/?at=2026-05-01`);
    await page.locator('[data-testid="matrix"][data-at="2026-05-01"]').waitFor();
    await screenshot(page, "07-matrix-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("signs out and forgets the token", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Access token").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("termline.token"))).toBeNull();
  });

  it("asks to sign in again when the kept token is no longer accepted", async () => {
    await page.evaluate(() => sessionStorage.setItem("termline.token", "revoked-token"));
    await page.reload();
    await page.getByText("no longer accepted").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("termline.token"))).toBeNull();
  });
});
