import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { API_REFERENCE_SCRIPT_PATH } from "../../functions/src/api/docs.ts";
import { chromiumProblem, newPage, requireBrowser, startWebApp, type WebApp } from "./support.ts";

/**
 * The API reference page (served by the API) runs Scalar's script from the web UI's build on
 * the same origin, as on AWS (the Router) and under `npm start` (serveWeb), and from nowhere else.
 */
let app: WebApp;
let page: Page;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-api-reference", { seed: false });
  page = await newPage(app);
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

describe("the API reference page", { timeout: 60_000 }, () => {
  it("renders the OpenAPI document with Scalar's script from the UI's build", async () => {
    const origins = new Set<string>();
    page.on("request", (request) => origins.add(new URL(request.url()).origin));
    const script = page.waitForResponse((response) =>
      response.url().endsWith(API_REFERENCE_SCRIPT_PATH),
    );
    await page.goto(`${app.url}/api/v1/docs`);
    const response = await script;
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/javascript/);
    await page.getByText("Whether the API can serve reads and writes").first().waitFor();
    expect([...origins]).toEqual([app.url]);
  });
});
