import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { overflow, pageAt, SIZES, seriousViolations, shoot } from "./phone.ts";
import { chromiumProblem, requireBrowser, signIn, startWebApp, type WebApp } from "./support.ts";

/**
 * Every screen of the app, the API reference included, at 1440×900 and 390×844: nothing wider
 * than the screen, no critical or serious axe-core violation, and a screenshot of each. Screens
 * another engineer owns (record, agreement, changes) are visited as they stand.
 */
let app: WebApp;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-screens");
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

/** The screen has drawn what it loads: a heading, no request in flight, no "Loading…" left. */
async function settled(page: Page): Promise<void> {
  await page.locator("h1").first().waitFor();
  await page.waitForLoadState("networkidle");
  await expect
    .poll(() => page.locator(".status.loading, [aria-busy='true']").count(), { timeout: 15_000 })
    .toBe(0);
}

const SCREENS: { name: string; path: string; act?: (page: Page) => Promise<void> }[] = [
  { name: "home", path: "/home" },
  { name: "matrix", path: "/?at=2026-05-01" },
  {
    name: "matrix-reasons",
    path: "/?at=2026-05-01",
    act: async (page) => {
      await page.locator('button[data-product="openai-api"][data-provider="aws"]').click();
      await page.getByRole("button", { name: /^Show when/ }).click();
      await page.getByTestId("availability").waitFor();
    },
  },
  { name: "timeline", path: "/timeline?at=2026-05-01" },
  { name: "agreements", path: "/agreements" },
  { name: "agreement", path: "/agreements/microsoft-openai?at=2026-05-01" },
  { name: "record", path: "/agreements/microsoft-openai/record" },
  { name: "new-agreement", path: "/agreements/new" },
  { name: "changes", path: "/changes" },
  {
    name: "workloads",
    path: "/workloads?at=2026-05-01&compare=2026-03-15",
    act: async (page) => {
      await page.getByRole("button", { name: "New workload" }).click();
      await page.getByLabel("Name").fill("Screens sweep");
      await page.getByLabel("Product").selectOption("openai-api");
      await page.getByRole("button", { name: "Create workload" }).click();
      await page.getByTestId("workload-verdict").waitFor();
    },
  },
  { name: "deadlines", path: "/deadlines" },
  { name: "conflicts", path: "/conflicts?from=2026-01-01" },
  { name: "catalog", path: "/catalog" },
  { name: "import-export", path: "/import-export" },
  { name: "outbox", path: "/outbox" },
  // Empty here; webhooks-page.test.ts shoots it with a webhook and a failed delivery.
  { name: "webhooks-empty", path: "/webhooks" },
];

describe.each(SIZES)("every screen at $width×$height", (size) => {
  let page: Page;
  beforeAll(async () => {
    if (chromiumProblem()) return;
    page = await pageAt(app, size);
  }, 60_000);

  it("signs in on a screen that fits and passes axe", { timeout: 60_000 }, async () => {
    await page.goto(`${app.url}/home`);
    await page.getByLabel("Access token").waitFor();
    expect(await page.getByText("dev-admin").count()).toBe(1);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, "sign-in", size);
    await signIn(page, app, "admin-a", "/home");
  });

  it.each(SCREENS)("$name fits and passes axe", { timeout: 90_000 }, async (screen) => {
    await page.goto(`${app.url}${screen.path}`);
    await settled(page);
    if (screen.act) {
      await screen.act(page);
      await settled(page);
    }
    expect(await overflow(page), `${screen.name} is wider than the screen`).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, screen.name, size);
  });

  it("the home page and the matrix read their indexes, and the timeline a page of agreements in one request", {
    timeout: 60_000,
  }, async () => {
    const asked = async (path: string) => {
      const urls: string[] = [];
      const record = (request: { url(): string }) => urls.push(new URL(request.url()).pathname);
      page.on("request", record);
      await page.goto(`${app.url}${path}`);
      await settled(page);
      page.off("request", record);
      expect(
        urls.filter((url) => url.startsWith("/api/v1/agreements/")),
        path,
      ).toEqual([]);
      return (api: string) => urls.filter((url) => url === `/api/v1/${api}`).length;
    };
    const timeline = await asked("/timeline?at=2026-05-01");
    expect(timeline("agreement-details")).toBe(1);
    const matrix = await asked("/?at=2026-05-01");
    expect([matrix("agreement-details"), matrix("entitlements/changes")]).toEqual([0, 1]);
    const home = await asked("/home");
    expect(home("agreement-details")).toBe(0);
    expect([home("open-disputes"), home("open-questions")]).toEqual([1, 1]);
    // Today, the amended agreement's date and Azure's stateless exclusivity are disputed, and
    // five unknowns are open questions (shared/domain/partnership-facts.md).
    const disputes = page.getByTestId("home-open-disputes").locator("li");
    expect(await disputes.count()).toBe(2);
    expect(await disputes.allTextContents()).toEqual([
      expect.stringMatching(
        /^Four reports date the amended agreement 2026-04-27.*since 27 Apr 2026/,
      ),
      expect.stringMatching(
        /^Two reports still describe Azure as retaining stateless API exclusivity/,
      ),
    ]);
    await expect
      .poll(() => disputes.first().getByRole("link").getAttribute("href"))
      .toBe("/agreements/microsoft-openai");
    expect(await page.getByTestId("home-open-questions").locator("li").count()).toBe(5);
    expect(await page.getByTestId("home-open-questions").textContent()).toMatch(
      /How long is the first-ship window\?/,
    );
  });

  it("the API reference fits, loads nothing from elsewhere and passes axe", {
    timeout: 150_000,
  }, async () => {
    const origins = new Set<string>();
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    await page.goto(`${app.url}/api/v1/docs`);
    await page.getByText("Whether the API can serve reads and writes").first().waitFor();
    expect([...origins]).toEqual([app.url]);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, "api-reference", size);
  });
});
