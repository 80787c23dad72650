import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { footprint, TENANT, versionOf } from "../api/support.ts";
import { insertRecord } from "../support/events.ts";
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
/** Everything this file records is recorded an hour after the reference case. */
let seededAt: Date;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-editor");
  seededAt = app.api.now();
  app.api.setNow(new Date(seededAt.getTime() + 3_600_000).toISOString());
  page = await newPage(app);
  await signIn(page, app, "editor-a");
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

async function openRecordForm(agreementId: string, type: string) {
  await page.goto(`${app.url}/agreements/${agreementId}?at=2026-05-01`);
  await page.getByRole("link", { name: "Record a change" }).click();
  // The screen opens on the guided form (by what happened); these tests use the one by event type.
  await page.getByRole("button", { name: "By event type" }).click();
  await page.getByLabel("Event type").selectOption(type);
}

const field = (path: string) => page.locator(`[name="${path}"]`);

describe("the web UI, as an editor", { timeout: 60_000 }, () => {
  it("records a NoteAdded through the form, after a preview, and shows it in the audit trail", async () => {
    await openRecordForm("amazon-openai", "NoteAdded");
    await field("effectiveOn").fill("2026-05-01");
    await field("text").fill("Procurement confirmed Bedrock pricing with AWS.");
    await page.getByRole("button", { name: "Add source" }).click();
    await field("sources.0.publication").fill("Internal memo");
    expect(await page.getByRole("button", { name: "Save the change" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Preview the change" }).click();
    await expect
      .poll(() => page.getByTestId("preview").textContent())
      .toMatch(/changes no entitlement/);
    await screenshot(page, "08-record-note-preview");
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();
    const latest = page.getByTestId("audit-trail").locator("[data-type]").first();
    expect(await latest.getAttribute("data-type")).toBe("NoteAdded");
    const text = await latest.textContent();
    expect(text).toMatch(/Procurement confirmed Bedrock pricing/);
    expect(text).toMatch(/by editor-/);
    expect(text).toMatch(/Internal memo/);
  });

  it("shows inline errors for invalid input and saves nothing", async () => {
    const before = await footprint(app.api, "amazon-openai");
    await openRecordForm("amazon-openai", "NoteAdded");
    await field("effectiveOn").fill("2026-02-30");
    await page.getByRole("button", { name: "Preview the change" }).click();
    await expect.poll(() => field("text").getAttribute("aria-invalid")).toBe("true");
    expect(await field("effectiveOn").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText("This is required.").count()).toBeGreaterThan(0);

    // A rule only the API knows: an end before the term's start, reported at changes.until.
    await page.getByLabel("Event type").selectOption("TermAmended");
    await page.getByLabel("Term", { exact: true }).selectOption("aws-frontier-distribution");
    await field("effectiveOn").fill("2026-05-01");
    await field("changes.until").fill("2020");
    await page.getByRole("button", { name: "Preview the change" }).click();
    await expect.poll(() => field("changes.until").getAttribute("aria-invalid")).toBe("true");
    expect(
      await page
        .locator(`[id="${await field("changes.until").getAttribute("aria-describedby")}"]`)
        .textContent(),
    ).toMatch(/before the event takes effect/);
    expect(await page.getByRole("button", { name: "Save the change" }).isDisabled()).toBe(true);
    await screenshot(page, "09-record-inline-errors");
    expect(await footprint(app.api, "amazon-openai")).toEqual(before);
  });

  it("records a TermAmended and sees it in the audit trail, the timeline and the matrix", async () => {
    await page.goto(`${app.url}/?at=2026-10-01`);
    expect(await cellDecision(page, "2026-10-01", "frontier", "aws")).toBe("allowed");

    await openRecordForm("amazon-openai", "TermAmended");
    await page.getByLabel("Term", { exact: true }).selectOption("aws-frontier-distribution");
    await field("effectiveOn").fill("2026-05-01");
    await field("changes.until").fill("2026-09-30");
    await field("summary").fill("Frontier exclusivity runs to the end of September 2026");
    await page.getByRole("button", { name: "Preview the change" }).click();
    const preview = page.getByTestId("preview");
    await preview.waitFor();
    // In words, with the period: from the day after the new end (or, from a server that still
    // reports a single date, from that date) on.
    expect(
      await preview
        .locator('li[data-product="frontier"][data-provider="aws"][data-segment="commercial"]')
        .textContent(),
    ).toMatch(
      /^Frontier on Amazon Web Services \(Commercial\): allowed → conditional from \d{1,2} [A-Z][a-z]{2} 20\d\d( on| to .+)$/,
    );
    await screenshot(page, "10-record-term-amended-preview");
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();
    // Its answers were worked out within the request: nothing to wait for.
    expect(await page.getByTestId("answers-updating").count()).toBe(0);
    expect(
      await page
        .getByTestId("audit-trail")
        .locator("[data-type]")
        .first()
        .getAttribute("data-type"),
    ).toBe("TermAmended");
    await screenshot(page, "11-agreement-after-change");

    await page.getByRole("link", { name: "Timeline" }).click();
    const bar = page.getByTestId("timeline").locator('[data-term="aws-frontier-distribution"]');
    await bar.waitFor();
    expect(await bar.getAttribute("data-to")).toBe("2026-09-30");

    await page.goto(`${app.url}/?at=2026-10-01`);
    expect(await cellDecision(page, "2026-10-01", "frontier", "aws")).toBe("conditional");
    expect(await cellDecision(page, "2026-10-01", "frontier", "azure")).toBe("allowed");

    // "As known at" an instant before the change: the term runs on, and the change is marked later.
    await page.goto(`${app.url}/agreements/amazon-openai?at=2026-10-01`);
    const term = page.locator('[data-term="aws-frontier-distribution"]');
    expect(await term.getAttribute("data-status")).toBe("expired");
    const before = new Date(seededAt.getTime() + 60_000).toISOString();
    await page.getByLabel("Date (UTC)").fill(before.slice(0, 10));
    await page.getByLabel("Time (UTC)").fill(before.slice(11, 16));
    await expect.poll(() => term.getAttribute("data-status")).toBe("in-force");
    const latest = page.getByTestId("audit-trail").locator("[data-type]").first();
    expect(await latest.getAttribute("class")).toMatch(/later/);
  });

  it("resolves a version conflict: shows what changed and retries on the new version", async () => {
    await openRecordForm("microsoft-openai", "NoteAdded");
    const started = Number(
      await page.locator("form[data-base-version]").getAttribute("data-base-version"),
    );
    await field("text").fill("Legal reviewed the first-ship clause.");

    // Someone else appends between load and save.
    const other = await app.api.call("POST", "/agreements/microsoft-openai/events", {
      body: {
        expectedVersion: await versionOf(app.api, "microsoft-openai"),
        events: [
          {
            type: "NoteAdded",
            effectiveOn: "2026-05-02",
            text: "Recorded meanwhile by a colleague.",
          },
        ],
      },
    });
    expect(other.status, other.text).toBe(201);

    // What the conflict reads of the log: only what was recorded since the form's version.
    const logReads: (string | null)[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (
        request.method() === "GET" &&
        url.pathname.endsWith("/agreements/microsoft-openai/events")
      )
        logReads.push(url.searchParams.get("after"));
    });
    await page.getByRole("button", { name: "Preview the change" }).click();
    const conflict = page.getByTestId("conflict");
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(/Recorded meanwhile by a colleague/);
    expect(logReads).toEqual([String(started)]);
    await screenshot(page, "12-record-conflict");
    await page.getByRole("button", { name: `Retry on version ${started + 1}` }).click();
    await page.getByTestId("preview").waitFor();
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();
    const texts = await page
      .getByTestId("audit-trail")
      .locator('[data-type="NoteAdded"]')
      .allTextContents();
    expect(texts.join("\n")).toMatch(/Legal reviewed the first-ship clause/);
    expect(texts.join("\n")).toMatch(/Recorded meanwhile by a colleague/);
    expect(await versionOf(app.api, "microsoft-openai")).toBe(started + 2);
  });

  it("records any event type through the JSON editor", async () => {
    await openRecordForm("google-openai-distribution", "NoteAdded");
    await page.getByRole("button", { name: "JSON (any event type)" }).click();
    await page
      .getByLabel(/The event as JSON/)
      .fill(
        JSON.stringify({ type: "OpenQuestionAnswered", questionId: "google-scope", answer: "" }),
      );
    await page.getByRole("button", { name: "Preview the change" }).click();
    await expect.poll(() => page.locator(".field-error").textContent()).toMatch(/answer/);
    await page.getByLabel(/The event as JSON/).fill(
      JSON.stringify({
        type: "OpenQuestionAnswered",
        effectiveOn: "2026-04-30",
        questionId: "google-scope",
        answer: "Scope still unreported.",
      }),
    );
    await page.getByRole("button", { name: "Preview the change" }).click();
    await page.getByTestId("preview").waitFor();
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();
    const latest = page.getByTestId("audit-trail").locator("[data-type]").first();
    expect(await latest.getAttribute("data-type")).toBe("OpenQuestionAnswered");
    expect(await latest.textContent()).toMatch(/Scope still unreported/);
    expect(await page.getByTestId("open-questions").count()).toBe(0);
  });

  it("creates and edits a workload, and compares two dates", async () => {
    await page.goto(`${app.url}/workloads?at=2026-03-15`);
    await page.getByRole("button", { name: "New workload" }).click();
    await page.getByRole("button", { name: "Create workload" }).click();
    await expect.poll(() => page.getByLabel("Name").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Name").fill("Support chatbot");
    await page.getByLabel("Product").selectOption("openai-api");
    await page.getByLabel("Amazon Web Services (incl. Bedrock)").check();
    await page.getByLabel("Microsoft Azure").check();
    await page.getByRole("button", { name: "Create workload" }).click();
    const decisions = page.getByTestId("workload-decisions");
    await decisions.waitFor();
    await page.getByLabel("Compare with date").fill("2026-05-01");
    const aws = decisions.locator('tr[data-provider="aws"]');
    await expect.poll(() => aws.getAttribute("data-changed")).toBe("true");
    expect(await aws.getAttribute("data-decision")).toBe("denied");
    expect(await aws.textContent()).toMatch(/Conditional/);
    await screenshot(page, "13-workloads-compare");

    await page.getByRole("button", { name: "Edit Support chatbot" }).click();
    await page.getByLabel("Name").fill("Support chatbot (EU)");
    await page.getByRole("button", { name: "Save workload" }).click();
    await page.getByRole("heading", { name: "Support chatbot (EU)" }).first().waitFor();
  });

  it("says when a saved change's answers are still being worked out, and they follow", async () => {
    // A portfolio so large that the request leaves the answers to the stream projector.
    const budget = app.api.runtime.inlineAnswersMs;
    app.api.runtime.inlineAnswersMs = 0;
    const version = await versionOf(app.api, "amazon-openai");
    await openRecordForm("amazon-openai", "NoteAdded");
    await page.getByRole("button", { name: "JSON (any event type)" }).click();
    await page.getByLabel(/The event as JSON/).fill(
      JSON.stringify({
        type: "TermAmended",
        effectiveOn: "2026-05-01",
        termId: "aws-frontier-distribution",
        changes: { until: "2026-08-31" },
      }),
    );
    await page.getByRole("button", { name: "Preview the change" }).click();
    await page.getByTestId("preview").waitFor();
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();
    expect(await page.getByTestId("answers-updating").textContent()).toMatch(
      /still being worked out.*answers from before it/,
    );
    await screenshot(page, "12b-answers-updating");

    // What the notice warns of: until the stream writes them, the matrix gives the answers from
    // before (Frontier's exclusivity on AWS running to September), then the new ones.
    await page.goto(`${app.url}/?at=2026-09-15`);
    expect(await cellDecision(page, "2026-09-15", "frontier", "aws")).toBe("allowed");
    const events = await app.api.runtime.eventStore.readStream(TENANT, "amazon-openai", {
      afterVersion: version,
    });
    const Records = events.map((event, index) => insertRecord(event, String(900 + index)));
    expect(await app.api.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
    await page.goto(`${app.url}/?at=2026-09-15`);
    expect(await cellDecision(page, "2026-09-15", "frontier", "aws")).toBe("conditional");
    app.api.runtime.inlineAnswersMs = budget;
  });
});
