import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeReadsDuring } from "../support/store-reads.ts";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  footprint,
  type Json,
  note,
} from "./support.ts";

let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("append");
});
afterAll(async () => {
  await api?.drop();
});

const DEAL = "acme-oracle-deal";
const sources = [
  {
    publication: "Reuters",
    title: "OpenAI and Oracle",
    date: "2026-01-15",
    url: "https://x.test/a",
  },
];

const appendTo = (id: string, body: Json, headers: Record<string, string> = {}, query = "") =>
  api.call("POST", `/agreements/${id}/events${query}`, { token: "editor-a", body, headers });

describe("recording an agreement and appending to it", () => {
  it("creates an agreement: 201 { id, version: 1 }", async () => {
    api.setNow("2026-06-01T09:00:00.000Z");
    const response = await api.call("POST", "/agreements", {
      body: {
        id: DEAL,
        title: "Acme's Oracle deal",
        parties: [
          { party: "openai", role: "customer" },
          { party: "oracle", role: "provider" },
        ],
        effectiveOn: "2026-01-15",
        sources,
      },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.body).toEqual({ id: DEAL, version: 1, answers: "current" });

    const view = await api.get(`/agreements/${DEAL}?at=2026-02-01`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ id: DEAL, title: "Acme's Oracle deal", version: 1 });
    const list = await api.get("/agreements");
    expect(list.body.agreements.map((a: Json) => a.id)).toContain(DEAL);
  });

  it("creates an agreement without an id: the server names it", async () => {
    const response = await api.call("POST", "/agreements", {
      body: { title: "Unnamed", parties: [{ party: "nvidia", role: "investor" }] },
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body.version).toBe(1);
    expect(response.body.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect((await api.get(`/agreements/${response.body.id}`)).status).toBe(200);
  });

  it("appends events: 201 with the new version and each event's id and version", async () => {
    api.setNow("2026-06-01T10:00:00.000Z");
    const response = await appendTo(DEAL, {
      expectedVersion: 1,
      events: [
        {
          type: "RevenueShareSet",
          effectiveOn: "2026-02",
          termId: "oracle-share",
          payer: "openai",
          payee: "oracle",
          ratePercent: 10,
          until: "2029",
          sources,
        },
        { type: "NoteAdded", effectiveOn: "2026-02-10", text: "Terms from a press report." },
      ],
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body.version).toBe(3);
    expect(response.body.events).toEqual([
      { id: expect.any(String), version: 2 },
      { id: expect.any(String), version: 3 },
    ]);
    expect(response.body.events[0].id).not.toBe(response.body.events[1].id);
  });

  it("decides an append on one read of the snapshot, catalog and policy, without the log", async () => {
    const recorded = await api.call("POST", "/agreements", {
      body: {
        id: "read-once",
        title: "Read once",
        parties: [{ party: "openai", role: "customer" }],
        effectiveOn: "2026-01-15",
        sources,
      },
    });
    expect(recorded.status, recorded.text).toBe(201);
    const reads = await storeReadsDuring(api.runtime, async () => {
      const response = await appendTo("read-once", {
        expectedVersion: 1,
        events: [{ type: "NoteAdded", effectiveOn: "2026-02-11", text: "Read once." }],
      });
      expect(response.status, response.text).toBe(201);
    });
    expect(reads).toEqual({ getItemsTogether: 1 });
  });

  it("lists the log oldest first, with what the server adds to each event", async () => {
    const response = await api.get(`/agreements/${DEAL}/events`);
    expect(response.status).toBe(200);
    const events = response.body.events as Json[];
    expect(events.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(events.map((e) => e.type)).toEqual([
      "AgreementRecorded",
      "RevenueShareSet",
      "NoteAdded",
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        id: expect.any(String),
        effectiveOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        precision: expect.stringMatching(/^(day|month|year)$/),
        recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
        recordedBy: expect.any(String),
        data: expect.any(Object),
        sources: expect.any(Array),
      });
      expect(event.recordedBy).not.toContain("editor-a");
    }
    expect(events[0]).toMatchObject({
      effectiveOn: "2026-01-15",
      precision: "day",
      recordedAt: "2026-06-01T09:00:00.000Z",
      sources,
    });
    expect(events[1]).toMatchObject({
      effectiveOn: "2026-02-01",
      precision: "month",
      recordedAt: "2026-06-01T10:00:00.000Z",
      data: expect.objectContaining({ termId: "oracle-share", ratePercent: 10, until: "2029" }),
      sources,
    });
    expect(events[2]).toMatchObject({ effectiveOn: "2026-02-10", sources: [] });
    expect(events[2]?.data).toEqual({ text: "Terms from a press report." });
  });

  it("pages the log with after= and limit=", async () => {
    const page = await api.get(`/agreements/${DEAL}/events?after=1&limit=1`);
    expect(page.status).toBe(200);
    expect(page.body.events.map((e: Json) => e.version)).toEqual([2]);
    const rest = await api.get(`/agreements/${DEAL}/events?after=2`);
    expect(rest.body.events.map((e: Json) => e.version)).toEqual([3]);
    const none = await api.get(`/agreements/${DEAL}/events?after=3`);
    expect(none.status).toBe(200);
    expect(none.body.events).toEqual([]);
  });
});

describe("tracing", () => {
  it("keeps the caller's X-Correlation-Id with the events it records, and echoes it", async () => {
    const before = await footprint(api, DEAL);
    const response = await appendTo(
      DEAL,
      { expectedVersion: before.version, events: [note("traced")] },
      { "X-Correlation-Id": "ticket-4711" },
    );
    expect(response.status, response.text).toBe(201);
    expect(response.headers.get("x-correlation-id")).toBe("ticket-4711");
    const log = (await api.get(`/agreements/${DEAL}/events?after=${before.version}`)).body.events;
    expect(log).toEqual([expect.objectContaining({ correlationId: "ticket-4711" })]);
  });
});

describe("optimistic concurrency", () => {
  it("a stale expectedVersion is a 409 with currentVersion, and nothing is written", async () => {
    const before = await footprint(api, DEAL);
    const response = await appendTo(DEAL, {
      expectedVersion: before.version - 1,
      events: [note("stale")],
    });
    const problem = expectProblem(response, 409);
    expect(problem.currentVersion).toBe(before.version);
    expect(await footprint(api, DEAL)).toEqual(before);
  });

  it("a stale writer gets the 409 first, not a rule its change broke on the newer state", async () => {
    const before = await footprint(api, DEAL);
    const clause = {
      type: "ClauseAdded",
      termId: "stale-clause",
      title: "Audit",
      text: "Audit rights",
    };
    const first = await appendTo(DEAL, { expectedVersion: before.version, events: [clause] });
    expect(first.status).toBe(201);
    // The second writer read the same version and adds the same term: it must re-read, not be told the term exists.
    const second = await appendTo(DEAL, { expectedVersion: before.version, events: [clause] });
    expect(expectProblem(second, 409).currentVersion).toBe(before.version + 1);
  });

  it("an expectedVersion from the future is a 409 too", async () => {
    const before = await footprint(api, DEAL);
    const problem = expectProblem(
      await appendTo(DEAL, { expectedVersion: before.version + 5, events: [note("ahead")] }),
      409,
    );
    expect(problem.currentVersion).toBe(before.version);
    expect(await footprint(api, DEAL)).toEqual(before);
  });

  it("of two concurrent appends at the same version, exactly one wins", async () => {
    const before = await footprint(api, DEAL);
    const responses = await Promise.all(
      ["first", "second"].map((who) =>
        appendTo(DEAL, { expectedVersion: before.version, events: [note(`by ${who}`)] }),
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = responses.find((r) => r.status === 409);
    if (!loser) throw new Error("no loser");
    expect(expectProblem(loser, 409).currentVersion).toBe(before.version + 1);
    expect(await footprint(api, DEAL)).toEqual({
      version: before.version + 1,
      events: before.events + 1,
    });
  });
});

describe("Idempotency-Key", () => {
  it("the same key and body return the first response and write once", async () => {
    const before = await footprint(api, DEAL);
    const body = { expectedVersion: before.version, events: [note("exactly once")] };
    const first = await appendTo(DEAL, body, { "Idempotency-Key": "retry-1" });
    const again = await appendTo(DEAL, body, { "Idempotency-Key": "retry-1" });
    expect(first.status, first.text).toBe(201);
    expect(again.status, again.text).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await footprint(api, DEAL)).toEqual({
      version: before.version + 1,
      events: before.events + 1,
    });
  });

  it("the same key with a different body is a 422, and nothing is written", async () => {
    const before = await footprint(api, DEAL);
    const first = await appendTo(
      DEAL,
      { expectedVersion: before.version, events: [note("original")] },
      { "Idempotency-Key": "retry-2" },
    );
    expect(first.status).toBe(201);
    const middle = await footprint(api, DEAL);
    const reused = await appendTo(
      DEAL,
      { expectedVersion: middle.version, events: [note("something else")] },
      { "Idempotency-Key": "retry-2" },
    );
    const problem = expectProblem(reused, 422);
    expect(problem.detail).toMatch(/Idempotency-Key/);
    expect(await footprint(api, DEAL)).toEqual(middle);
  });

  it("a retried creation returns the same agreement", async () => {
    const body = { title: "Retried", parties: [{ party: "softbank", role: "investor" }] };
    const headers = { "Idempotency-Key": "create-1" };
    const first = await api.call("POST", "/agreements", { body, headers });
    const again = await api.call("POST", "/agreements", { body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect((await footprint(api, first.body.id)).events).toBe(1);
  });
});
