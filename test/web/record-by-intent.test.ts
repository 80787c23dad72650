import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { footprint, versionOf } from "../api/support.ts";
import { checkScreen, interactions, pageAt, SIZES } from "./record-steps.ts";
import { chromiumProblem, requireBrowser, startWebApp, type WebApp } from "./support.ts";

let app: WebApp;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-record-by-intent");
  // Everything this file records is recorded an hour after the reference case.
  app.api.setNow(new Date(app.api.now().getTime() + 3_600_000).toISOString());
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const latestEntry = (page: Page) => page.getByTestId("audit-trail").locator("[data-type]").first();

/** Takes the cap disclosure back (through the API), so the next size starts from an undisclosed cap. */
async function retractLatest(agreementId: string) {
  const version = await versionOf(app.api, agreementId);
  const response = await app.api.call("POST", `/agreements/${agreementId}/events`, {
    body: {
      expectedVersion: version,
      events: [
        { type: "EventRetracted", retractsVersion: version, reason: "Run again at the next size" },
      ],
    },
  });
  expect(response.status, response.text).toBe(201);
}

describe("recording a change by what happened", { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`records a disclosed cap in at most 6 interactions after choosing the agreement (${size.name} px)`, async () => {
      onTestFinished(() => retractLatest("microsoft-openai"));
      const page = await pageAt(
        app,
        size,
        "editor-a",
        "/agreements/microsoft-openai?at=2026-05-01",
      );
      const steps = interactions(page);
      await steps.act(() => page.getByRole("link", { name: "Record a change" }).click());
      await steps.act(() => page.getByRole("radio", { name: /^An amount became known/ }).check());

      // The one term whose amount is unknown is chosen for the person, with its current values.
      const term = page.getByLabel("Term it concerns");
      expect(await term.locator("option:checked").textContent()).toMatch(
        /^Revenue share: OpenAI pays Microsoft 20%/,
      );
      const cap = page.getByLabel("Cap amount");
      expect(await page.locator(`[id="${await cap.getAttribute("id")}-now"]`).textContent()).toBe(
        "Now: undisclosed",
      );
      expect(await page.getByLabel("Currency").inputValue()).toBe("USD");

      await steps.act(() => cap.fill("38B"));
      await steps.act(() => page.getByLabel("Publication").fill("Reuters"));
      // The preview beside the form follows what it says, and the focus stays where the person is.
      const preview = page.getByTestId("preview");
      await expect
        .poll(() => preview.getByTestId("term-change").textContent())
        .toBe("Cap: undisclosed → $38B");
      expect(await preview.textContent()).toMatch(/changes no entitlement and no deadline/);
      expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe(
        "sources.0.publication",
      );
      expect(await page.getByText("Nothing was saved").count()).toBe(0);
      await checkScreen(page, size, "50-record-cap-by-intent");

      await steps.act(() => page.getByRole("button", { name: "Save the change" }).click());
      expect(steps.count).toBeLessThanOrEqual(6);

      const saved = page.getByTestId("recorded");
      await saved.waitFor();
      const link = saved.getByRole("link", { name: "See it in the audit trail" });
      const target = (await link.getAttribute("href")) ?? "";
      const entry = page.locator(target);
      expect(await entry.getAttribute("data-type")).toBe("RevenueShareCapped");
      expect(await latestEntry(page).getAttribute("id")).toBe(target.slice(1));
      const line = await entry.textContent();
      expect(line).toMatch(/^Cap disclosed: undisclosed → \$38B/);
      expect(line).toMatch(/recorded .* UTC by editor-\w+ from Reuters/);
      expect(await entry.locator("table.diff tr[data-key=cap]").textContent()).toBe(
        "Capundisclosed$38B",
      );
      await checkScreen(page, size, "51-agreement-after-cap");
      // From the day it takes effect (left empty: today), the question the undisclosed cap raised is gone.
      await page.goto(`${app.url}/agreements/microsoft-openai?at=2027-01-01`);
      await page.getByTestId("open-questions").waitFor();
      expect(await page.locator('[data-question="openai-pays-microsoft:cap"]').count()).toBe(0);
      await page.context().close();
    });
  }

  it("says in words which cells and deadlines a term amendment moves, before anything is saved", async () => {
    const before = await footprint(app.api, "amazon-openai");
    const page = await pageAt(
      app,
      SIZES[0],
      "editor-a",
      "/agreements/amazon-openai/record?at=2026-05-01",
    );
    await page.getByRole("radio", { name: /^A term was amended/ }).check();
    await page.getByLabel("Term it concerns").selectOption("aws-frontier-distribution");
    await page.getByLabel("What changed").selectOption("until");
    const until = page.getByRole("group", { name: "New until" });
    expect(await until.textContent()).toMatch(/Now: none/);
    await until.getByLabel("New until: date").fill("2026-09-30");
    const effects = page.getByTestId("entitlement-effects");
    await expect
      .poll(() =>
        effects
          .locator('li[data-product="frontier"][data-provider="aws"][data-segment="commercial"]')
          .textContent(),
      )
      .toMatch(
        /^Frontier on Amazon Web Services \(Commercial\): allowed → conditional from \d{1,2} [A-Z][a-z]{2} 20\d\d/,
      );
    expect(await page.getByTestId("term-change").textContent()).toBe("Until: none → 30 Sep 2026");

    // The contingent tranches' deadline, known to the year only.
    await page.getByLabel("Term it concerns").selectOption("amazon-contingent-tranches");
    await page.getByLabel("What changed").selectOption("dueBy");
    const dueBy = page.getByRole("group", { name: "New due by" });
    await dueBy.getByRole("radio", { name: "year" }).check();
    await dueBy.getByLabel("New due by: year").fill("2029");
    await expect
      .poll(() => page.getByTestId("deadline-effects").textContent())
      .toMatch(/31 Dec 2028 → 2029 \(year only\)/);
    expect(await page.getByTestId("term-change").textContent()).toBe(
      "Due by: 31 Dec 2028 → 2029 (year only)",
    );
    await checkScreen(page, SIZES[0], "52-record-amendment-preview");
    expect(await footprint(app.api, "amazon-openai")).toEqual(before);
    await page.context().close();
  });

  it("refuses a source link that is not http(s), at the field, and previews nothing", async () => {
    const page = await pageAt(
      app,
      SIZES[1],
      "editor-a",
      "/agreements/amazon-openai/record?at=2026-05-01",
    );
    await page.getByRole("radio", { name: /^Add a note/ }).check();
    await page.getByLabel("Note", { exact: true }).fill("Pricing confirmed.");
    await page.getByLabel("Publication").fill("Memo");
    await page.getByLabel("Link").fill("javascript:alert(1)");
    await page.getByRole("button", { name: "Preview the change" }).click();
    await expect.poll(() => page.getByLabel("Link").getAttribute("aria-invalid")).toBe("true");
    expect(
      await page.getByText("A link must start with http:// or https://.").count(),
    ).toBeGreaterThan(0);
    expect(await page.getByRole("button", { name: "Save the change" }).isDisabled()).toBe(true);
    await page.getByLabel("Link").fill("https://example.com/memo");
    await expect.poll(() => page.getByTestId("preview").count()).toBe(1);
    await checkScreen(page, SIZES[1], "53-record-note-by-intent");
    await page.context().close();
  });
});

describe("answering an open question where it is shown", { timeout: 90_000 }, () => {
  it("records the tranche conditions from the question's Answer button (1440 px)", async () => {
    const page = await pageAt(app, SIZES[0], "editor-a", "/agreements/amazon-openai?at=2026-05-01");
    const question = page
      .getByTestId("open-questions")
      .locator('li[data-question="amazon-contingent-tranches:conditions"]');
    await question.getByRole("link", { name: /^Answer/ }).click();
    expect(
      await page.getByRole("radio", { name: /^An open question was answered/ }).isChecked(),
    ).toBe(true);
    expect(
      await page.getByLabel("Question", { exact: true }).locator("option:checked").textContent(),
    ).toMatch(/On what conditions does this tranche depend\?/);
    const conditions = page.getByLabel("New conditions");
    expect(
      await page.locator(`[id="${await conditions.getAttribute("id")}-now"]`).textContent(),
    ).toBe("Now: undisclosed");
    await conditions.fill("OpenAI's IPO or an AGI milestone");
    await page.getByLabel("Publication").fill("The Information");
    await expect
      .poll(() => page.getByTestId("term-change").textContent())
      .toBe("Conditions: undisclosed → OpenAI's IPO or an AGI milestone");
    await checkScreen(page, SIZES[0], "54-answer-conditions");
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();
    expect(await latestEntry(page).textContent()).toMatch(
      /^Conditions: undisclosed → OpenAI's IPO or an AGI milestone/,
    );
    expect(
      await page.locator('[data-question="amazon-contingent-tranches:conditions"]').count(),
    ).toBe(0);
    await page.context().close();
  });

  it("answers a recorded question in words from its Answer button (390 px)", async () => {
    const page = await pageAt(app, SIZES[1], "editor-a", "/agreements/amazon-openai?at=2026-05-01");
    await checkScreen(page, SIZES[1], "55-agreement-open-questions");
    await page
      .locator('[data-testid="open-questions"] li[data-question="frontier-hosting"]')
      .getByRole("link", { name: /^Answer/ })
      .click();
    const answer = "Hosted on Azure; AWS distributes it to third parties.";
    await page.getByLabel("Answer", { exact: true }).fill(answer);
    await page.getByTestId("preview").waitFor();
    await checkScreen(page, SIZES[1], "56-answer-in-words");
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();
    const answered = page
      .getByTestId("answered-questions")
      .locator('li[data-question="frontier-hosting"]');
    expect(await answered.locator("[data-answer]").textContent()).toBe(answer);
    expect(await latestEntry(page).textContent()).toMatch(/^Question answered: Hosted on Azure/);
    await page.context().close();
  });
});

describe("going back and forth between two agreements' record pages", { timeout: 90_000 }, () => {
  it("shows the other agreement with a fresh form, not the first one's draft or version", async () => {
    const [amazon, microsoft] = await Promise.all(
      ["amazon-openai", "microsoft-openai"].map(async (id) => {
        const response = await app.api.get(`/agreements/${id}?at=2026-05-01`);
        expect(response.status, response.text).toBe(200);
        return response.body as { title: string; version: number };
      }),
    );
    if (!amazon || !microsoft) throw new Error("both agreements are seeded");
    const page = await pageAt(
      app,
      SIZES[0],
      "editor-a",
      "/agreements/microsoft-openai/record?at=2026-05-01",
    );
    const form = page.getByRole("form", { name: "Record a change" });
    expect(await form.getAttribute("data-base-version")).toBe(String(microsoft.version));
    // Over to Amazon's record page in the same tab, then a draft there.
    await page.evaluate(() => {
      window.history.pushState(null, "", "/agreements/amazon-openai/record?at=2026-05-01");
      window.dispatchEvent(new PopStateEvent("popstate"));
    });
    await expect.poll(() => page.locator(".crumbs a").textContent()).toBe(amazon.title);
    await page.getByRole("radio", { name: /^Add a note/ }).check();
    await page.getByLabel("Note", { exact: true }).fill("Drafted for Amazon only.");

    await page.goBack();
    await expect.poll(() => page.locator(".crumbs a").textContent()).toBe(microsoft.title);
    expect(await form.getAttribute("data-base-version")).toBe(String(microsoft.version));
    expect(await page.locator(".lede").textContent()).toMatch(
      new RegExp(`^To ${microsoft.title}, starting from version ${microsoft.version}\\.`),
    );
    expect(await page.getByRole("radio", { name: /^Add a note/ }).isChecked()).toBe(false);
    await page.context().close();
  });
});
