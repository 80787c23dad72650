import { describe, expect, it } from "vitest";
import { launchChromium, packagedChromium } from "./support.ts";

/**
 * The browser tests use the system's Chromium where there is one; this keeps the fallback a
 * fresh clone without apt relies on (the one inside the @sparticuz/chromium package) tested
 * on every machine.
 */
describe("the Chromium packaged in @sparticuz/chromium", () => {
  it("launches under playwright-core and renders a page", { timeout: 180_000 }, async () => {
    const browser = await launchChromium(await packagedChromium());
    try {
      const page = await browser.newPage();
      await page.setContent("<main><h1>Termline</h1><p id='sum'></p></main>");
      await page.evaluate(() => {
        const sum = document.querySelector("#sum");
        if (sum) sum.textContent = String(20 + 22);
      });
      expect(await page.textContent("h1")).toBe("Termline");
      expect(await page.textContent("#sum")).toBe("42");
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});
