import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { projectStream } from "./record-steps.ts";
import {
  chromiumProblem,
  newPage,
  requireBrowser,
  screenshot,
  signIn,
  startWebApp,
  type WebApp,
} from "./support.ts";

/**
 * A portfolio past one page of every list: the reference case's six agreements and 60 supply
 * contracts, each ending on its own day of early 2029. The timeline draws 25 agreements at a
 * time; the agreements and deadlines pages show 50, then 50 more.
 */
let app: WebApp;
let page: Page;
const SUPPLIES = Array.from(
  { length: 60 },
  (_, index) => `supply-${String(index + 1).padStart(2, "0")}`,
);
/** supply-01 ends on 2029-01-01, supply-28 on 2029-01-28, supply-29 on 2029-02-01… */
const endOf = (id: string) => {
  const n = Number(id.slice(-2)) - 1;
  return `2029-0${1 + Math.floor(n / 28)}-${String(1 + (n % 28)).padStart(2, "0")}`;
};

beforeAll(async () => {
  if (chromiumProblem()) return;
  app = await startWebApp("web-long-portfolio");
  for (const id of SUPPLIES) {
    const recorded = await app.api.call("POST", "/agreements", {
      body: {
        id,
        title: `Supply contract ${id.slice(-2)}`,
        parties: [{ party: "openai", role: "buyer" }],
        effectiveOn: "2026-01-01",
        endsOn: endOf(id),
      },
    });
    expect(recorded.status, recorded.text).toBe(201);
  }
  page = await newPage(app);
  await signIn(page, app, "editor-a");
}, 180_000);

beforeEach(requireBrowser);

afterAll(async () => {
  await app?.close();
});

const drawn = () =>
  page
    .getByTestId("timeline")
    .locator("[data-agreement]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-agreement")));
const pager = () => page.getByRole("navigation", { name: "Agreements drawn" });

/** `count` notes numbered from 1 ("Delivery note 1"…), 50 a commit, through the API. */
async function addNotes(id: string, count: number, text: string) {
  for (let batch = 0; batch * 50 < count; batch++) {
    const { version } = (await app.api.get(`/agreements/${id}`)).body;
    const added = await app.api.call("POST", `/agreements/${id}/events`, {
      body: {
        expectedVersion: version,
        events: Array.from({ length: Math.min(50, count - batch * 50) }, (_, n) => ({
          type: "NoteAdded",
          effectiveOn: "2026-02-01",
          text: `${text} ${batch * 50 + n + 1}`,
        })),
      },
    });
    expect(added.status, added.text).toBe(201);
  }
}

const apiCalls = (asked: string[]) => asked.filter((path) => path.startsWith("/api/v1/"));
const recording = () => {
  const asked: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    asked.push(`${url.pathname}${url.search}`);
  });
  return asked;
};

describe("a portfolio past one page", { timeout: 90_000 }, () => {
  it("the timeline draws 25 agreements at a time with their deadlines, one request a page", async () => {
    const asked = recording();
    await page.goto(`${app.url}/timeline?at=2026-05-01`);
    await page.getByTestId("timeline").waitFor();
    await expect.poll(() => pager().textContent()).toMatch(/Agreements 1–25(?!, the last)/);
    const first = await drawn();
    expect(first).toHaveLength(25);
    expect(first.slice(0, 6)).toEqual([
      "amazon-openai",
      "aws-openai-cloud",
      "google-openai-distribution",
      "microsoft-openai",
      "openai-2026-round",
      "oracle-openai-infrastructure",
    ]);
    // The reference case's deadlines are drawn beside their agreements (the tranches are due by
    // 2028-12-31; the revenue share runs through 2030).
    const marks = page.getByTestId("timeline").locator("[data-deadline]");
    const dates = await marks.evaluateAll((all) =>
      all.map((mark) => mark.getAttribute("data-date")),
    );
    expect(dates).toEqual(expect.arrayContaining(["2028-12-31", "2030-12-31"]));
    expect(await pager().getByRole("button", { name: "Previous 25" }).isDisabled()).toBe(true);

    await pager().getByRole("button", { name: "Next 25" }).click();
    await expect.poll(() => pager().textContent()).toMatch(/Agreements 26–50(?!, the last)/);
    await pager().getByRole("button", { name: "Next 25" }).click();
    await expect.poll(() => pager().textContent()).toMatch(/Agreements 51–66, the last/);
    expect(await drawn()).toEqual(SUPPLIES.slice(44));
    expect(await pager().getByRole("button", { name: "Next 25" }).isDisabled()).toBe(true);
    // Each supply contract's end is its one deadline, on its own row.
    const ends = await marks.evaluateAll((all) =>
      all.map((mark) => [mark.getAttribute("data-deadline"), mark.getAttribute("data-date")]),
    );
    expect(ends).toEqual(SUPPLIES.slice(44).map((id) => [`${id}:agreement-end`, endOf(id)]));
    await screenshot(page, "timeline-last-page");

    await pager().getByRole("button", { name: "Previous 25" }).click();
    await pager().getByRole("button", { name: "Previous 25" }).click();
    await expect.poll(() => pager().textContent()).toMatch(/Agreements 1–25/);
    expect(await drawn()).toEqual(first);
    const api = apiCalls(asked).map((path) => path.split("?")[0]);
    // Three pages read, the first again from the cache; never the tenant's list of deadlines.
    expect(api.filter((path) => path === "/api/v1/agreement-details")).toHaveLength(3);
    expect(api.filter((path) => path === "/api/v1/deadlines")).toEqual([]);
  });

  it("the agreements page lists 50, then the next 16", async () => {
    const asked = recording();
    await page.goto(`${app.url}/agreements`);
    const cards = page.locator("ul.cards > li");
    await expect.poll(() => cards.count()).toBe(50);
    await page.getByRole("button", { name: "Show the next 50 agreements" }).click();
    await expect.poll(() => cards.count()).toBe(66);
    expect(await cards.last().locator("h2").textContent()).toBe("Supply contract 60");
    expect(await page.getByRole("button", { name: /Show the next/ }).count()).toBe(0);
    const lists = apiCalls(asked).filter((path) => path.startsWith("/api/v1/agreements?"));
    expect(
      lists.every((path) => path.includes("limit=50")),
      lists.join(" "),
    ).toBe(true);
  });

  it("the deadlines page shows 50, then more, each named after its agreement; a write keeps them all", async () => {
    const asked = recording();
    await page.goto(`${app.url}/deadlines`);
    const cards = page.getByTestId("deadlines").locator("li.card");
    await expect.poll(() => cards.count()).toBe(50);
    await page.getByRole("button", { name: "Show the next 50 deadlines" }).click();
    const last = page.locator('[data-deadline="supply-60:agreement-end"]');
    await last.waitFor();
    const shown = await cards.count();
    expect(shown).toBeGreaterThan(50);
    // Named by its agreement's title, read by id with the others shown, never by its id.
    await expect
      .poll(() => last.getByRole("link").first().textContent())
      .toBe("Supply contract 60");
    await last.getByRole("button", { name: /^Acknowledge/ }).click();
    await expect.poll(() => last.getByTestId("acknowledged").count()).toBe(1);
    // Every page shown was read again after the write: the list did not fall back to 50.
    expect(await cards.count()).toBe(shown);
    const api = apiCalls(asked);
    expect(
      api.filter((path) => /^\/api\/v1\/agreements(\?|$)/.test(path) && !path.includes("ids=")),
    ).toEqual([]);
    expect(
      api
        .filter((path) => path.startsWith("/api/v1/deadlines?"))
        .every((path) => path.includes("limit=50")),
    ).toBe(true);
  });

  it("no screen reads every agreement or every deadline of the tenant", async () => {
    const asked = recording();
    const visit = async (path: string, ready: () => Promise<unknown>) => {
      await page.goto(`${app.url}${path}`);
      await ready();
    };
    await visit("/home", () => page.getByTestId("home-open-questions").waitFor());
    await visit("/?at=2026-05-01", async () => {
      await page.locator('button[data-product="openai-api"][data-provider="aws"]').click();
      await page.getByTestId("reasons").getByRole("link").first().waitFor();
    });
    await visit("/conflicts?from=2026-01-01&to=2030-12-31", () =>
      page.getByRole("heading", { level: 1, name: "Conflicts" }).waitFor(),
    );
    // The history is the stream projector's: deliver the stream first.
    await projectStream(app);
    await visit("/changes", () =>
      page.getByTestId("changes").locator("[data-type]").first().waitFor(),
    );
    // The changes page offers the agreements its changes name, supply contracts among them.
    const offered = await page.getByLabel("Agreement").locator("option").allTextContents();
    expect(offered).toContain("Supply contract 60");
    await page.waitForLoadState("networkidle");
    const whole = apiCalls(asked).filter((path) => {
      const [pathname = "", search = ""] = path.split("?");
      const query = new URLSearchParams(search);
      const paged = query.has("limit") || query.has("ids");
      return (
        ["/api/v1/agreements", "/api/v1/agreement-details", "/api/v1/deadlines"].includes(
          pathname,
        ) && !paged
      );
    });
    expect(whole).toEqual([]);
    // The home page asks for the first ten conflicts, the conflicts page for the range's all.
    const conflicts = apiCalls(asked).filter((path) => path.startsWith("/api/v1/conflicts?"));
    expect(conflicts.map((path) => new URLSearchParams(path.split("?")[1]).get("limit"))).toEqual([
      "10",
      null,
    ]);
  });

  it("an agreement with 250 notes draws its audit trail 100 changes at a time; a link to an old change draws it", async () => {
    const id = "supply-02";
    await addNotes(id, 250, "Delivery note");
    const total = (await app.api.get(`/agreements/${id}`)).body.version as number;
    expect(total).toBe(251);

    await page.goto(`${app.url}/agreements/${id}?at=2026-03-01`);
    const entries = page.getByTestId("audit-trail").locator("[data-type]");
    await expect.poll(() => entries.count()).toBe(100);
    expect(await entries.first().textContent()).toMatch(/Delivery note 250\b/);
    await page.getByRole("button", { name: "Show 100 older changes (151 not shown)" }).click();
    await expect.poll(() => entries.count()).toBe(200);
    await page.getByRole("button", { name: "Show 51 older changes (51 not shown)" }).click();
    await expect.poll(() => entries.count()).toBe(251);
    expect(await entries.last().getAttribute("data-type")).toBe("AgreementRecorded");
    expect(await page.getByRole("button", { name: /older change/ }).count()).toBe(0);

    // A link to the third change (as the tenant-wide trail makes), opened afresh, lands on it, far
    // past the first 100.
    await page.goto(`${app.url}/agreements/${id}?at=2026-03-02#change-v3`);
    const third = page.locator("#change-v3");
    await third.waitFor();
    expect(await third.textContent()).toMatch(/Delivery note 2\b/);
    expect(await entries.count()).toBe(249);
  });

  it("an agreement with 1,000 notes reads its log in two rounds, the second four pages side by side", async () => {
    const id = "supply-03";
    await addNotes(id, 1000, "Weekly call");
    // Each read of the log, in the order asked, and each answer, in the order it came.
    const log: string[] = [];
    const afterOf = (url: string) => {
      const { pathname, searchParams } = new URL(url);
      return pathname.endsWith(`/agreements/${id}/events`)
        ? (searchParams.get("after") ?? "0")
        : null;
    };
    page.on("request", (request) => {
      const after = afterOf(request.url());
      if (after !== null && request.method() === "GET") log.push(`asked ${after}`);
    });
    page.on("requestfinished", (request) => {
      const after = afterOf(request.url());
      if (after !== null && request.method() === "GET") log.push(`answered ${after}`);
    });

    await page.goto(`${app.url}/agreements/${id}?at=2026-03-01`);
    // 1,001 events: the first 500, then 500, 1, and two empty pages read together.
    const trail = page.getByRole("region", { name: "Audit trail" });
    await expect
      .poll(() => trail.getByText(/changes, newest first/).textContent())
      .toBe("1001 changes, newest first.");
    const entries = page.getByTestId("audit-trail").locator("[data-type]");
    expect(await entries.first().textContent()).toMatch(/Weekly call 1000\b/);
    expect(log.filter((line) => line.startsWith("asked"))).toEqual([
      "asked 0",
      "asked 500",
      "asked 1000",
      "asked 1500",
      "asked 2000",
    ]);
    // The second round is asked whole before any of it is answered.
    const firstAnswerOfRound = log.findIndex(
      (line, index) => index > 1 && line.startsWith("answered"),
    );
    expect(log.slice(0, firstAnswerOfRound)).toEqual([
      "asked 0",
      "answered 0",
      "asked 500",
      "asked 1000",
      "asked 1500",
      "asked 2000",
    ]);
  });
});
