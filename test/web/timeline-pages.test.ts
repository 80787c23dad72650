import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  chromiumProblem,
  newPage,
  requireBrowser,
  screenshot,
  signIn,
  startWebApp,
  type WebApp,
} from "./support.ts";

/**
 * A portfolio past one page of the timeline: the reference case's six agreements and 24 supply
 * contracts, the last of which ends mid-2029. The timeline draws 25 agreements at a time.
 */
let app: WebApp;
let page: Page;
const SUPPLIES = Array.from(
  { length: 24 },
  (_, index) => `supply-${String(index + 1).padStart(2, "0")}`,
);

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-timeline-pages");
  for (const id of SUPPLIES) {
    const recorded = await app.api.call("POST", "/agreements", {
      body: {
        id,
        title: `Supply contract ${id.slice(-2)}`,
        parties: [{ party: "openai", role: "buyer" }],
        effectiveOn: "2026-01-01",
        ...(id === "supply-24" ? { endsOn: "2029-06-30" } : {}),
      },
    });
    expect(recorded.status, recorded.text).toBe(201);
  }
  page = await newPage(app);
  await signIn(page, app, "viewer-a");
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const drawn = () =>
  page
    .getByTestId("timeline")
    .locator("[data-agreement]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-agreement")));
const pager = () => page.getByRole("navigation", { name: "Agreements drawn" });

describe("the timeline of a portfolio past one page", { timeout: 60_000 }, () => {
  it("draws 25 agreements, then the next five with their deadlines, one request a page", async () => {
    const asked: string[] = [];
    page.on("request", (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(`${app.url}/timeline?at=2026-05-01`);
    await page.getByTestId("timeline").waitFor();
    await expect.poll(() => pager().textContent()).toMatch(/Agreements 1–25(?!, the last)/);
    const first = await drawn();
    expect(first).toHaveLength(25);
    expect(first.slice(0, 6)).toEqual([
      "amazon-openai",
      "aws-openai-cloud",
      "google-openai-distribution",
      "microsoft-openai",
      "openai-2026-round",
      "oracle-openai-infrastructure",
    ]);
    // The reference case's deadlines are drawn beside their agreements (the tranches are due by
    // 2028-12-31; the revenue share runs through 2030).
    const marks = page.getByTestId("timeline").locator("[data-deadline]");
    const dates = await marks.evaluateAll((all) =>
      all.map((mark) => mark.getAttribute("data-date")),
    );
    expect(dates).toEqual(expect.arrayContaining(["2028-12-31", "2030-12-31"]));
    expect(await pager().getByRole("button", { name: "Previous 25" }).isDisabled()).toBe(true);

    await pager().getByRole("button", { name: "Next 25" }).click();
    await expect.poll(() => pager().textContent()).toMatch(/Agreements 26–30, the last/);
    expect(await drawn()).toEqual(SUPPLIES.slice(19));
    expect(await pager().getByRole("button", { name: "Next 25" }).isDisabled()).toBe(true);
    // The last supply contract's end, 2029-06-30, is its one deadline on this page.
    const ends = await marks.evaluateAll((all) =>
      all.map((mark) => [mark.getAttribute("data-deadline"), mark.getAttribute("data-date")]),
    );
    expect(ends).toEqual([["supply-24:agreement-end", "2029-06-30"]]);
    await screenshot(page, "timeline-second-page");

    await pager().getByRole("button", { name: "Previous 25" }).click();
    await expect.poll(() => pager().textContent()).toMatch(/Agreements 1–25/);
    expect(await drawn()).toEqual(first);
    const api = asked.filter((path) => path.startsWith("/api/v1/"));
    // Two pages read, the first again from the cache; never the tenant's list of deadlines.
    expect(api.filter((path) => path === "/api/v1/agreement-details")).toHaveLength(2);
    expect(api.filter((path) => path === "/api/v1/deadlines")).toEqual([]);
  });
});
