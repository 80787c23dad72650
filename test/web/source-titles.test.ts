import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Json, versionOf } from "../api/support.ts";
import { checkScreen, pageAt, SIZES, type Size } from "./record-steps.ts";
import { chromiumProblem, requireBrowser, startWebApp, type WebApp } from "./support.ts";

/** A source is (publication, title, date, url): the guided form asks for each, title included. */
let app: WebApp;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-source-titles");
  // Everything this file records is recorded an hour after the reference case.
  app.api.setNow(new Date(app.api.now().getTime() + 3_600_000).toISOString());
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const TITLE = "Amazon and OpenAI confirm Bedrock pricing for 2026";

/** The record form on Amazon–OpenAI, a note written and its first source's publication filled. */
async function noteWithSource(size: Size, note: string, publication: string) {
  const page = await pageAt(
    app,
    size,
    "editor-a",
    "/agreements/amazon-openai/record?at=2026-05-01",
  );
  await page.getByRole("radio", { name: /^Add a note/ }).check();
  await page.getByLabel("Note", { exact: true }).fill(note);
  const sources = page.getByRole("group", { name: "Sources" });
  await sources.getByLabel("Publication", { exact: true }).fill(publication);
  return { page, sources };
}

describe("a source's title in the record-a-change form", { timeout: 90_000 }, () => {
  it("records a note whose source has a title, and the audit trail and the log show it", async () => {
    const before = await versionOf(app.api, "amazon-openai");
    const { page, sources } = await noteWithSource(
      SIZES[1],
      "Bedrock pricing confirmed.",
      "Reuters",
    );
    const title = sources.getByLabel("Title", { exact: true });

    // The API keeps a title to 500 characters: the form says so at the field, and saves nothing.
    await title.fill("x".repeat(501));
    await page.getByRole("button", { name: "Preview the change" }).click();
    await expect.poll(() => title.getAttribute("aria-invalid")).toBe("true");
    expect(
      await sources.getByText("A title has at most 500 characters (this one has 501).").count(),
    ).toBe(1);
    expect(await page.getByRole("button", { name: "Save the change" }).isDisabled()).toBe(true);

    await title.fill(TITLE);
    await sources.getByLabel("Date", { exact: true }).fill("2026-05-01");
    await sources.getByLabel("Link", { exact: true }).fill("https://example.com/bedrock-pricing");
    await expect.poll(() => page.getByTestId("preview").count()).toBe(1);
    expect(await title.getAttribute("aria-invalid")).toBeNull();
    await checkScreen(page, SIZES[1], "55-record-source-title");
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();

    // The audit trail names the source by its publication and title.
    const entry = page.getByTestId("audit-trail").locator("[data-type]").first();
    expect(await entry.textContent()).toContain(`from Reuters: “${TITLE}” (2026-05-01)`);

    // The log keeps it as sent: the title between the publication and the date.
    const log = await app.api.get(`/agreements/amazon-openai/events?after=${before}`, "viewer-a");
    expect(log.status, log.text).toBe(200);
    const recorded = (log.body.events as Json[]).filter(({ type }) => type === "NoteAdded");
    expect(recorded.map(({ sources }) => sources)).toEqual([
      [
        {
          publication: "Reuters",
          title: TITLE,
          date: "2026-05-01",
          url: "https://example.com/bedrock-pricing",
        },
      ],
    ]);
    await page.context().close();
  });

  it("sends no title when the field is left empty", async () => {
    const before = await versionOf(app.api, "amazon-openai");
    const { page, sources } = await noteWithSource(
      SIZES[0],
      "A second note, without a title.",
      "Internal memo",
    );
    expect(await sources.getByLabel("Title", { exact: true }).inputValue()).toBe("");
    await expect.poll(() => page.getByTestId("preview").count()).toBe(1);
    await checkScreen(page, SIZES[0], "56-record-source-without-title");
    await page.getByRole("button", { name: "Save the change" }).click();
    await page.getByTestId("recorded").waitFor();
    const log = await app.api.get(`/agreements/amazon-openai/events?after=${before}`, "viewer-a");
    expect((log.body.events as Json[]).map(({ sources }) => sources)).toEqual([
      [{ publication: "Internal memo" }],
    ]);
    await page.context().close();
  });
});
