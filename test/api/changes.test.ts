import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readStreamRecords } from "../support/stream-records.ts";
import { type ApiHarness, BASE, createApiHarness, expectProblem, type Json } from "./support.ts";

/**
 * The tenant's history, as the stream projects it: one line per recorded change with its term
 * before and after, newest first, filtered, paged, as CSV, and rebuilt from the log alike.
 */
let api: ApiHarness;
const MS = "microsoft-openai";
const CAP_TERM = "openai-pays-microsoft";
const REUTERS = { publication: "Reuters", date: "2026-11-30", url: "https://www.reuters.com/x" };

/** Runs the stream projector over every record so far, as Lambda would (replays are no-ops). */
async function project() {
  const table = api.runtime.eventStore.tableName;
  const records = await readStreamRecords(inject("dynamoEndpoint"), table);
  const result = await api.projector.handler({ Records: records });
  expect(result.batchItemFailures).toEqual([]);
}

const changes = async (query = "", token = "viewer-a") => {
  const response = await api.get(`/changes${query}`, token);
  expect(response.status, response.text).toBe(200);
  return response.body as { changes: Json[]; next?: string };
};

async function append(events: Json[]) {
  const { body } = await api.get(`/agreements/${MS}`);
  const response = await api.call("POST", `/agreements/${MS}/events`, {
    token: "editor-a",
    body: { expectedVersion: body.version, events },
  });
  expect(response.status, response.text).toBe(201);
  return response.body.events[0].version as number;
}

let capped: number;
let corrected: number;

beforeAll(async () => {
  api = await createApiHarness("changes");
  await project();
  api.setNow("2026-12-01T10:00:00.000Z");
  capped = await append([
    {
      type: "RevenueShareCapped",
      effectiveOn: "2026-11-30",
      termId: CAP_TERM,
      cap: { disclosed: true, amount: { amount: 38e9, currency: "USD" } },
      sources: [REUTERS],
    },
  ]);
  api.setNow("2026-12-02T09:00:00.000Z");
  corrected = await append([
    {
      type: "EventCorrected",
      correctsVersion: capped,
      reason: "Reuters misreported the figure",
      replacement: {
        effectiveOn: "2026-11-30",
        termId: CAP_TERM,
        cap: { disclosed: true, amount: { amount: 37e9, currency: "USD" } },
        sources: [REUTERS],
      },
    },
  ]);
  await project();
});
afterAll(async () => {
  await api?.drop();
});

describe("the tenant's history", () => {
  it("shows a disclosed cap as the term before and after, with who and where from", async () => {
    const { changes: lines } = await changes(
      `?agreement=${MS}&type=RevenueShareCapped&from=2026-12-01`,
    );
    expect(lines).toHaveLength(1);
    const [line] = lines as [Json];
    expect(line).toMatchObject({
      agreementId: MS,
      agreementTitle: expect.stringContaining("Microsoft"),
      version: capped,
      type: "RevenueShareCapped",
      effectiveOn: "2026-11-30",
      recordedAt: "2026-12-01T10:00:00.000Z",
      termId: CAP_TERM,
      sources: [expect.objectContaining({ publication: "Reuters" })],
    });
    expect(line.term.before.summary).toContain("under a cap whose amount is undisclosed");
    expect(line.term.after.summary).toContain("capped at 38 billion USD");
  });

  it("marks a corrected entry superseded, and shows the correction as its own diff", async () => {
    const { changes: lines } = await changes("?from=2026-12-01");
    expect(lines.map(({ version }) => version)).toEqual([corrected, capped]);
    const [correction, original] = lines as [Json, Json];
    expect(original.supersededBy).toEqual({
      version: corrected,
      eventId: correction.eventId,
      type: "EventCorrected",
    });
    expect(correction).toMatchObject({ supersedes: { version: capped }, termId: CAP_TERM });
    expect(correction.term.before.summary).toContain("capped at 38 billion USD");
    expect(correction.term.after.summary).toContain("capped at 37 billion USD");
  });

  it("filters by type, person and recorded period", async () => {
    const corrections = await changes("?type=EventCorrected");
    expect(corrections.changes.map(({ version }) => version)).toEqual([corrected]);
    const both = await changes("?type=EventCorrected,RevenueShareCapped&from=2026-12-01");
    expect(both.changes).toHaveLength(2);
    const before = await changes("?to=2026-11-30&limit=200");
    expect(before.changes.every(({ recordedAt }) => recordedAt < "2026-12-01")).toBe(true);
    expect(before.changes.length).toBeGreaterThan(10);
    const onlyTheSecondDay = await changes("?from=2026-12-02&to=2026-12-02");
    expect(onlyTheSecondDay.changes.map(({ version }) => version)).toEqual([corrected]);
    const nobody = await changes("?recordedBy=someone-else&from=2026-12-01");
    expect(nobody.changes).toEqual([]);
    const [mine] = (await changes("?from=2026-12-01")).changes as [Json];
    const byThem = await changes(
      `?recordedBy=${encodeURIComponent(mine.recordedBy)}&from=2026-12-01`,
    );
    expect(byThem.changes).toHaveLength(2);
  });

  it("pages newest first without losing or repeating a line", async () => {
    const all = (await changes("?limit=200")).changes;
    const seen: Json[] = [];
    let cursor: string | undefined;
    do {
      const page = await changes(`?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      expect(page.changes.length).toBeLessThanOrEqual(7);
      seen.push(...page.changes);
      cursor = page.next;
    } while (cursor);
    expect(seen.map(({ eventId }) => eventId)).toEqual(all.map(({ eventId }) => eventId));
    const instants = seen.map(({ recordedAt }) => recordedAt as string);
    expect(instants).toEqual([...instants].sort().reverse());
  });

  it("exports the same lines as CSV", async () => {
    const response = await api.get("/changes.csv?from=2026-12-01", "viewer-a");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    const rows = response.text.trim().split("\n");
    expect(rows[0]).toBe(
      "recorded at,recorded by,agreement,version,change,effective on,precision,term,before,after,superseded by version,sources",
    );
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain(`,${capped},RevenueShareCapped,2026-11-30,day,${CAP_TERM},`);
    expect(rows[2]).toContain(`,${corrected},"Reuters, 2026-11-30, https://www.reuters.com/x"`);
  });

  it("is the tenant's own: another tenant sees none of it", async () => {
    expect((await changes("", "admin-b")).changes).toEqual([]);
  });

  it("refuses bad filters and cursors with a clear error", async () => {
    expectProblem(await api.get("/changes?cursor=bm90LWEtY3Vyc29y", "viewer-a"), 400);
    expectProblem(await api.get("/changes?limit=0", "viewer-a"), 400);
    expectProblem(await api.get("/changes?type=Not%20A%20Type", "viewer-a"), 400);
    expectProblem(await api.get("/changes?from=2026-13-01", "viewer-a"), 400);
  });

  it("shows a change as soon as it is recorded, before the stream has run", async () => {
    api.setNow("2026-12-03T08:00:00.000Z");
    const noted = await append([{ type: "NoteAdded", text: "Board minutes filed" }]);
    const { changes: lines } = await changes("?from=2026-12-03");
    expect(lines.map(({ version, type }) => [version, type])).toEqual([[noted, "NoteAdded"]]);
    await project();
    expect((await changes("?from=2026-12-03")).changes).toEqual(lines);
  });

  it("writes an ordinary change's line in the commit itself, a correction's after it", async () => {
    api.setNow("2026-12-04T08:00:00.000Z");
    const { viewStore } = api.runtime;
    const putItems = viewStore.putItems.bind(viewStore);
    let separateWrites = 0;
    viewStore.putItems = async (...args) => {
      separateWrites++;
      return putItems(...args);
    };
    try {
      const noted = await append([{ type: "NoteAdded", text: "Invoice checked" }]);
      const { changes: lines } = await changes("?from=2026-12-04");
      expect(lines.map(({ version, type }) => [version, type])).toEqual([[noted, "NoteAdded"]]);
      // No deadline moved and the line rode in the commit's transaction: nothing written after.
      expect(separateWrites).toBe(0);
      // A retraction marks the line it supersedes, which is written after the commit.
      await append([{ type: "EventRetracted", retractsVersion: noted, reason: "Wrong invoice" }]);
      expect(separateWrites).toBeGreaterThan(0);
      const after = (await changes("?from=2026-12-04")).changes;
      expect(after.find(({ version }) => version === noted)?.supersededBy).toMatchObject({
        type: "EventRetracted",
      });
    } finally {
      viewStore.putItems = putItems;
    }
  });

  it("is rebuilt from the log line for line", async () => {
    const before = (await changes("?limit=200")).changes;
    const rebuild = await api.call("POST", "/admin/rebuild", { token: "admin-a" });
    expect(rebuild.status, rebuild.text).toBe(200);
    expect((await changes("?limit=200")).changes).toEqual(before);
  });
});

/**
 * RFC 4180 as csv-stringify writes it: fields split on commas, a quoted field may hold commas,
 * quotes (doubled) and line breaks; records end at a line break outside quotes.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      record.push(field);
      field = "";
    } else if (char === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || record.length > 0) records.push([...record, field]);
  return records;
}

describe("the CSV export, opened in a spreadsheet", () => {
  const HYPERLINK = '=HYPERLINK("http://example.com/x","Reuters")';
  const TITLE = "+Microsoft–OpenAI partnership";
  let noted: number;
  let titled: number;
  let amended: number;
  let clause: number;
  let summarised: number;

  /** The export's body as sent (bytes, not decoded: a decoder drops the byte-order mark). */
  const download = async (query: string) => {
    const response = await api.app.request(`${BASE}/changes.csv${query}`, {
      headers: { authorization: "Bearer viewer-a" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { bytes, text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes) };
  };
  const rowsOf = (text: string) => parseCsv(text.replace(/^\uFEFF/, ""));

  beforeAll(async () => {
    api.setNow("2026-12-05T08:00:00.000Z");
    noted = await append([
      { type: "NoteAdded", text: "=1+1", sources: [{ publication: HYPERLINK }] },
    ]);
    titled = await append([
      {
        type: "NoteAdded",
        text: "Pricing confirmed.",
        sources: [{ publication: "Reuters", title: "Bedrock pricing", date: "2026-12-04" }],
      },
    ]);
    amended = await append([{ type: "AgreementAmended", summary: "@SUM(1+1)", title: TITLE }]);
    clause = await append([
      {
        type: "ClauseAdded",
        effectiveOn: "2026-12-05",
        termId: "injected-clause",
        title: "-2+3+cmd|' /C calc'!A0",
        text: "Payment terms",
      },
    ]);
    summarised = await append([
      {
        type: "ClauseAdded",
        effectiveOn: "2026-12-05",
        termId: "summarised-clause",
        title: "Audit rights",
        text: "Either party may audit",
        summary: "@SUM(1+1)",
      },
    ]);
    await project();
  });

  it("starts with a UTF-8 byte-order mark, so Excel reads the titles' dashes", async () => {
    const { bytes, text } = await download("?from=2026-12-05");
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.startsWith("\uFEFFrecorded at,recorded by,agreement,")).toBe(true);
    // Even an export with no line is one a spreadsheet reads as UTF-8.
    const empty = await download("?from=2099-01-01");
    expect([...empty.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("writes a formula in a source, title or summary as text, not as a formula", async () => {
    const rows = rowsOf((await download("?from=2026-12-05")).text);
    const [header, ...lines] = rows as [string[], ...string[][]];
    const cell = (version: number, column: string) =>
      lines.find((line) => line[3] === String(version))?.[header.indexOf(column)];
    expect(cell(noted, "sources")).toBe(`'${HYPERLINK}`);
    expect(cell(amended, "agreement")).toBe(`'${TITLE}`);
    // The title of the agreement as it stands after each later change, too.
    expect(cell(clause, "agreement")).toBe(`'${TITLE}`);
    expect(cell(clause, "after")).toBe("'-2+3+cmd|' /C calc'!A0: Payment terms");
    expect(cell(summarised, "after")).toBe("'@SUM(1+1) — Audit rights: Either party may audit");
    // A source's title is part of it, between its publication and its date.
    expect(cell(titled, "sources")).toBe("Reuters, Bedrock pricing, 2026-12-04");
  });

  it("leaves ordinary cells as they are: dates, ids, numbers, sources", async () => {
    const rows = rowsOf((await download("?from=2026-12-01")).text);
    const [header, ...lines] = rows as [string[], ...string[][]];
    expect(header).toEqual(
      "recorded at,recorded by,agreement,version,change,effective on,precision,term,before,after,superseded by version,sources".split(
        ",",
      ),
    );
    const line = (version: number) => lines.find((row) => row[3] === String(version));
    expect(line(clause)?.slice(0, 8)).toEqual([
      "2026-12-05T08:00:00.000Z",
      expect.any(String),
      `'${TITLE}`,
      String(clause),
      "ClauseAdded",
      "2026-12-05",
      "day",
      "injected-clause",
    ]);
    expect(line(clause)?.[1]).not.toMatch(/^'/);
    expect(line(capped)).toEqual([
      "2026-12-01T10:00:00.000Z",
      expect.not.stringMatching(/^'/),
      expect.stringMatching(/^Microsoft/),
      String(capped),
      "RevenueShareCapped",
      "2026-11-30",
      "day",
      CAP_TERM,
      expect.stringContaining("under a cap whose amount is undisclosed"),
      expect.stringContaining("capped at 38 billion USD"),
      String(corrected),
      "Reuters, 2026-11-30, https://www.reuters.com/x",
    ]);
  });

  it("leaves no cell of the whole history that a spreadsheet would run", async () => {
    const rows = rowsOf((await download("")).text);
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      expect(row).toHaveLength(12);
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
