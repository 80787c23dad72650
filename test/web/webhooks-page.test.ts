import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { note, versionOf } from "../api/support.ts";
import {
  startWebhookReceiver,
  verifyWebhook,
  type WebhookReceiver,
} from "../support/webhook-receiver.ts";
import { overflow, pageAt, SIZES, seriousViolations, shoot } from "./phone.ts";
import { chromiumProblem, requireBrowser, signIn, startWebApp, type WebApp } from "./support.ts";

/**
 * The admin's Webhooks page against the real API with npm start's pipeline (publisher, bus,
 * background notifier) and a real HTTP receiver on loopback (allowed by vitest.config.ts's
 * TERMLINE_WEBHOOK_ALLOW_HOSTS). One try per delivery, so a refusing receiver fails it at once.
 */
let app: WebApp;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-webhooks", { pipeline: { delivery: { maxAttempts: 1 } } });
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** How every screen writes an instant: "1 Dec 2026 10:45 UTC". */
const shown = (instant: string) => {
  const d = new Date(instant);
  const time = instant.slice(11, 16);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} UTC`;
};

/** The API's own words for a refused URL, asked directly. */
async function apiRefusal(url: string): Promise<string> {
  const response = await app.api.call("POST", "/webhooks", {
    token: "admin-a",
    body: { url, events: ["NoteAdded"] },
  });
  // 400 for a malformed URL, 422 for a well-formed one the SSRF guard refuses.
  expect([400, 422], response.text).toContain(response.status);
  const errors = response.body.errors as { path: string; message: string }[];
  return errors
    .filter((error) => error.path === "url")
    .map((error) => error.message)
    .join("; ");
}

async function tryCreate(page: Page, url: string): Promise<void> {
  const form = page.getByRole("form", { name: "New webhook" });
  await form.getByLabel("Target URL").fill(url);
  await form.getByRole("checkbox", { name: "Note added" }).check();
  await form.getByRole("button", { name: "Create webhook" }).click();
}

async function expectUrlError(page: Page, words: string): Promise<void> {
  const field = page.getByLabel("Target URL");
  await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
  const errorId = await field.getAttribute("aria-describedby");
  expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe(words);
}

async function fitsAndPassesAxe(page: Page, what: string): Promise<void> {
  expect(await overflow(page), `${what} is wider than the screen`).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page), what).toEqual([]);
}

describe.each(SIZES)("the Webhooks page at $width px", { timeout: 120_000 }, (size) => {
  let page: Page;
  let receiver: WebhookReceiver;
  /** The secret the page showed once: the replay must be signed with it. */
  let receiverSecret = "";

  beforeAll(async () => {
    if (chromiumProblem()) return;
    receiver = await startWebhookReceiver();
    page = await pageAt(app, size);
  }, 60_000);

  afterAll(async () => {
    await page?.context().close();
    await receiver?.close();
  });

  it("is reached from the navigation; refuses private and non-http targets in the API's words", async () => {
    await signIn(page, app, "admin-a", "/home");
    await page.getByRole("navigation").getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    await page.getByText("No webhook yet").waitFor();
    await page.getByTestId("no-failed-deliveries").waitFor();
    await fitsAndPassesAxe(page, "the empty page");

    const privateWords = await apiRefusal("http://10.0.0.1/hook");
    expect(privateWords).toContain(
      "10.0.0.1 is a private, loopback, link-local or metadata address",
    );
    await tryCreate(page, "http://10.0.0.1/hook");
    await expectUrlError(page, privateWords);
    await fitsAndPassesAxe(page, "the form with a refused URL");
    await shoot(page, "webhooks-refused", size);

    await tryCreate(page, "ftp://example.com/hook");
    await expectUrlError(page, await apiRefusal("ftp://example.com/hook"));
    expect(await page.getByText("use an http or https URL").count()).toBe(1);
    // Nothing was created by either attempt.
    expect((await app.api.call("GET", "/webhooks", { token: "admin-a" })).body.webhooks).toEqual(
      [],
    );
  });

  it("creates a webhook and shows its signing secret once", async () => {
    await tryCreate(page, receiver.url);
    const secretBox = page.getByTestId("webhook-secret");
    await secretBox.waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=_-]{40,}$/);
    const once = page.getByRole("region", { name: /copy its signing secret now/ });
    expect(await once.textContent()).toContain("Termline will not show this secret again");
    expect(await once.getByRole("link", { name: "Standard Webhooks" }).count()).toBe(1);
    expect(await once.getByRole("button", { name: "Copy" }).count()).toBe(1);
    await fitsAndPassesAxe(page, "the secret shown once");
    await shoot(page, "webhooks-secret", size);

    const [listed] = (await app.api.call("GET", "/webhooks", { token: "admin-a" })).body.webhooks;
    expect(listed).toMatchObject({ url: receiver.url, events: ["NoteAdded"] });
    const card = page.getByRole("listitem").filter({ hasText: receiver.url });
    expect(await card.textContent()).toContain("Note added");
    expect(await card.textContent()).toContain(shown(listed.createdAt));

    await page.getByRole("button", { name: "I have stored it" }).click();
    await page.reload();
    await page.getByRole("listitem").filter({ hasText: receiver.url }).waitFor();
    expect(await page.content()).not.toContain(secret);
    receiverSecret = secret;
  });

  it("lists a failed delivery and replays it once, saying it is queued, never delivered", async () => {
    receiver.reply(503);
    const version = await versionOf(app.api, "amazon-openai");
    const recorded = await app.api.call("POST", "/agreements/amazon-openai/events", {
      token: "editor-a",
      body: { expectedVersion: version, events: [note(`webhooks page at ${size.width} px`)] },
    });
    expect(recorded.status, recorded.text).toBe(201);
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    const failedId = String(receiver.received[0]?.headers["webhook-id"]);

    const item = page.getByTestId("failed-delivery");
    await expect
      .poll(
        async () => {
          await page.getByRole("button", { name: "Refresh" }).click();
          return item.count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(1);
    const [failed] = (
      await app.api.call("GET", "/webhooks/deliveries/failed", { token: "admin-a" })
    ).body.deliveries;
    const text = await item.textContent();
    expect(text).toContain("Note added");
    expect(text).toContain(receiver.url);
    expect(text).toContain("HTTP 503");
    expect(text).toContain(shown(failed.failedAt));
    await fitsAndPassesAxe(page, "a failed delivery");
    await shoot(page, "webhooks", size);

    const replay = item.getByRole("button", { name: "Replay" });
    await replay.click();
    await item.getByText("Replay queued — it is sent in the background").waitFor();
    expect(await page.getByText(/delivered/i).count()).toBe(0);
    expect(await item.getByRole("button", { name: /^Replay/ }).isDisabled()).toBe(true);
    await fitsAndPassesAxe(page, "a queued replay");

    // The page refreshes by itself once the notifier has sent it.
    await page.getByTestId("no-failed-deliveries").waitFor({ timeout: 30_000 });
    const sent = receiver.received.slice(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.reply).toBe(200);
    expect(sent[0]?.headers["webhook-id"]).toBe(failedId);
    expect(verifyWebhook(String(sent[0]?.body), sent[0]?.headers ?? {}, receiverSecret)).toBe(true);
    await new Promise((done) => setTimeout(done, 1500));
    expect(receiver.received).toHaveLength(2);
  });

  it("deletes a webhook only once confirmed", async () => {
    const card = page.getByRole("listitem").filter({ hasText: receiver.url });
    await card.getByRole("button", { name: "Delete…" }).click();
    await card.getByText("This cannot be undone").waitFor();
    const keep = card.getByRole("button", { name: "Keep it" });
    expect(await keep.evaluate((button) => button === document.activeElement)).toBe(true);
    await fitsAndPassesAxe(page, "the delete confirmation");
    await keep.click();
    expect(
      (await app.api.call("GET", "/webhooks", { token: "admin-a" })).body.webhooks,
    ).toHaveLength(1);
    await card.getByRole("button", { name: "Delete…" }).click();
    await card.getByRole("button", { name: "Yes, delete it" }).click();
    await page.getByText("No webhook yet").waitFor();
    expect((await app.api.call("GET", "/webhooks", { token: "admin-a" })).body.webhooks).toEqual(
      [],
    );
  });
});

describe.each(["viewer-a", "editor-a"])("as %s", { timeout: 60_000 }, (token) => {
  it("the page is not in the navigation, and its URL says admins only", async () => {
    const page = await pageAt(app, SIZES[1]);
    try {
      await signIn(page, app, token, "/home");
      expect(
        await page.getByRole("navigation").getByRole("link", { name: "Webhooks" }).count(),
      ).toBe(0);
      await page.goto(`${app.url}/webhooks`);
      await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
      expect(await page.getByRole("alert").textContent()).toContain("Admins only.");
      expect(await page.getByRole("form", { name: "New webhook" }).count()).toBe(0);
      await fitsAndPassesAxe(page, `the page for ${token}`);
    } finally {
      await page.context().close();
    }
  });
});
