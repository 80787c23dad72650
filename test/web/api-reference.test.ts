import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { overflow, pageAt, SIZES, seriousViolations } from "./phone.ts";
import { chromiumProblem, requireBrowser, startWebApp, type WebApp } from "./support.ts";

/**
 * The API reference page (served by the API) is a page of the product: it reads openapi.json
 * from its own origin, asks no other host for anything, links back to the app, and is clean
 * under axe-core.
 */
let app: WebApp;
let page: Page;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-api-reference", { seed: false });
  page = await pageAt(app, SIZES[0]);
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

describe("the API reference page", { timeout: 60_000 }, () => {
  it("lists every operation from the OpenAPI document, from this origin only", async () => {
    const origins = new Set<string>();
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    await page.goto(`${app.url}/api/v1/docs`);
    await page.getByText("Whether the API can serve reads and writes").first().waitFor();
    expect([...origins]).toEqual([app.url]);
    const document = (await (await fetch(`${app.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.values(document.paths).flatMap((path) => Object.keys(path)).length;
    expect(await page.locator("section.op").count()).toBe(operations);
    const append = page.locator("section.op", {
      has: page.locator("#post-api-v1-agreements-id-events"),
    });
    expect(await append.locator("caption").allTextContents()).toContain("Request body (JSON)");
    expect(await page.getByRole("link", { name: "Back to the app" }).getAttribute("href")).toBe(
      "/home",
    );
  });

  it("has no critical or serious axe violations, and fits a phone", async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});
