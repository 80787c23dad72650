import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refreshAllAnswers } from "../../functions/src/services/answers.ts";
import { TENANT } from "../api/support.ts";
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

/** The fictional second case (data/examples/README.md), imported into an empty tenant through the UI. */
const EXAMPLE = fileURLToPath(
  new URL("../../data/examples/regional-model-licensing.json", import.meta.url),
);

let app: WebApp;
let page: Page;

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-import-export", { seed: false });
  page = await newPage(app);
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const nav = (name: string) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

describe("import and export in the web UI", { timeout: 60_000 }, () => {
  it("is an admin's screen: editors see no entry for it, and are told why", async () => {
    await signIn(page, app, "editor-a");
    await nav("Catalog").waitFor();
    expect(await nav("Import/Export").count()).toBe(0);
    await page.goto(`${app.url}/import-export`);
    await page.getByText("cannot move a tenant's data").waitFor();
    expect(await page.getByRole("button", { name: "Export" }).count()).toBe(0);
    await page.getByRole("button", { name: "Sign out" }).click();
  });

  it("checks a document with a dry run, reports it in words, then imports it", async () => {
    await signIn(page, app, "admin-a");
    await nav("Import/Export").click();
    await page.getByLabel("Choose a JSON file").setInputFiles(EXAMPLE);
    await page
      .getByText("It holds 14 catalog changes, 3 agreements (9 events) and 1 workload.")
      .waitFor();
    const importButton = page.getByRole("button", { name: "Import", exact: true });
    expect(await importButton.isDisabled()).toBe(true);

    await page.getByRole("button", { name: "Check it (dry run)" }).click();
    const dryRun = page.getByTestId("dry-run-report");
    await dryRun.waitFor();
    expect(await dryRun.getByTestId("report-catalog").textContent()).toMatch(
      /^Would record 14 catalog changes/,
    );
    const nimbus = dryRun.locator('[data-agreement="lumen-nimbus"]');
    expect(await nimbus.getAttribute("data-outcome")).toBe("created");
    expect(await nimbus.textContent()).toMatch(
      /Lumen Labs–Nimbus distribution agreement.*would be created, with 3 events/,
    );
    expect(await dryRun.locator("[data-workload]").textContent()).toMatch(
      /EU tax assistant: would be created/,
    );
    await screenshot(page, "30-import-dry-run");
    // The dry run wrote nothing.
    expect((await app.api.get("/agreements")).body.agreements).toEqual([]);
    expect((await app.api.get("/catalog")).body.parties).toEqual([]);

    // As in a portfolio so large that the request leaves the answers to the stream projector.
    const budget = app.api.runtime.inlineAnswersMs;
    app.api.runtime.inlineAnswersMs = 0;
    await importButton.click();
    const done = page.getByTestId("import-report");
    await done.waitFor();
    app.api.runtime.inlineAnswersMs = budget;
    expect(
      await done
        .locator("[data-agreement]")
        .evaluateAll((items) =>
          items.map((item) => [
            item.getAttribute("data-agreement"),
            item.getAttribute("data-outcome"),
          ]),
        ),
    ).toEqual([
      ["lumen-nimbus", "created"],
      ["lumen-stratus", "created"],
      ["lumen-bridgeway", "created"],
    ]);
    expect(await done.textContent()).toMatch(/Recorded 14 catalog changes/);
    // It says its answers follow; then the stream projector works them out.
    expect(await done.getByTestId("import-answers-updating").textContent()).toMatch(
      /still being worked out.*answers from before it/,
    );
    await refreshAllAnswers(app.api.runtime, TENANT);
    await page.getByText("The document is imported.").waitFor();
    await screenshot(page, "31-import-done");

    // What a reader of those contracts expects (rows 2 and 5 of data/examples/README.md).
    await page.goto(`${app.url}/?at=2026-01-10&segment=eu-public-sector`);
    expect(await cellDecision(page, "2026-01-10", "lumen-large", "stratus-cloud")).toBe("denied");
    expect(await cellDecision(page, "2026-01-10", "lumen-large", "nimbus-cloud")).toBe("allowed");
    expect(await page.getByTestId("matrix").locator("caption").textContent()).toMatch(
      /EU public sector segment/,
    );
    expect(await page.getByTestId("matrix").locator("thead").textContent()).toMatch(
      /Nimbus Cloud.*Stratus Cloud.*Lumen Platform.*Bridgeway Marketplace/,
    );
  });

  it("importing the same document again would write nothing", async () => {
    await nav("Import/Export").click();
    await page.getByLabel("Choose a JSON file").setInputFiles(EXAMPLE);
    await page.getByRole("button", { name: "Check it (dry run)" }).click();
    const dryRun = page.getByTestId("dry-run-report");
    await dryRun.waitFor();
    expect(await dryRun.textContent()).toMatch(/already holds everything in this document/);
    const outcomes = await dryRun
      .locator("[data-outcome]")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-outcome")));
    expect(outcomes).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
  });

  it("shows a problem at its place in the document, and imports nothing", async () => {
    const bad = {
      format: "termline-export",
      version: 1,
      catalog: [],
      agreements: [
        {
          id: "lumen-orbit",
          events: [
            {
              type: "AgreementRecorded",
              title: "Lumen–Orbit trial",
              parties: [{ party: "lumen-labs", role: "licensor" }],
              effectiveOn: "2026-02-01",
            },
            {
              type: "ExclusivityGranted",
              termId: "orbit-exclusivity",
              holder: "orbit-cloud",
              scope: "hosting",
              products: ["lumen-small"],
              effectiveOn: "2026-02-01",
            },
          ],
        },
      ],
      workloads: [],
    };
    await page.getByLabel(/or paste the document/).fill(JSON.stringify(bad, null, 2));
    await page.getByRole("button", { name: "Check it (dry run)" }).click();
    const problem = page.getByTestId("import-problem");
    await problem.waitFor();
    expect(await problem.textContent()).toMatch(
      /agreement 1 \(“Lumen–Orbit trial”\), event 2 \(ExclusivityGranted\), holder.*agreements\.0\.events\.1\.holder/,
    );
    expect(await page.getByRole("button", { name: "Import", exact: true }).isDisabled()).toBe(true);
    await screenshot(page, "32-import-problem");

    await page.getByLabel(/or paste the document/).fill("{ not json");
    await page.getByRole("button", { name: "Check it (dry run)" }).click();
    await expect.poll(() => problem.textContent()).toMatch(/not valid JSON/);
    expect((await app.api.get("/agreements")).body.agreements).toHaveLength(3);
  });

  it("exports the tenant as a .json file, and links the format's JSON Schema", async () => {
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^termline-acme-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(await readFile(await download.path(), "utf8"));
    expect(exported).toMatchObject({ format: "termline-export", version: 1 });
    expect(exported.agreements.map((agreement: { id: string }) => agreement.id)).toEqual([
      "lumen-bridgeway",
      "lumen-nimbus",
      "lumen-stratus",
    ]);
    expect(exported.workloads).toHaveLength(1);
    await expect
      .poll(() => page.getByTestId("export-status").textContent())
      .toMatch(
        /^Saved termline-acme-.*14 catalog changes, 3 agreements \(9 events\) and 1 workload\.$/,
      );

    const schema = page.getByRole("link", { name: "The format, as a JSON Schema" });
    const href = await schema.getAttribute("href");
    expect(href).toBe("/api/v1/export.schema.json");
    const response = await fetch(`${app.url}${href}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: "object" });
  });
});
