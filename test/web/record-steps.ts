import axe from "axe-core";
import type { Page } from "playwright-core";
import { inject } from "vitest";
import { readStreamRecords } from "../support/stream-records.ts";
import { screenshot, signIn, type WebApp } from "./support.ts";

/** The two sizes every screen must work at: a laptop and a phone. */
export const SIZES = [
  { name: "1440", width: 1440, height: 900 },
  { name: "390", width: 390, height: 844 },
] as const;
export type Size = (typeof SIZES)[number];

/**
 * A signed-in page at a size. axe-core is injected as an inline script, which the UI's content
 * security policy would refuse, so these pages bypass it (the app's own scripts do not need to).
 */
export async function pageAt(app: WebApp, size: Size, token: string, path = "/"): Promise<Page> {
  const context = await app.browser.newContext({
    viewport: { width: size.width, height: size.height },
    bypassCSP: true,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await signIn(page, app, token, path);
  return page;
}

/** axe-core's critical and serious violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations
      .filter((violation) => violation.impact === "critical" || violation.impact === "serious")
      .map(
        ({ id, impact, nodes }) =>
          `${impact} ${id}: ${nodes.map((node) => node.target.join(" ")).join(", ")}`,
      );
  });
}

/** How much wider than the screen the page is (0: it fits). */
export function overflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const scroller = document.scrollingElement ?? document.documentElement;
    return scroller.scrollWidth - window.innerWidth;
  });
}

/** The checks every screen gets: it fits the screen, axe finds nothing serious, a screenshot. */
export async function checkScreen(page: Page, size: Size, name: string): Promise<void> {
  const wider = await overflow(page);
  if (wider > 0) throw new Error(`${name} at ${size.name} px is ${wider}px wider than the screen`);
  const violations = await seriousViolations(page);
  if (violations.length > 0)
    throw new Error(`${name} at ${size.name} px: axe found\n${violations.join("\n")}`);
  await screenshot(page, `${name}-${size.name}`);
}

/**
 * Counts what a person does (clicks, choices, typing into a field): the done-when bound on how
 * many interactions a task takes is asserted on this count.
 */
export function interactions(page: Page) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    click: async (...args: Parameters<Page["click"]>) => {
      count += 1;
      await page.click(...args);
    },
    act: async (step: () => Promise<unknown>) => {
      count += 1;
      await step();
    },
  };
}

/**
 * Runs the stream projector over every record so far, as Lambda (or `npm start`'s poller) would;
 * the tenant-wide history is projected from the stream. Replays are no-ops.
 */
export async function projectStream(app: WebApp): Promise<void> {
  const table = app.api.runtime.eventStore.tableName;
  const records = await readStreamRecords(inject("dynamoEndpoint"), table);
  const result = await app.api.projector.handler({ Records: records });
  if (result.batchItemFailures.length > 0)
    throw new Error(`the projector failed on ${JSON.stringify(result.batchItemFailures)}`);
}
