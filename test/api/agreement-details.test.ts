import { describe, expect, it, vi } from "vitest";
import { storeReadsDuring } from "../support/store-reads.ts";
import { type ApiHarness, expectProblem, harnessForFile, type Json, SEEDED_AT } from "./support.ts";

let api: ApiHarness;

harnessForFile("agreement-details", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const MS = "microsoft-openai";
const AT = "2026-05-01";

const details = async (query: string, login?: string) => {
  const { status, text, body } = await api.get(`/agreement-details?${query}`, login);
  expect(status, text).toBe(200);
  return body as { agreements: Json[]; deadlines?: Json[]; next?: string };
};

/** Every page of `query` with `limit`, followed by their cursors. */
async function everyPage(query: string, limit: number) {
  const pages: Awaited<ReturnType<typeof details>>[] = [];
  let cursor: string | undefined;
  do {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const page = await details(`${query}&limit=${limit}${after}`);
    pages.push(page);
    cursor = page.next;
  } while (cursor !== undefined && pages.length < 20);
  return pages;
}

describe("every agreement's details, a page at a time (what the timeline draws)", () => {
  it("pages hold what the whole answer holds, in id order, none lost, none twice", async () => {
    const whole = await details(`at=${AT}`);
    expect(whole.agreements).toHaveLength(6);
    const pages = await everyPage(`at=${AT}`, 4);
    expect(pages.map(({ agreements }) => agreements.length)).toEqual([4, 2]);
    expect(pages[0]?.next).toEqual(expect.any(String));
    expect(pages[1]?.next).toBeUndefined();
    expect(pages.flatMap(({ agreements }) => agreements)).toEqual(whole.agreements);
    // Exactly as many as there are: the last page says it is the last.
    const exact = await everyPage(`at=${AT}`, 3);
    expect(exact.map(({ agreements }) => agreements.length)).toEqual([3, 3]);
    expect(exact[1]?.next).toBeUndefined();
  });

  it("a page reads one range of snapshots, not the tenant's", async () => {
    let ranges: unknown[][] = [];
    const reads = await storeReadsDuring(api.runtime, async () => {
      const page = await details(`at=${AT}&limit=2&include=deadlines`);
      expect(page.agreements).toHaveLength(2);
      ranges = [...vi.mocked(api.runtime.viewStore.queryItems).mock.calls];
    });
    // Beside the range, the catalog's names and the alert policy in one BatchGetItem.
    expect(reads).toEqual({ getItemsTogether: 1, queryItems: 1 });
    // Two and one more, to know whether a next page starts.
    expect(ranges[0]?.[2]).toMatchObject({ limit: 3 });
  });

  it("include=deadlines adds the listed agreements' deadlines as they stand today, with alerts", async () => {
    // Asked as the timeline asks, for the terms as they end up: by 2034 the licence is over,
    // yet its deadline is listed, as it stands today.
    const pages = await everyPage("at=2034-12-31&include=deadlines", 2);
    expect(pages).toHaveLength(3);
    for (const { agreements, deadlines } of pages) {
      const listed = new Set(agreements.map(({ id }) => id));
      expect(deadlines?.every(({ agreementId }) => listed.has(agreementId))).toBe(true);
    }
    const deadlines = pages.flatMap((page) => page.deadlines ?? []);
    // From the sources: Amazon's contingent tranches are due by 2028-12-31; OpenAI pays
    // Microsoft its revenue share through 2030, and Microsoft's IP licence runs through 2032
    // (both known only to the year).
    const dated = deadlines.map(({ agreementId, date, precision }) => ({
      agreementId,
      date,
      precision,
    }));
    expect(dated).toEqual(
      expect.arrayContaining([
        { agreementId: "amazon-openai", date: "2028-12-31", precision: "day" },
        { agreementId: MS, date: "2030-12-31", precision: "year" },
        { agreementId: MS, date: "2032-12-31", precision: "year" },
      ]),
    );
    for (const deadline of deadlines) expect(deadline.alerts.length).toBeGreaterThan(0);
    // What the deadlines list says of them, every date, without owners and snoozes.
    const listed = (await api.get("/deadlines?from=2019-01-01")).body.deadlines as Json[];
    const bare = ({ owner: _owner, snoozedUntil: _snoozed, ...deadline }: Json) => deadline;
    const byId = (a: Json, b: Json) => (a.id < b.id ? -1 : 1);
    expect([...deadlines].sort(byId)).toEqual(listed.map(bare).sort(byId));
    // Without the include, none.
    expect((await details(`at=${AT}&limit=2`)).deadlines).toBeUndefined();
  });

  it("refuses a cursor it did not give, an unknown include, and pages as known at an instant", async () => {
    const listing = (await api.get("/agreements?limit=2")).body.next as string;
    expectProblem(await api.get(`/agreement-details?limit=2&cursor=${listing}`), 400);
    expectProblem(await api.get("/agreement-details?limit=2&cursor=bm9wZQ"), 400);
    expectProblem(await api.get("/agreement-details?include=owners"), 400);
    expectProblem(await api.get("/agreement-details?limit=2&knownAt=2026-04-01T00:00:00Z"), 400);
    // Whole, as known at an instant, it still answers.
    const before = await details("at=2026-03-01&knownAt=2020-01-01T00:00:00Z&include=deadlines");
    expect(before).toEqual({ agreements: [], deadlines: [] });
  });

  it("gives the agreements named by id, by key, as they stand or as known at an instant", async () => {
    const whole = await details(`at=${AT}`);
    const wanted = ["amazon-openai", MS];
    const reads = await storeReadsDuring(api.runtime, async () => {
      const named = await details(`at=${AT}&ids=${MS},no-such-agreement,amazon-openai`);
      expect(named.agreements).toEqual(whole.agreements.filter(({ id }) => wanted.includes(id)));
    });
    expect(reads.listViews ?? 0).toBe(0);
    expect(reads.readStream ?? 0).toBe(0);
    expect(reads.getViews).toBe(1);
    // As known before anything was recorded, neither existed; as known now, both as they stand.
    const before = "knownAt=2020-01-01T00:00:00Z";
    expect((await details(`at=${AT}&ids=${MS}&${before}`)).agreements).toEqual([]);
    expect((await api.get(`/agreements?ids=${MS}&${before}`)).body.agreements).toEqual([]);
    const now = `knownAt=${encodeURIComponent(api.now().toISOString())}`;
    expect((await details(`at=${AT}&ids=${MS}&${now}`)).agreements).toEqual(
      whole.agreements.filter(({ id }) => id === MS),
    );
    expectProblem(await api.get(`/agreement-details?ids=${MS}&limit=2`), 400);
    expectProblem(await api.get("/agreement-details?ids=Bad%20Id"), 400);
  });

  it("never shows another tenant's", async () => {
    const other = await details(`at=${AT}&limit=5&include=deadlines`, "admin-b");
    expect(other).toEqual({ agreements: [], deadlines: [] });
    expect((await details(`ids=${MS}`, "admin-b")).agreements).toEqual([]);
  });
});
