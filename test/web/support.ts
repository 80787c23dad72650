import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { mountApi } from "../../functions/src/local/mount-api.ts";
import { serveWeb } from "../../functions/src/local/web-assets.ts";
import { type ApiHarness, createApiHarness, type HarnessOptions } from "../api/support.ts";

/**
 * The system's Chromium (Debian's, or wherever CHROMIUM_PATH points) when there is one, and
 * otherwise the headless Chromium that ships inside the @sparticuz/chromium npm package, so a
 * fresh clone needs nothing from apt. Neither is ever downloaded at run time.
 */
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
  if (existsSync(CHROMIUM)) return null;
  try {
    createRequire(import.meta.url).resolve("@sparticuz/chromium");
    return null;
  } catch {
    return `The browser tests need a Chromium: none at ${CHROMIUM} (CHROMIUM_PATH), and the @sparticuz/chromium devDependency is not installed. Run npm install.`;
  }
}

function requireChromium(): void {
  const problem = chromiumProblem();
  if (problem) throw new Error(problem);
}

/** For beforeEach: every browser test fails, with the reason, when Chromium is missing. */
export const requireBrowser = requireChromium;

const PACKAGED = join(tmpdir(), "chromium");
const PACKAGED_READY = join(tmpdir(), "termline-chromium.ready");
const PACKAGED_LOCK = join(tmpdir(), "termline-chromium.lock");

/**
 * The packaged Chromium, unpacked once into the temp directory. Test files run in parallel
 * processes and the package unpacks without a lock (it trusts any file already there), so one
 * process unpacks under a lock directory while the others wait for its "ready" mark.
 */
export async function packagedChromium(): Promise<string> {
  const deadline = Date.now() + 180_000;
  while (!existsSync(PACKAGED_READY)) {
    const locked = await mkdir(PACKAGED_LOCK).then(
      () => true,
      () => false,
    );
    if (locked) {
      try {
        if (existsSync(PACKAGED_READY)) break;
        await rm(PACKAGED, { force: true }); // a half-written one from an interrupted run
        const { default: packaged } = await import("@sparticuz/chromium");
        await writeFile(PACKAGED_READY, await packaged.executablePath());
      } finally {
        await rm(PACKAGED_LOCK, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Chromium was not unpacked within 3 min; if no test runs, remove ${PACKAGED_LOCK}`,
      );
    await new Promise((done) => setTimeout(done, 250));
  }
  return (await readFile(PACKAGED_READY, "utf8")).trim();
}

/** Where the browser is: the system's if present, else the packaged one. */
export async function chromiumExecutable(): Promise<string> {
  requireChromium();
  return existsSync(CHROMIUM) ? CHROMIUM : packagedChromium();
}

export async function launchChromium(executablePath?: string): Promise<Browser> {
  return chromium.launch({
    executablePath: executablePath ?? (await chromiumExecutable()),
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
  options: Pick<HarnessOptions, "seed" | "mail" | "pipeline"> = {},
): Promise<WebApp> {
  requireChromium();
  const [dist, api] = await Promise.all([
    buildWeb(),
    createApiHarness(label, {
      at: new Date().toISOString(),
      seed: options.seed ?? true,
      mail: options.mail,
      pipeline: options.pipeline,
    }),
  ]);
  const root = new Hono();
  mountApi(root, api.app);
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
