import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { serveWeb } from "../../functions/src/local/web-assets.ts";
import { type ApiHarness, createApiHarness, type HarnessOptions } from "../api/support.ts";

/** Debian's Chromium; CHROMIUM_PATH points elsewhere (never a downloaded browser). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const WEB_ROOT = fileURLToPath(new URL("../../web/", import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL("../../build-artifacts/screenshots/", import.meta.url));

/** Builds the web app with its own Vite config (and its JS budget) into a fresh directory. */
export async function buildWeb(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "termline-web-"));
  // Vitest sets NODE_ENV=test, which would bundle React's development build: build as production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: WEB_ROOT,
      configFile: join(WEB_ROOT, "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/** Why the browser tests cannot run, or null. Each test fails with this (none is skipped). */
export function chromiumProblem(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `The browser tests need Debian's Chromium at ${CHROMIUM}, and it is missing. Install it: apt-get update && apt-get install -y chromium (.ci/run does this on CI).`;
}

function requireChromium(): void {
  const problem = chromiumProblem();
  if (problem) throw new Error(problem);
}

/** For beforeEach: every browser test fails, with the reason, when Chromium is missing. */
export const requireBrowser = requireChromium;

export function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface WebApp {
  api: ApiHarness;
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The real app (API, DynamoDB Local on its own tables, the reference case in tenant acme) and
 * the built UI on one origin at 127.0.0.1, with a headless Chromium to drive it. With
 * `seed: false`, tenant acme starts empty, as `TERMLINE_SEED=none` leaves it: its catalog holds
 * only the segment `commercial`, and its tokens (viewer-a, editor-a, admin-a) set up the rest.
 */
export async function startWebApp(
  label: string,
  options: { seed?: boolean; mail?: HarnessOptions["mail"] } = {},
): Promise<WebApp> {
  requireChromium();
  const [dist, api] = await Promise.all([
    buildWeb(),
    createApiHarness(label, {
      at: new Date().toISOString(),
      seed: options.seed ?? true,
      mail: options.mail,
    }),
  ]);
  const root = new Hono();
  root.route("/", api.app);
  serveWeb(root, { dist });
  const server = await new Promise<ReturnType<typeof serve>>((ready) => {
    const started = serve({ fetch: root.fetch, port: 0, hostname: "127.0.0.1" }, () =>
      ready(started),
    );
  });
  const { port } = server.address() as AddressInfo;
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    server.close();
    await api.drop();
    throw error;
  }
  return {
    api,
    url: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((done) => server.close(() => done()));
      await api.drop();
      await rm(dist, { recursive: true, force: true });
    },
  };
}

export async function newPage(app: WebApp, width = 1280, height = 900): Promise<Page> {
  const context = await app.browser.newContext({
    viewport: { width, height },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return page;
}

export async function signIn(page: Page, app: WebApp, token: string, path = "/"): Promise<void> {
  await page.goto(`${app.url}${path}`);
  await page.getByLabel("Access token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("role").waitFor();
}

/** Saves a screenshot for a reviewer in build-artifacts/screenshots/ (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A matrix cell's decision, once the matrix shows the given date. */
export async function cellDecision(
  page: Page,
  at: string,
  product: string,
  provider: string,
): Promise<string | null> {
  await page.locator(`[data-testid="matrix"][data-at="${at}"]`).waitFor();
  return page
    .locator(`button[data-product="${product}"][data-provider="${provider}"]`)
    .getAttribute("data-decision");
}
