import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { overflow, pageAt, SIZES, seriousViolations, shoot } from "./phone.ts";
import { chromiumProblem, requireBrowser, signIn, startWebApp, type WebApp } from "./support.ts";

/**
 * What people do, as they would, at 1440 and 390 px: a viewer plans a workload, an editor
 * names a deadline's owner, acknowledges it and snoozes another (kept by the server, so a fresh
 * browser sees it too); the matrix answers in a sentence and is worked by keyboard. The expected sentences are written from the reference
 * case (shared/domain/partnership-facts.md), not from the code's output.
 */
let app: WebApp;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-actions");
  await app.api.call("POST", "/people", {
    token: "admin-a",
    body: { id: "dana", name: "Dana Whitfield", email: "dana@acme.example" },
  });
  // A snooze is a person's own: the editor is among acme's people, as Erin.
  const erin = await app.api.call("POST", "/people", {
    token: "editor-a",
    body: { id: "erin", name: "Erin Park", email: "erin@acme.example" },
  });
  expect(erin.status, erin.text).toBe(201);
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

async function fitsAndPasses(page: Page): Promise<void> {
  expect(await overflow(page)).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page)).toEqual([]);
}

describe.each(SIZES)("at $width×$height", (size) => {
  let viewer: Page;
  let editor: Page;
  beforeAll(async () => {
    if (chromiumProblem()) return;
    viewer = await pageAt(app, size);
    editor = await pageAt(app, size);
  }, 60_000);

  it("a viewer creates a workload and reads its decision in a sentence", {
    timeout: 90_000,
  }, async () => {
    await signIn(viewer, app, "viewer-a", "/workloads?at=2026-05-01");
    await viewer.getByRole("button", { name: "New workload" }).click();
    await viewer.getByLabel("Name").fill(`Bedrock rollout (${size.name})`);
    await viewer.getByLabel("Product").selectOption("openai-api");
    await viewer.locator('input[name="providers"][value="aws"]').check();
    await viewer.getByRole("button", { name: "Create workload" }).click();
    const verdict = viewer.getByTestId("workload-verdict");
    // 27 Apr 2026: the amended Microsoft–OpenAI agreement lets OpenAI serve any cloud, with
    // products shipping first on Azure: so AWS may serve it, with that condition.
    await expect
      .poll(() => verdict.textContent())
      .toMatch(/with conditions on Amazon Web Services/);
    await fitsAndPasses(viewer);
    await shoot(viewer, "action-workload-created", size);
    await viewer.goto(`${app.url}/home`);
    const workloads = viewer.getByTestId("home-workloads");
    await expect
      .poll(() => workloads.textContent())
      .toMatch(new RegExp(`Bedrock rollout \\(${size.name}\\)`));
  });

  it("an editor names an owner, acknowledges a deadline, snoozes another and wakes it elsewhere", {
    timeout: 90_000,
  }, async () => {
    await signIn(editor, app, "editor-a", "/deadlines");
    const list = editor.getByTestId("deadlines");
    const open = list.locator("[data-deadline]", {
      has: editor.getByRole("button", { name: /^Acknowledge/ }),
    });
    const card = open.first();
    await card.waitFor();
    const id = await card.getAttribute("data-deadline");
    await card.getByLabel("Owner").selectOption({ label: "Dana Whitfield" });
    await card.getByRole("button", { name: "Save owner" }).click();
    const mine = list.locator(`[data-deadline="${id}"]`);
    await expect.poll(() => mine.getByTestId("owner").textContent()).toBe("Owner: Dana Whitfield");
    await mine.getByRole("button", { name: /^Acknowledge/ }).click();
    await expect.poll(() => mine.getByTestId("acknowledged").count()).toBe(1);
    expect(await mine.getByTestId("acknowledged").textContent()).toMatch(/Acknowledged by /);
    // The acknowledgement is on record: the API says so too.
    const { body } = await app.api.call("GET", "/deadlines", { token: "viewer-a" });
    const deadlines = (body as { deadlines: { id: string; acknowledged?: unknown }[] }).deadlines;
    expect(deadlines.find((deadline) => deadline.id === id)?.acknowledged).toBeDefined();

    const other = open.first();
    const otherId = await other.getAttribute("data-deadline");
    await other.getByRole("button", { name: /^Snooze a week/ }).click();
    const asleep = editor.getByTestId("snoozed").locator(`[data-deadline="${otherId}"]`);
    await asleep.waitFor();
    // The card says the reminders pause too, and when it wakes: a week from today.
    const wakes = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    expect(await asleep.getByTestId("snoozed-until").textContent()).toMatch(
      /^Snoozed until .+: you get no reminder e-mails about it until then/,
    );
    const { body: erins } = await app.api.call("GET", "/deadlines", { token: "editor-a" });
    const snoozed = (erins as { deadlines: { id: string; snoozedUntil?: string }[] }).deadlines;
    expect(snoozed.find((deadline) => deadline.id === otherId)?.snoozedUntil).toBe(wakes);
    await fitsAndPasses(editor);
    await shoot(editor, "action-deadline-acknowledged", size);

    // The snooze is on the server: a fresh browser (no storage of any kind) signed in with the
    // same token sees it snoozed, and wakes it there.
    const elsewhere = await pageAt(app, size);
    try {
      await signIn(elsewhere, app, "editor-a", "/deadlines");
      expect(await elsewhere.evaluate(() => localStorage.length)).toBe(0);
      const there = elsewhere.getByTestId("snoozed").locator(`[data-deadline="${otherId}"]`);
      await there.waitFor();
      await fitsAndPasses(elsewhere);
      await there.getByRole("button", { name: /^Wake/ }).click();
      await elsewhere
        .getByTestId("deadlines")
        .locator(`[data-deadline="${otherId}"]`)
        .getByRole("button", { name: /^Snooze a week/ })
        .waitFor();
      expect(await elsewhere.getByTestId("snoozed").count()).toBe(0);
    } finally {
      await elsewhere.context().close();
    }
    // Back in the first browser, a reload shows it awake.
    await editor.reload();
    await list.locator(`[data-deadline="${otherId}"]`).waitFor();
    expect(await editor.getByTestId("snoozed").count()).toBe(0);
  });

  it("a cell opens with one sentence, is reached by arrow keys and closes with Escape", {
    timeout: 60_000,
  }, async () => {
    await editor.goto(`${app.url}/?at=2026-05-01`);
    const matrix = editor.locator('[data-testid="matrix"][data-at="2026-05-01"]');
    await matrix.waitFor();
    // One Tab stop: only one cell takes the focus by Tab.
    expect(await matrix.locator('button[tabindex="0"]').count()).toBe(1);
    await matrix.locator('button[tabindex="0"]').focus();
    const row = async () =>
      Number(await editor.evaluate(() => document.activeElement?.getAttribute("data-row")));
    const col = async () =>
      Number(await editor.evaluate(() => document.activeElement?.getAttribute("data-col")));
    await editor.keyboard.press("ArrowDown");
    await editor.keyboard.press("ArrowRight");
    expect([await row(), await col()]).toEqual([1, 1]);
    await editor.keyboard.press("Control+Home");
    expect([await row(), await col()]).toEqual([0, 0]);

    const cell = matrix.locator('button[data-product="openai-api"][data-provider="aws"]');
    await cell.focus();
    await editor.keyboard.press("Enter");
    const verdict = editor.getByTestId("verdict");
    await verdict.waitFor();
    expect(await verdict.textContent()).toMatch(
      /^Allowed on Amazon Web Services from 27 Apr 2026; new releases reach Microsoft Azure first, window unknown; .*disputed/,
    );
    // A reason says its lead once, never "Granted" and then "…grant: …" again.
    const reasons = await editor.getByTestId("reasons").locator("li.reason > p").allTextContents();
    for (const text of reasons) expect(text).not.toMatch(/^Granted (Non-)?[Ee]xclusive grant/);
    await editor.keyboard.press("Escape");
    await expect.poll(() => editor.getByTestId("reasons").count()).toBe(0);
    // Focus goes back to the cell on the next frame, once the panel is gone.
    await expect
      .poll(() => editor.evaluate(() => document.activeElement?.getAttribute("data-provider")))
      .toBe("aws");
  });
});
