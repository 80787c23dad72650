import { describe, expect, it } from "vitest";
import { storeReadsWhileKept } from "../support/store-reads.ts";
import { type ApiHarness, expectProblem, harnessForFile, type Json, SEEDED_AT } from "./support.ts";

let api: ApiHarness;

harnessForFile("deadline-reads", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const MS = "microsoft-openai";

describe("deadlines", () => {
  it("are sorted by date, with imprecise dates kept imprecise", async () => {
    const { status, body } = await api.get("/deadlines");
    expect(status).toBe(200);
    const deadlines = body.deadlines as Json[];
    const dates = deadlines.map((d) => d.date);
    expect(dates).toEqual([...dates].sort());
    const find = (date: string) => deadlines.find((d) => d.date === date);
    expect(find("2030-12-31")).toMatchObject({
      precision: "year",
      kind: "revenue-share-end",
      agreementId: MS,
      termId: "openai-pays-microsoft",
    });
    expect(find("2032-12-31")).toMatchObject({ precision: "year", kind: "license-end" });
    expect(find("2028-12-31")).toMatchObject({
      precision: "day",
      kind: "tranche-due",
      agreementId: "amazon-openai",
    });
    for (const deadline of deadlines) {
      expect(deadline).toMatchObject({ id: expect.any(String), summary: expect.any(String) });
      // The default policy: 365, 180, 90, 30 and 7 days before.
      expect(deadline.alerts.map((a: Json) => a.leadDays)).toEqual([365, 180, 90, 30, 7]);
      for (const alert of deadline.alerts)
        expect(alert.on < deadline.date).toBe(alert.leadDays > 0);
    }
  });

  it("read a page as one range of the index, which names the owners, with the names, people and policy the container keeps", async () => {
    const page = async () => {
      const { status, body } = await api.get("/deadlines?from=2026-01-01&limit=3");
      expect(status).toBe(200);
      expect(body.deadlines.length).toBe(3);
      for (const deadline of body.deadlines as Json[])
        expect(deadline.summary).not.toMatch(/[\uE000-\uE002]/);
    };
    const reads = await storeReadsWhileKept(api.runtime, page);
    // The index's items name their owners (what is kept: kept-briefly.test.ts).
    expect(reads).toEqual({ queryItems: 1 });
    // The licence Microsoft holds to OpenAI's IP ends in 2032: its summary says the party's name.
    const whole = await api.get("/deadlines");
    expect(whole.text).toMatch(/End of Microsoft's non-exclusive license from OpenAI/);
  });

  it("narrow to a window with from= and to=", async () => {
    const { body } = await api.get("/deadlines?from=2029-01-01&to=2031-01-01");
    expect(body.deadlines.map((d: Json) => d.date)).toEqual(["2030-12-31"]);
  });

  it("come in pages with limit= and the next cursor, none lost, none twice", async () => {
    const whole = (await api.get("/deadlines")).body.deadlines as Json[];
    expect(whole.length).toBeGreaterThan(4);
    const seen: Json[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = cursor ? `limit=2&cursor=${encodeURIComponent(cursor)}` : "limit=2";
      const { status, body } = await api.get(`/deadlines?${query}`);
      expect(status).toBe(200);
      expect(body.deadlines.length).toBeLessThanOrEqual(2);
      seen.push(...body.deadlines);
      cursor = body.next;
      pages++;
    } while (cursor !== undefined && pages < 50);
    expect(cursor).toBeUndefined();
    const ids = seen.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(whole.map((d) => d.id).sort());
    expect(seen.map((d) => d.date)).toEqual(whole.map((d) => d.date));
    // The page carries what the whole list does: the alerts, the owner.
    expect(seen.find((d) => d.date === "2030-12-31")).toEqual(
      whole.find((d) => d.date === "2030-12-31"),
    );
    // A window pages too, and the last page says so by having no next.
    const windowed = await api.get("/deadlines?from=2029-01-01&to=2031-01-01&limit=5");
    expect(windowed.body).toEqual({ deadlines: [expect.objectContaining({ date: "2030-12-31" })] });
  });

  it("refuse a cursor they did not give out, and paging as known at an instant", async () => {
    const foreign = Buffer.from("change#2026", "utf8").toString("base64url");
    for (const path of [
      `/deadlines?limit=2&cursor=${foreign}`,
      "/deadlines?limit=2&cursor=not-a-cursor",
      "/deadlines?limit=0",
      "/deadlines?limit=2&knownAt=2026-07-01T00:00:00Z",
    ]) {
      const problem = expectProblem(await api.get(path), 400);
      expect(problem.errors?.[0]?.path).toMatch(/^(cursor|limit)$/);
    }
    // A cursor from another window resumes nothing.
    const first = await api.get("/deadlines?limit=1");
    const outside = await api.get(
      `/deadlines?from=2031-01-01&limit=1&cursor=${encodeURIComponent(first.body.next)}`,
    );
    expectProblem(outside, 400);
  });

  it("are served as an iCalendar feed with one UID per deadline", async () => {
    const json = await api.get("/deadlines");
    const feed = await api.get("/deadlines.ics");
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/);
    const text = feed.text.replace(/\r?\n[ \t]/g, "");
    expect(text).toMatch(/^BEGIN:VCALENDAR/);
    expect(text).toContain("END:VCALENDAR");
    for (const deadline of json.body.deadlines as Json[])
      expect(text).toContain(`UID:${deadline.id}@termline`);
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(json.body.deadlines.length);
  });
});
