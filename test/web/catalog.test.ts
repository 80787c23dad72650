import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fillNewEntry, section, seedKestrelCatalog } from "./catalog-steps.ts";
import {
  chromiumProblem,
  newPage,
  requireBrowser,
  screenshot,
  signIn,
  startWebApp,
  type WebApp,
} from "./support.ts";

/** The Catalog screen on a tenant whose catalog (and nothing else) is set up. */
let app: WebApp;
let page: Page;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-catalog", { seed: false });
  await seedKestrelCatalog(app.api);
  page = await newPage(app);
  await signIn(page, app, "editor-a", "/catalog");
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

/** The message a control points at (aria-describedby), once it is marked invalid. */
async function errorOf(control: ReturnType<Page["locator"]>): Promise<string | null> {
  await expect.poll(() => control.getAttribute("aria-invalid")).toBe("true");
  const ids = (await control.getAttribute("aria-describedby")) ?? "";
  const texts = await Promise.all(
    ids.split(" ").map((id) => page.locator(`[id="${id}"]`).textContent()),
  );
  return texts.join(" ");
}

describe("the Catalog screen", { timeout: 60_000 }, () => {
  it("shows the API's problems at the field they concern, and adds nothing", async () => {
    const form = await fillNewEntry(page, "parties", { name: "Kestrel Europe", id: "kestrel" });
    await form.getByRole("button", { name: "Add the party" }).click();
    expect(await errorOf(form.getByLabel("Id", { exact: true }))).toMatch(/already exists/);

    await form.getByLabel("Id", { exact: true }).fill("Kestrel EU");
    await form.getByRole("button", { name: "Add the party" }).click();
    await expect
      .poll(() => errorOf(form.getByLabel("Id", { exact: true })))
      .toMatch(/lowercase letters, digits and dashes/);
    await screenshot(page, "26-catalog-inline-error");
    await form.getByRole("button", { name: "Cancel" }).click();
    expect(await section(page, "parties").locator("tr[data-entry]").count()).toBe(3);

    // A provider needs its party and its channel, each said at its own field.
    const provider = await fillNewEntry(page, "providers", {
      name: "Tern Cloud",
      id: "tern-cloud",
    });
    await provider.getByRole("button", { name: "Add the provider" }).click();
    expect(await errorOf(provider.getByLabel("Party (who runs it)"))).toMatch(/Choose the party/);
    expect(await errorOf(provider.getByRole("group", { name: "Channel" }))).toMatch(
      /what kind of channel/,
    );
    await provider.getByRole("button", { name: "Cancel" }).click();
  });

  it("renames a product, moves its launch to the day, then removes it", async () => {
    const products = section(page, "products");
    const max = products.locator('tr[data-entry="kestrel-eye-max"]');
    expect(await max.textContent()).toMatch(/from Jun 2028/);
    await products.getByRole("button", { name: "Change Kestrel Eye Max" }).click();
    const form = products.getByRole("form", { name: "Change Kestrel Eye Max" });
    await form.getByLabel("Name").fill("Kestrel Eye Max (2nd generation)");
    await form.getByLabel("Known to the").selectOption("day");
    await form.getByLabel("Launch date", { exact: true }).fill("2028-06-15");
    await form.getByRole("button", { name: "Save the changes" }).click();
    await products.getByText("Saved the changes to “Kestrel Eye Max (2nd generation)”.").waitFor();
    // Its answers were refreshed in the request: nothing to wait for.
    expect(await products.getByTestId("catalog-answers-updating").count()).toBe(0);
    // The note shows as soon as the server answers; the table follows once the catalog is read again.
    await expect
      .poll(() => max.textContent())
      .toMatch(/Kestrel Eye Max \(2nd generation\).*from 15 Jun 2028/);

    // As in a portfolio so large that the request leaves the answers to the stream projector.
    const budget = app.api.runtime.inlineAnswersMs;
    app.api.runtime.inlineAnswersMs = 0;
    await products.getByRole("button", { name: /^Change Kestrel Eye Max/ }).click();
    await products.getByLabel("Launch date", { exact: true }).fill("");
    await products.getByRole("button", { name: "Save the changes" }).click();
    await products.getByTestId("catalog-answers-updating").waitFor();
    app.api.runtime.inlineAnswersMs = budget;
    expect(await products.getByRole("status").textContent()).toMatch(
      /Saved the changes.*still being worked out.*answers from before it/,
    );
    await expect.poll(() => max.textContent()).toMatch(/available/);
  });

  it("retires a provider: kept apart, marked, out of the matrix and the pickers; and back", async () => {
    const providers = section(page, "providers");
    await providers.getByRole("button", { name: "Retire Quay Cloud" }).click();
    await providers.getByText("Retired “Quay Cloud”").waitFor();
    await providers.locator('tr[data-entry="quay-cloud"][data-retired]').waitFor();
    const retired = providers.locator('table:has(caption:text-matches("^Retired")) tr[data-entry]');
    expect(await retired.allTextContents()).toEqual([
      expect.stringMatching(/Quay Cloud\s*Retired/),
    ]);
    expect(await providers.locator("tr[data-entry]:not([data-retired])").count()).toBe(2);
    await screenshot(page, "27-catalog-retired");

    await page.goto(`${app.url}/?at=2026-06-01`);
    await page.locator('[data-testid="matrix"][data-at="2026-06-01"]').waitFor();
    expect(await page.getByTestId("matrix").locator("thead").textContent()).not.toMatch(/Quay/);
    await page.goto(`${app.url}/workloads`);
    await page.getByRole("button", { name: "New workload" }).click();
    await page.getByLabel("Harbor Cloud").waitFor();
    expect(await page.getByLabel("Quay Cloud").count()).toBe(0);

    await page.goto(`${app.url}/catalog`);
    await providers.getByRole("button", { name: "Unretire Quay Cloud" }).click();
    await providers.getByText("“Quay Cloud” is in use again.").waitFor();
    await expect.poll(() => providers.locator("tr[data-retired]").count()).toBe(0);
  });

  it("keeps a readable history: what changed, with the names of the time, by whom", async () => {
    const trail = page.getByTestId("catalog-trail");
    await trail.waitFor();
    const linesShown = async () =>
      (await trail.locator("h3").allTextContents()).map((line) => line.replace(/^v\d+ /, ""));
    // The trail is read again after the last change: wait for it rather than the first render.
    await expect
      .poll(async () => (await linesShown())[0], { timeout: 10_000 })
      .toMatch(/back in use/);
    const lines = await linesShown();
    expect(lines.slice(0, 4)).toEqual([
      "The provider “Quay Cloud”: back in use",
      "The provider “Quay Cloud”: retired",
      "The product “Kestrel Eye Max (2nd generation)”: launch date removed",
      "The product “Kestrel Eye Max”: renamed to “Kestrel Eye Max (2nd generation)”, launch date set to 15 Jun 2028",
    ]);
    expect(lines).toContain(
      "Added the provider “Kestrel Direct”: the own channel of Kestrel Robotics",
    );
    expect(lines).toContain(
      "Added the product “Kestrel Eye Max”: Vision models, owned by Kestrel Robotics, launching Jun 2028",
    );
    expect(await trail.locator("li").first().textContent()).toMatch(/Recorded .* UTC by editor-/);
  });

  it("shows the latest catalog on the next screen, even when an older read of it answers last", async () => {
    await page.goto(`${app.url}/catalog`);
    const parties = section(page, "parties");
    await parties.locator("tr[data-entry]").first().waitFor();
    // The catalog read that follows the first addition answers before the second addition and
    // reaches the page after the second's read.
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    let reads = 0;
    let delivered = false;
    const catalogRead = (url: URL) => url.pathname.endsWith("/api/v1/catalog");
    await page.route(catalogRead, async (route) => {
      if (route.request().method() !== "GET" || reads++ > 0) return route.continue();
      // Answered by the server now (before the second addition), delivered later.
      const response = await route.fetch();
      await held;
      await route.fulfill({ response });
      delivered = true;
    });
    const add = async (id: string, name: string) => {
      const form = await fillNewEntry(page, "parties", { id, name });
      await form.getByRole("button", { name: "Add the party" }).click();
      await parties
        .getByRole("status")
        .filter({ hasText: `Added the party “${name}”` })
        .waitFor();
    };
    try {
      await add("plover-labs", "Plover Labs");
      await add("tern-labs", "Tern Labs");
      await parties.locator('tr[data-entry="tern-labs"]').waitFor();
      release();
      // The older read answers now, without Tern Labs; the page takes a moment to read it.
      await expect.poll(() => delivered).toBe(true);
      await page.waitForTimeout(100);
    } finally {
      release();
      await page.unroute(catalogRead);
    }
    // Another screen, then back, within the app: the catalog comes from its read cache.
    const nav = (name: string) =>
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
    await nav("Agreements").click();
    await nav("Catalog").click();
    await parties.locator('tr[data-entry="plover-labs"]').waitFor();
    expect(await parties.locator('tr[data-entry="tern-labs"]').count()).toBe(1);
  });

  it("lets a viewer read the catalog and its history, and change nothing", async () => {
    const viewer = await newPage(app);
    await signIn(viewer, app, "viewer-a", "/catalog");
    await viewer.getByText("can read the catalog; editors change it").waitFor();
    const providers = viewer.getByTestId("catalog-providers");
    expect(await providers.locator('tr[data-entry="harbor-cloud"]').textContent()).toMatch(
      /Harbor Cloud.*Cloud.*Harbor Compute.*harbor-cloud/,
    );
    expect(await viewer.getByRole("button", { name: /^(Add a|Change|Retire)/ }).count()).toBe(0);
    await viewer.getByTestId("catalog-trail").waitFor();
    await screenshot(viewer, "28-catalog-viewer");
    await viewer.context().close();
  });
});
