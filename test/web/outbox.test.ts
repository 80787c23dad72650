import axe from "axe-core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type SmtpOutbox, startSmtpOutbox } from "../../functions/src/local/smtp-outbox.ts";
import { smtpMailer } from "../../functions/src/mail/mailer.ts";
import { runReminderMail } from "../../functions/src/mail/reminders.ts";
import {
  chromiumProblem,
  requireBrowser,
  screenshot,
  signIn,
  startWebApp,
  type WebApp,
} from "./support.ts";

const TRANCHE = "amazon-openai:amazon-contingent-tranches:tranche-due";
let app: WebApp;
let outbox: SmtpOutbox;
let page: Page;

beforeAll(async () => {
  if (chromiumProblem()) return;
  outbox = await startSmtpOutbox();
  const mailer = smtpMailer(outbox);
  app = await startWebApp("web-outbox", { mail: { mailer, outbox: outbox.messages } });
  await app.api.call("POST", "/people", {
    token: "admin-a",
    body: { id: "dana", name: "Dana Whitfield", email: "dana@acme.example" },
  });
  await app.api.call("PUT", `/deadlines/${encodeURIComponent(TRANCHE)}/owner`, {
    body: { personId: "dana" },
  });
  app.api.setNow("2028-10-02T08:00:00Z");
  await runReminderMail(app.api.runtime, mailer, {
    from: "Termline <alerts@termline.test>",
    baseUrl: app.url,
  });
  // axe is injected as an inline script, which the UI's content security policy would refuse.
  const context = await app.browser.newContext({
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
  });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
  await outbox?.close();
});

async function axeViolations(target: Page) {
  await target.addScriptTag({ content: axe.source });
  return target.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations.map(
      ({ id, nodes }) => `${id}: ${nodes.map((n) => n.target).join(" ")}`,
    );
  });
}

describe("the Outbox page", { timeout: 60_000 }, () => {
  it("shows an admin the reminder as its owner reads it, with working links", async () => {
    await signIn(page, app, "admin-a", "/outbox");
    const mail = page.getByRole("article", { name: /^Due in 90 days:/ });
    await mail.waitFor();
    const text = await mail.textContent();
    expect(text).toContain("Dana Whitfield <dana@acme.example>");
    expect(text).toContain("due on 31 December 2028");
    expect(text).toContain("You are this deadline’s owner.");
    const open = mail.getByRole("link", { name: "Open the deadline in Termline" });
    expect(await open.getAttribute("href")).toBe(
      `${app.url}/deadlines#${encodeURIComponent(TRANCHE)}`,
    );
    expect(await mail.getByRole("link", { name: /^Acknowledge it/ }).count()).toBe(1);
    expect(await mail.getByRole("link", { name: "Stop all e-mail from Termline" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "20-outbox");
  });

  it("reads on a phone (390 px) without sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByRole("article", { name: /^Due in 90 days:/ }).waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, "21-outbox-phone");
  });

  it("is an admin's page: others do not see it in the navigation", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, app, "viewer-a");
    expect(await page.getByRole("navigation").getByRole("link", { name: "Outbox" }).count()).toBe(
      0,
    );
  });
});
