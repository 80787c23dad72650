import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { section, setUpKestrelCatalog } from "./catalog-steps.ts";
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

/**
 * A partnership that is not the reference case, set up from nothing through the UI: an editor
 * builds the catalog, records two agreements with the forms, and reads the matrix; a viewer
 * plans a workload on it.
 */
let app: WebApp;
let page: Page;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-any-partnership", { seed: false });
  page = await newPage(app);
  await signIn(page, app, "editor-a");
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const field = (path: string) => page.locator(`[name="${path}"]`);
const nav = (name: string) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
const group = (name: string | RegExp) =>
  page.getByRole("group", { name, exact: typeof name === "string" }).first();
const tick = (name: string) => page.getByRole("checkbox", { name, exact: true }).check();

async function newAgreement(
  id: string,
  title: string,
  effectiveOn: string,
  parties: [string, string][],
) {
  await nav("Agreements").click();
  await page.getByRole("link", { name: "New agreement" }).click();
  await field("id").fill(id);
  await field("title").fill(title);
  await field("kind").selectOption("distribution");
  for (const [index, [party, role]] of parties.entries()) {
    await field(`parties.${index}.party`).selectOption({ label: party });
    await field(`parties.${index}.role`).fill(role);
  }
  await field("effectiveOn").fill(effectiveOn);
  await page.getByRole("button", { name: "Record the agreement" }).click();
  await page.getByTestId("recorded").waitFor();
  expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(title);
}

/** Opens "Record a change" on the agreement shown, fills the term with `fill`, previews and saves. */
async function recordTerm(type: string, fill: () => Promise<void>) {
  await page.getByRole("link", { name: "Record a change" }).click();
  // A new term is recorded by its event type (the guided form covers changes to existing terms).
  await page.getByRole("button", { name: "By event type" }).click();
  await page.getByLabel("Event type").selectOption(type);
  await fill();
  await page.getByRole("button", { name: "Preview the change" }).click();
  await page.getByTestId("preview").waitFor();
  await page.getByRole("button", { name: "Save the change" }).click();
  await page.getByTestId("recorded").waitFor();
}

async function reasonCodes(product: string, provider: string): Promise<string[]> {
  await page.locator(`button[data-product="${product}"][data-provider="${provider}"]`).click();
  const reasons = page.getByTestId("reasons");
  // The verdict appears with this cell's answer: the panel opens before it loads.
  await reasons.getByTestId("verdict").waitFor();
  return reasons
    .locator("[data-code]")
    .evaluateAll((items) => items.map((item) => item.getAttribute("data-code") ?? ""));
}

describe("any partnership, from an empty tenant", { timeout: 120_000 }, () => {
  it("starts empty: the matrix says so and the catalog holds only the Commercial segment", async () => {
    await page.locator('[data-testid="empty-matrix"]').waitFor();
    expect(await page.getByTestId("empty-matrix").textContent()).toMatch(/no products yet/);
    await nav("Catalog").click();
    const segments = section(page, "segments");
    await segments.locator("tr[data-entry]").first().waitFor();
    expect(await segments.locator("tbody th").allTextContents()).toEqual(["Commercial"]);
  });

  it("an editor sets up a catalog of their own on the Catalog screen", async () => {
    await setUpKestrelCatalog(page, app.url);
    const providers = section(page, "providers");
    const harbor = providers.locator('tr[data-entry="harbor-cloud"]');
    expect(await harbor.textContent()).toMatch(/Harbor Cloud.*Cloud.*Harbor Compute.*harbor-cloud/);
    expect(await providers.locator('tr[data-entry="kestrel-direct"]').textContent()).toMatch(
      /First party.*Kestrel Robotics/,
    );
    const max = section(page, "products").locator('tr[data-entry="kestrel-eye-max"]');
    expect(await max.textContent()).toMatch(/Vision models.*Kestrel Robotics.*from Jun 2028/);
    await screenshot(page, "20-catalog-set-up");
  });

  it("records two agreements and their terms through the forms, picking entries by name", async () => {
    await newAgreement("kestrel-harbor", "Kestrel–Harbor distribution agreement", "2026-01-01", [
      ["Kestrel Robotics", "model maker"],
      ["Harbor Compute", "cloud distributor"],
    ]);
    await recordTerm("ExclusivityGranted", async () => {
      await field("effectiveOn").fill("2026-01-01");
      await field("termId").fill("harbor-eye-exclusivity");
      await field("holder").selectOption({ label: "Harbor Cloud" });
      await field("scope").selectOption("third-party-cloud-distribution");
      await group(/^Products \(optional\)/)
        .getByLabel("Which form")
        .selectOption({ label: "chosen from a list" });
      await tick("Kestrel Eye");
      await field("until").fill("2027-12-31");
      await field("summary").fill("Harbor Cloud is the only third-party cloud for Kestrel Eye");
      await screenshot(page, "21-record-exclusivity-pickers");
    });
    const latest = page.getByTestId("audit-trail").locator("[data-type]").first();
    expect(await latest.textContent()).toMatch(
      /^Exclusivity granted: Harbor Cloud is the only third-party cloud for Kestrel Eye/,
    );
    expect(await latest.locator("dl").textContent()).toMatch(/HolderHarbor Cloud/);
    expect(await latest.locator("dl").textContent()).toMatch(/ProductsKestrel Eye$/);
    expect(await page.getByTestId("agreement").textContent()).toMatch(
      /Kestrel Robotics \(model maker\), Harbor Compute \(cloud distributor\)/,
    );

    await newAgreement("kestrel-quay", "Kestrel–Quay distribution agreement", "2027-06-01", [
      ["Kestrel Robotics", "model maker"],
      ["Quay Systems", "cloud distributor"],
    ]);
    // Non-exclusive, and only once Harbor's exclusivity is over.
    await recordTerm("DistributionRightGranted", async () => {
      await field("effectiveOn").fill("2028-01-01");
      await field("termId").fill("quay-eye");
      await group("Providers")
        .getByLabel("Which form")
        .selectOption({ label: "chosen from a list" });
      await tick("Quay Cloud");
      await group(/^Products \(optional\)/)
        .getByLabel("Which form")
        .selectOption({ label: "chosen from a list" });
      await tick("Kestrel Eye");
    });
    // Limited to one segment: Kestrel Eye Max for healthcare customers only.
    await recordTerm("DistributionRightGranted", async () => {
      await field("effectiveOn").fill("2027-06-01");
      await field("termId").fill("quay-eye-max-healthcare");
      await group("Providers")
        .getByLabel("Which form")
        .selectOption({ label: "chosen from a list" });
      await tick("Quay Cloud");
      await group(/^Products \(optional\)/)
        .getByLabel("Which form")
        .selectOption({ label: "chosen from a list" });
      await tick("Kestrel Eye Max");
      await tick("Healthcare");
    });
    expect(await page.getByTestId("terms").locator("[data-term]").count()).toBe(2);
    await screenshot(page, "22-any-partnership-agreement");
  });

  it("shows the matrix a reader of these contracts expects, by name", async () => {
    await page.goto(`${app.url}/?at=2026-06-01`);
    const matrix = page.getByTestId("matrix");
    expect(await cellDecision(page, "2026-06-01", "kestrel-eye", "harbor-cloud")).toBe("allowed");
    expect(await cellDecision(page, "2026-06-01", "kestrel-eye", "quay-cloud")).toBe("denied");
    // Harbor's exclusivity is against third-party clouds: Kestrel's own channel is not bound by it.
    expect(await cellDecision(page, "2026-06-01", "kestrel-eye", "kestrel-direct")).toBe("allowed");
    expect(await cellDecision(page, "2026-06-01", "kestrel-eye-max", "harbor-cloud")).toBe(
      "denied",
    );
    expect(await matrix.locator("thead").textContent()).toMatch(/Harbor Cloud.*Quay Cloud/);
    expect(await matrix.locator("tbody th").allTextContents()).toEqual([
      expect.stringMatching(/^Kestrel Eye/),
      expect.stringMatching(/^Kestrel Eye Max/),
    ]);
    expect(await reasonCodes("kestrel-eye", "quay-cloud")).toContain("exclusive-to-other");
    expect(await page.getByTestId("reasons").textContent()).toMatch(
      /Kestrel–Harbor distribution agreement/,
    );
    expect(await reasonCodes("kestrel-eye-max", "harbor-cloud")).toEqual(["not-yet-available"]);
    expect(await page.getByTestId("reasons").textContent()).toMatch(/Not launched yet/);
    await screenshot(page, "23-any-partnership-matrix-2026");

    // After the exclusivity: Quay's later, non-exclusive grant is in force; Eye Max is still to launch.
    await page.getByLabel("Exact date").fill("2028-03-01");
    expect(await cellDecision(page, "2028-03-01", "kestrel-eye", "quay-cloud")).toBe("allowed");
    expect(await reasonCodes("kestrel-eye-max", "quay-cloud")).toEqual(["not-yet-available"]);

    // Launched, but Quay's grant for it is for healthcare customers only.
    await page.getByLabel("Exact date").fill("2028-09-01");
    expect(await cellDecision(page, "2028-09-01", "kestrel-eye-max", "quay-cloud")).toBe("denied");
    expect(await reasonCodes("kestrel-eye-max", "quay-cloud")).toContain("no-grant");

    // The segment picker is the tenant's own.
    const segment = page.getByLabel("Segment");
    expect(await segment.locator("option").allTextContents()).toEqual(["Commercial", "Healthcare"]);
    await segment.selectOption({ label: "Healthcare" });
    await page.waitForURL(/segment=healthcare/);
    await expect.poll(() => matrix.locator("caption").textContent()).toMatch(/Healthcare segment/);
    expect(await cellDecision(page, "2028-09-01", "kestrel-eye-max", "quay-cloud")).toBe("allowed");
    await screenshot(page, "24-any-partnership-matrix-healthcare");
  });

  it("a viewer plans a workload from the catalog and compares two dates", async () => {
    const viewer = await newPage(app);
    await signIn(viewer, app, "viewer-a", "/workloads?at=2026-06-01");
    expect(await viewer.getByRole("link", { name: "Import/Export" }).count()).toBe(0);
    await viewer.getByRole("button", { name: "New workload" }).click();
    await viewer.getByLabel("Name").fill("Defect detection, line 3");
    await viewer.getByLabel("Product").selectOption({ label: "Kestrel Eye" });
    await viewer.getByLabel("Segment").selectOption({ label: "Commercial" });
    await viewer.getByLabel("Harbor Cloud").check();
    await viewer.getByLabel("Quay Cloud").check();
    await viewer.getByRole("button", { name: "Create workload" }).click();
    const decisions = viewer.getByTestId("workload-decisions");
    await decisions.waitFor();
    expect(await decisions.getByRole("heading").textContent()).toMatch(
      /Defect detection, line 3: Kestrel Eye, Commercial/,
    );
    const quay = decisions.locator('tr[data-provider="quay-cloud"]');
    await expect.poll(() => quay.getAttribute("data-decision")).toBe("denied");
    expect(
      await decisions.locator('tr[data-provider="harbor-cloud"]').getAttribute("data-decision"),
    ).toBe("allowed");
    await viewer.getByLabel("Compare with date").fill("2028-03-01");
    await expect.poll(() => quay.getAttribute("data-changed")).toBe("true");
    expect(await quay.textContent()).toMatch(/Allowed/);
    await screenshot(viewer, "25-any-partnership-viewer-workload");
    await viewer.context().close();
  });
});
