import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness, expectProblem, type Json } from "./support.ts";

/**
 * Acme holds the reference case (seeded); beta starts empty. Moving acme's export into beta
 * must give beta the same answers, and nothing may cross between tenants any other way.
 */
let api: ApiHarness;
let exported: Json;

const example = JSON.parse(
  readFileSync(
    new URL("../../data/examples/regional-model-licensing.json", import.meta.url),
    "utf8",
  ),
) as Json;
const importInto = (body: unknown, token = "admin-b", query = "") =>
  api.call("POST", `/import${query}`, { token, body });
const withoutTime = ({ exportedAt: _at, ...document }: Json) => document;

/** Every answer a tenant gives on a grid of dates: the matrix in each segment, deadlines, agreements. */
async function answers(token: string) {
  const dates = [
    "2019-06-01",
    "2022-06-01",
    "2026-03-15",
    "2026-04-27",
    "2026-05-01",
    "2028-12-31",
    "2030-06-01",
    "2034-03-01",
  ];
  const grid: Json = {};
  for (const at of dates) {
    for (const segment of ["commercial", "government"]) {
      const matrix = await api.get(`/entitlements/matrix?at=${at}&segment=${segment}`, token);
      expect(matrix.status, matrix.text).toBe(200);
      grid[`${at}/${segment}`] = matrix.body.cells;
    }
    const agreements = await api.get(`/agreements?at=${at}`, token);
    grid[`${at}/agreements`] = agreements.body.agreements;
    const terms = await api.get(`/agreements/microsoft-openai?at=${at}`, token);
    grid[`${at}/microsoft-openai`] = terms.body.terms;
  }
  grid.deadlines = (await api.get("/deadlines?from=2019-01-01", token)).body.deadlines;
  return grid;
}

beforeAll(async () => {
  api = await createApiHarness("transfer");
});
afterAll(async () => {
  await api?.drop();
});

describe("export", () => {
  it("is the whole tenant, each event with its original id, time and author; admins only", async () => {
    expectProblem(await api.get("/export", "viewer-a"), 403);
    expectProblem(await api.get("/export", "editor-a"), 403);
    const response = await api.get("/export", "admin-a");
    expect(response.status, response.text).toBe(200);
    exported = response.body;
    expect(exported).toMatchObject({ format: "termline-export", version: 1 });
    expect(exported.agreements.map(({ id }: Json) => id)).toContain("amazon-openai");
    const log = (await api.get("/agreements/amazon-openai/events", "viewer-a")).body
      .events as Json[];
    const events = exported.agreements.find(({ id }: Json) => id === "amazon-openai")
      .events as Json[];
    expect(
      events.map(({ id, recordedAt, recordedBy }) => ({ id, recordedAt, recordedBy })),
    ).toEqual(log.map(({ id, recordedAt, recordedBy }) => ({ id, recordedAt, recordedBy })));
    expect(events[0]).toMatchObject({
      type: "AgreementRecorded",
      title: "Amazon–OpenAI strategic partnership",
    });
    expect(exported.catalog[0]).toMatchObject({
      type: "PartyAdded",
      party: "microsoft",
      name: "Microsoft",
    });
  });

  it("is described by a JSON Schema that the shipped documents and the export satisfy", async () => {
    const schema = await api.get("/export.schema.json", null);
    expect(schema.status).toBe(200);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema.body);
    const reference = JSON.parse(
      readFileSync(new URL("../../data/reference-case.json", import.meta.url), "utf8"),
    );
    for (const document of [reference, example, exported])
      expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...example, agreements: [{ id: "x", events: [{ type: "Bogus" }] }] })).toBe(
      false,
    );
  });
});

describe("import", () => {
  it("reports in a dry run what it would write, and writes nothing", async () => {
    const dry = await importInto(exported, "admin-b", "?dryRun=true");
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body).not.toHaveProperty("answers");
    expect(dry.body.catalog.written).toBe(exported.catalog.length);
    expect(dry.body.agreements).toContainEqual({
      id: "amazon-openai",
      outcome: "created",
      written: 13,
      version: 13,
    });
    expect((await api.get("/agreements", "editor-b")).body.agreements).toEqual([]);
    expect((await api.get("/catalog", "editor-b")).body.version).toBe(0);
  });

  it("refuses a document with one bad event at its path, and writes nothing at all", async () => {
    const bad = structuredClone(exported);
    const amazon = bad.agreements.find(({ id }: Json) => id === "amazon-openai");
    amazon.events[3].holder = "coreweave";
    const problem = expectProblem(await importInto(bad), 422);
    const index = bad.agreements.indexOf(amazon);
    expect(problem.errors).toEqual([
      {
        path: `agreements.${index}.events.3.holder`,
        message: expect.stringContaining('"coreweave"'),
      },
    ]);
    expect((await api.get("/agreements", "editor-b")).body.agreements).toEqual([]);
    expect((await api.get("/catalog", "editor-b")).body.version).toBe(0);
    expectProblem(await importInto({ format: "termline-export", version: 2 }), 400);
    expectProblem(await importInto(exported, "editor-b"), 403);
  });

  it("gives the empty tenant the same answers on a grid of dates, without touching acme", async () => {
    const acmeBefore = await answers("viewer-a");
    const response = await importInto(exported);
    expect(response.status, response.text).toBe(200);
    expect(response.body.agreements.every(({ outcome }: Json) => outcome === "created")).toBe(true);
    // Worked out before the import returned, as the report says.
    expect(response.body.answers).toBe("current");
    expect(await answers("editor-b")).toEqual(acmeBefore);
    expect(await answers("viewer-a")).toEqual(acmeBefore);
  });

  it("writes nothing the second time", async () => {
    const before = (await api.call("GET", "/export", { token: "admin-b" })).body;
    const again = await importInto(exported);
    expect(again.status, again.text).toBe(200);
    expect(again.body.catalog).toEqual({ written: 0, unchanged: exported.catalog.length });
    expect(
      again.body.agreements.every(
        ({ outcome, written }: Json) => outcome === "unchanged" && written === 0,
      ),
    ).toBe(true);
    expect(withoutTime((await api.call("GET", "/export", { token: "admin-b" })).body)).toEqual(
      withoutTime(before),
    );
  });

  it("keeps the original ids, times and authors: exporting the copy gives the same document", async () => {
    const copy = (await api.call("GET", "/export", { token: "admin-b" })).body;
    expect(withoutTime(copy)).toEqual(withoutTime(exported));
  });

  it("refuses, as a conflict, a document that tells a recorded agreement's history otherwise", async () => {
    const other = structuredClone(exported);
    const amazon = other.agreements.find(({ id }: Json) => id === "amazon-openai");
    amazon.events[1].summary = "Another reading of the first tranche";
    const problem = expectProblem(await importInto(other), 409);
    expect(problem.type).toMatch(/import-conflict$/);
    expect((await api.get("/agreements/amazon-openai", "editor-b")).body.version).toBe(13);
  });

  it("adds a second, unrelated case beside the first; past the request's budget, it says its answers follow", async () => {
    // As in a portfolio so large that the request leaves the answers to the stream projector.
    const budget = api.runtime.inlineAnswersMs;
    api.runtime.inlineAnswersMs = 0;
    const response = await importInto(example);
    api.runtime.inlineAnswersMs = budget;
    expect(response.status, response.text).toBe(200);
    expect(response.body.answers).toBe("updating");
    const ids = (await api.get("/agreements", "editor-b")).body.agreements.map(
      ({ id }: Json) => id,
    );
    expect(ids).toEqual(expect.arrayContaining(["lumen-nimbus", "microsoft-openai"]));
    expect(
      (await api.get("/agreements", "viewer-a")).body.agreements.map(({ id }: Json) => id),
    ).not.toContain("lumen-nimbus");
  });
});
