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
  app = await startWebApp("web-certainty");
  page = await newPage(app);
  await signIn(page, app, "editor-a", "/?at=2026-03-15&segment=government");
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const cell = (product: string, provider: string) =>
  page.locator(`button[data-product="${product}"][data-provider="${provider}"]`);

/** Opens a cell's reasons and waits for its answer. */
async function openReasons(product: string, provider: string) {
  await cell(product, provider).click();
  const reasons = page.getByTestId("reasons");
  // The verdict appears with this cell's answer: the panel opens before it loads.
  await reasons.getByTestId("verdict").waitFor();
  return reasons;
}

describe("answers that say how sure they are", { timeout: 60_000 }, () => {
  it("marks the government AWS cells uncertain on 2026-03-15: AWS's government deal is dated only to Mar 2026", async () => {
    expect(await cellDecision(page, "2026-03-15", "openai-api", "aws")).toBe("conflict");
    expect(await cell("openai-api", "aws").getAttribute("data-certainty")).toBe("uncertain");
    expect(await cell("openai-api", "aws").getAttribute("aria-label")).toMatch(
      /: conflict, uncertain\. Show the reasons\./,
    );
    expect(await cell("openai-api", "aws").locator(".certainty-icon").count()).toBe(1);
    // Azure's answer does not depend on that date.
    expect(await cell("openai-api", "azure").getAttribute("data-certainty")).toBe("certain");
    expect(await cell("openai-api", "azure").locator(".certainty-icon").count()).toBe(0);
    expect(await page.locator('[data-legend="uncertain"]').textContent()).toMatch(
      /Uncertain.*known only to the month or year.*disputed/,
    );

    const reasons = await openReasons("openai-api", "aws");
    const certainty = reasons.getByTestId("certainty");
    expect(await certainty.getAttribute("data-certainty")).toBe("uncertain");
    expect(await certainty.textContent()).toMatch(
      /^Uncertain:.*US defense and government agencies.*starts Mar 2026: within that span it may or may not be in force/,
    );
    expect(await certainty.locator("[data-code]").getAttribute("data-code")).toBe("imprecise-date");

    // Microsoft's API exclusivity: from 2022 (year only), ended by the amendment of 27 Apr 2026.
    const exclusive = reasons.locator('li.reason[data-code="exclusive-to-other"]').first();
    expect(await exclusive.locator('[data-fact="effective"]').textContent()).toBe(
      "from 2022 (year only) to 26 Apr 2026",
    );
    expect(await exclusive.locator('[data-fact="later"]').textContent()).toMatch(/^27 Apr 2026/);
    expect(await exclusive.locator('[data-fact="evidence"]').textContent()).toBe("primary source");

    // AWS's government deal rests on Reuters alone.
    const government = reasons.locator('li.reason[data-code="grant-contradicts-exclusivity"]');
    expect(await government.locator("p").first().textContent()).toMatch(/\[press reports only\]$/);
    expect(await government.locator('[data-fact="effective"]').textContent()).toBe(
      "from Mar 2026 on",
    );
    expect(await government.locator('[data-fact="evidence"]').textContent()).toBe(
      "press reports only",
    );
    await screenshot(page, "40-matrix-uncertain-government");
  });

  it("on 2026-05-01 the OpenAI API on AWS is conditional and uncertain: reports disagree on the stateless API", async () => {
    await page.goto(`${app.url}/?at=2026-05-01`);
    expect(await cellDecision(page, "2026-05-01", "openai-api", "aws")).toBe("conditional");
    expect(await cell("openai-api", "aws").getAttribute("data-certainty")).toBe("uncertain");
    const reasons = await openReasons("openai-api", "aws");
    const certainty = reasons.getByTestId("certainty");
    expect(await certainty.textContent()).toMatch(
      /^Uncertain:.*Two reports still describe Azure as retaining stateless API exclusivity/,
    );
    expect(await certainty.locator("[data-code]").getAttribute("data-code")).toBe("disputed");
    await screenshot(page, "41-matrix-uncertain-disputed");

    // Frontier on AWS rests on AWS's exclusive distribution right, which nobody disputes after the amendment.
    expect(await cell("frontier", "aws").getAttribute("data-certainty")).toBe("certain");
    const frontier = await openReasons("frontier", "aws");
    expect(await frontier.getByTestId("certainty").textContent()).toMatch(/^Certain/);
    expect(
      await frontier
        .locator('li.reason[data-code="granted"] [data-fact="effective"]')
        .first()
        .textContent(),
    ).toBe("from 27 Feb 2026 on");
  });

  it("while another cell's reasons load, shows none of the cell it showed before", async () => {
    await page.goto(`${app.url}/?at=2026-05-01`);
    await (await openReasons("openai-api", "aws")).getByTestId("certainty").waitFor();
    // Frontier's answer is held back, so the panel is caught between the two cells.
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    const frontiersAnswer = (url: URL) =>
      url.pathname.endsWith("/entitlements") && url.searchParams.get("product") === "frontier";
    await page.route(frontiersAnswer, async (route) => {
      await held;
      await route.continue();
    });
    try {
      await cell("frontier", "aws").click();
      const reasons = page.getByTestId("reasons");
      await reasons.getByText("Loading the reasons").waitFor();
      expect(await reasons.locator("h2").textContent()).toMatch(/^Frontier/);
      expect(await reasons.getByTestId("certainty").count()).toBe(0);
      expect(await reasons.locator("li.reason").count()).toBe(0);
      release();
      expect(await reasons.getByTestId("certainty").textContent()).toMatch(/^Certain/);
    } finally {
      release();
      await page.unroute(frontiersAnswer);
    }
  });

  it("while another workload's decisions load, shows none of the workload it showed before", async () => {
    for (const [id, name, product] of [
      ["stale-api", "Chat assistant", "openai-api"],
      ["stale-frontier", "Frontier research", "frontier"],
    ] as const) {
      const created = await app.api.call("POST", "/workloads", { body: { id, name, product } });
      expect(created.status, created.text).toBe(201);
    }
    await page.goto(`${app.url}/workloads?at=2026-05-01&workload=stale-api`);
    const decisions = page.getByTestId("workload-decisions");
    await decisions.getByTestId("workload-verdict").waitFor();
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    const frontiersDecisions = (url: URL) =>
      url.pathname.endsWith("/workloads/stale-frontier/entitlements");
    await page.route(frontiersDecisions, async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.getByRole("button", { name: "Show decisions for Frontier research" }).click();
      await decisions.getByText("Loading the decisions").waitFor();
      expect(await decisions.locator("h2").textContent()).toMatch(/^Frontier research: /);
      expect(await decisions.getByTestId("workload-verdict").count()).toBe(0);
      expect(await decisions.locator("tr[data-provider]").count()).toBe(0);
      release();
      await decisions.getByTestId("workload-verdict").waitFor();
      expect(await decisions.locator("tr[data-provider]").count()).toBeGreaterThan(0);
    } finally {
      release();
      await page.unroute(frontiersDecisions);
    }
  });

  it("shows each workload provider's certainty", async () => {
    await page.goto(`${app.url}/workloads?at=2026-05-01`);
    await page.getByRole("button", { name: "New workload" }).click();
    await page.getByLabel("Name").fill("Embeddings pipeline");
    await page.getByLabel("Product").selectOption("openai-api");
    await page.getByLabel("Amazon Web Services (incl. Bedrock)").check();
    await page.getByLabel("Microsoft Azure").check();
    await page.getByRole("button", { name: "Create workload" }).click();
    const decisions = page.getByTestId("workload-decisions");
    const aws = decisions.locator('tr[data-provider="aws"]');
    await expect.poll(() => aws.getAttribute("data-certainty")).toBe("uncertain");
    expect(await aws.getAttribute("data-decision")).toBe("conditional");
    expect(await aws.locator(".answer").textContent()).toMatch(/Conditional.*Uncertain/);
    const azure = decisions.locator('tr[data-provider="azure"]');
    expect(await azure.getAttribute("data-certainty")).toBe("certain");
    expect(await azure.locator(".answer").textContent()).not.toMatch(/Uncertain/);

    await aws.getByText("Why").click();
    expect(await aws.getByTestId("certainty").textContent()).toMatch(
      /^Uncertain:.*Two reports still describe Azure/,
    );
    expect(await aws.locator('li[data-code="granted"] .reason-facts').allTextContents()).toContain(
      "from 27 Apr 2026 on · primary source",
    );
    await screenshot(page, "42-workload-uncertain");
  });

  it("answers azure-first-ship:window through the Answer button; a viewer gets no button", async () => {
    await page.goto(`${app.url}/agreements/microsoft-openai?at=2026-05-01`);
    const question = page
      .getByTestId("open-questions")
      .locator('li[data-question="azure-first-ship:window"]');
    expect(await question.textContent()).toMatch(/How long is the first-ship window\?/);
    await question.getByRole("link", { name: /^Answer/ }).click();

    await page.waitForURL(/\/agreements\/microsoft-openai\/record\?/);
    // The guided form opens on this question; its answer is given in words here.
    expect(
      await page.getByRole("radio", { name: /^An open question was answered/ }).isChecked(),
    ).toBe(true);
    expect(
      await page.getByLabel("Question", { exact: true }).locator("option:checked").textContent(),
    ).toMatch(/How long is the first-ship window\?/);
    expect(await page.getByLabel("Effective: date").inputValue()).toBe("2026-05-01");
    await page.getByLabel(/Answer in words instead/).check();
    const answer = "No exclusive window: Azure is among the launch-day clouds.";
    await page.getByLabel("Answer", { exact: true }).fill(answer);
    await page.getByRole("button", { name: "Preview the change" }).click();
    await page.getByTestId("preview").waitFor();
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();

    const answered = page
      .getByTestId("answered-questions")
      .locator('li[data-question="azure-first-ship:window"]');
    expect(await answered.textContent()).toMatch(/How long is the first-ship window\?/);
    expect(await answered.locator("[data-answer]").textContent()).toBe(answer);
    expect(
      await page
        .locator('[data-testid="open-questions"] [data-question="azure-first-ship:window"]')
        .count(),
    ).toBe(0);
    await screenshot(page, "43-agreement-answered-question");

    const viewer = await newPage(app);
    await signIn(viewer, app, "viewer-a", "/agreements/microsoft-openai?at=2026-05-01");
    await viewer.getByTestId("open-questions").waitFor();
    expect(await viewer.getByTestId("open-questions").getByRole("link").count()).toBe(0);
    expect(await viewer.getByTestId("answered-questions").textContent()).toContain(answer);
    await viewer.context().close();
  });
});
