import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import type { Page } from "playwright-core";
import type { WebApp } from "./support.ts";

/** The two sizes every screen is checked at: a laptop and a phone (iPhone 12–15). */
export const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
export type Size = (typeof SIZES)[number];

const SCREENSHOTS = fileURLToPath(new URL("../../build-artifacts/screenshots/", import.meta.url));

/** A page at a size; axe is injected as an inline script, which the app's CSP would refuse. */
export async function pageAt(app: WebApp, size: Size): Promise<Page> {
  const context = await app.browser.newContext({
    viewport: { width: size.width, height: size.height },
    bypassCSP: true,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** How far the page is wider than the screen (0 when it fits). */
export const overflow = (page: Page): Promise<number> =>
  page.evaluate(() => (document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth);

/** axe-core's critical and serious violations on the page as it stands, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document);
    return result.violations
      .filter(({ impact }) => impact === "critical" || impact === "serious")
      .map(({ id, impact, nodes }) => `${impact} ${id}: ${nodes.map((n) => n.target).join(" ")}`);
  });
}

/** A screenshot for a reviewer in build-artifacts/screenshots/ (not committed). */
export async function shoot(page: Page, name: string, size: Size): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}-${size.name}.png`),
    fullPage: true,
    timeout: 60_000,
  });
}
