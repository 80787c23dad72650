import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkScreen, pageAt, projectStream, SIZES, type Size } from "./record-steps.ts";
import { chromiumProblem, requireBrowser, startWebApp, type WebApp } from "./support.ts";

let app: WebApp;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-audit-trail");
  app.api.setNow(new Date(app.api.now().getTime() + 3_600_000).toISOString());
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const trail = (page: Page) => page.getByTestId("audit-trail");

/** What each size corrects: an entry of the reference case, the field the correction rewrites. */
const CORRECTIONS: Record<
  Size["name"],
  { agreement: string; entry: RegExp; field: string; text: string; reason: string }
> = {
  "1440": {
    agreement: "amazon-openai",
    entry: /Note: AWS's exclusive third-party distribution of Frontier/,
    field: "text",
    text: "AWS's exclusive third-party distribution of Frontier is reported to remain in force under the amended terms (Reuters, 28 April).",
    reason: "The note left out the report it rests on",
  },
  "390": {
    agreement: "google-openai-distribution",
    entry: /Question raised: Which products does Google Cloud's distribution agreement cover/,
    field: "question",
    text: "Which products does Google Cloud's agreement cover, from when, and at what price?",
    reason: "Misquoted the question",
  },
};

describe("the audit trail as a history", { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`corrects an entry and shows the diff, the original marked superseded (${size.name} px)`, async () => {
      const fix = CORRECTIONS[size.name];
      const page = await pageAt(
        app,
        size,
        "editor-a",
        `/agreements/${fix.agreement}?at=2026-05-01`,
      );
      await page.getByRole("link", { name: "Record a change" }).click();
      await page.getByRole("radio", { name: /^Correct an earlier entry/ }).check();
      const entry = page.getByLabel("Entry to correct");
      const option = entry.locator("option").filter({ hasText: fix.entry });
      const version = (await option.getAttribute("value")) ?? "";
      await entry.selectOption(version);
      const replacement = page.getByRole("group", { name: "The entry as it should have been" });
      const field = replacement.locator(`[name="${fix.field}"]`);
      const before = await field.inputValue();
      await field.fill(fix.text);
      await page.getByLabel("What was wrong").fill(fix.reason);
      await page.getByTestId("preview").waitFor();
      await checkScreen(page, size, "60-record-correction");
      await page.getByRole("button", { name: "Save the change" }).click();
      await page.getByTestId("recorded").waitFor();

      const correction = trail(page).locator("[data-type]").first();
      expect(await correction.getAttribute("data-type")).toBe("EventCorrected");
      expect(await correction.locator(".change-headline").textContent()).toMatch(
        new RegExp(`^Correction of v${version} \\((Note|Question raised)\\): ${fix.reason}`),
      );
      const diff = correction.locator(`table.diff tr[data-key="${fix.field}"]`);
      expect(await diff.locator("del").textContent()).toBe(before);
      expect(await diff.locator("ins").textContent()).toBe(fix.text);
      const original = trail(page).locator(`[data-version="${version}"]`);
      expect(await original.getAttribute("data-superseded")).toBe("true");
      const correctionVersion = await correction.getAttribute("data-version");
      expect(await original.locator(".superseded-tag").textContent()).toBe(
        ` Superseded: corrected by v${correctionVersion}`,
      );
      await checkScreen(page, size, "61-audit-trail-correction");
      await page.context().close();
    });
  }

  it("filters the agreement's history by kind of change and by term", async () => {
    const page = await pageAt(app, SIZES[0], "viewer-a", "/agreements/amazon-openai?at=2026-05-01");
    await trail(page).locator("[data-type]").first().waitFor();
    const all = await trail(page).locator("[data-type]").count();
    await page.getByLabel("Kind of change").selectOption({ label: "Corrections and retractions" });
    await expect.poll(() => trail(page).locator("[data-type]").count()).toBe(1);
    expect(await trail(page).locator('[data-type="EventCorrected"]').count()).toBe(1);
    await page.getByRole("button", { name: "Clear the filters" }).click();
    await expect.poll(() => trail(page).locator("[data-type]").count()).toBe(all);
    await page.getByLabel("Term", { exact: true }).selectOption("amazon-contingent-tranches");
    await expect.poll(() => trail(page).locator("[data-type]").count()).toBe(1);
    expect(await trail(page).locator("[data-type]").first().textContent()).toMatch(
      /^Investment tranche committed \(up to \$35B\)/,
    );
    await page.context().close();
  });

  for (const size of SIZES) {
    it(`finds a change in the tenant-wide trail by filter and exports it as CSV (${size.name} px)`, async () => {
      await projectStream(app);
      const page = await pageAt(app, size, "viewer-a", "/agreements");
      const urls: string[] = [];
      page.on("request", (request) => urls.push(request.url()));
      await page.getByRole("link", { name: "Changes across every agreement" }).click();
      const changes = page.getByTestId("changes");
      await changes.locator("[data-type]").first().waitFor();
      await page
        .getByLabel("Agreement")
        .selectOption({ label: "Google Cloud–OpenAI distribution agreement" });
      await page
        .getByLabel("Kind of change")
        .selectOption({ label: "Corrections and retractions" });
      await expect.poll(() => changes.locator("[data-type]").count()).toBe(1);
      const line = changes.locator("[data-type]").first();
      expect(await line.getAttribute("data-type")).toBe("EventCorrected");
      expect(await line.textContent()).toMatch(/^Correction of v\d+: Misquoted the question/);
      expect(await line.textContent()).toMatch(/Google Cloud–OpenAI distribution agreement/);
      expect(await line.locator('table.diff tr[data-key="question"] ins').textContent()).toBe(
        CORRECTIONS["390"].text,
      );
      const person = await page
        .getByLabel("Recorded by")
        .locator("option")
        .nth(1)
        .getAttribute("value");
      await page.getByLabel("Recorded by").selectOption(person ?? "");
      await expect.poll(() => changes.locator("[data-type]").count()).toBe(1);
      expect(page.url()).toMatch(/agreement=google-openai-distribution/);
      await checkScreen(page, size, "62-changes-filtered");

      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: "Export these changes as CSV" }).click();
      const file = await (await download).path();
      const csv = await readFile(file, "utf8");
      const [header, ...rows] = csv.trim().split("\n");
      expect(header).toBe(
        "recorded at,recorded by,agreement,version,change,effective on,precision,term,before,after,superseded by version,sources",
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatch(/Google Cloud–OpenAI distribution agreement,\d+,EventCorrected,/);
      // The session token travels in a header, never in a URL.
      expect(urls.filter((url) => url.includes("viewer-a"))).toEqual([]);
      await page.context().close();
    });
  }
});
