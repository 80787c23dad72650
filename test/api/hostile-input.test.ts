import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiHarness,
  createApiHarness,
  expectProblem,
  footprint,
  type Json,
  note,
} from "./support.ts";

/**
 * Input written to hurt: scripts in links, control characters, bodies nested to exhaust the
 * stack, and `__proto__`. Each is a 400 at its path, and nothing is written.
 */
let api: ApiHarness;
const MS = "microsoft-openai";

beforeAll(async () => {
  api = await createApiHarness("hostile");
});
afterAll(async () => {
  await api?.drop();
});

async function refused(
  body: (version: number) => unknown,
  path: string,
  headers: Record<string, string> = {},
) {
  const before = await footprint(api, MS);
  const response = await api.call("POST", `/agreements/${MS}/events`, {
    body: body(before.version),
    headers,
  });
  const problem = expectProblem(response, 400);
  expect(
    problem.errors.map((error: Json) => error.path),
    response.text,
  ).toContain(path);
  expect(await footprint(api, MS)).toEqual(before);
  return problem;
}
const withSource = (source: Json) => (version: number) => ({
  expectedVersion: version,
  events: [{ ...note("cited"), sources: [source] }],
});

describe("hostile input", () => {
  it.each([
    ["javascript:", "javascript:alert(document.cookie)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["file:", "file:///etc/passwd"],
  ])("refuses a %s link in a source: http(s) only", async (_scheme, url) => {
    const problem = await refused(
      withSource({ publication: "Blog", url }),
      "events.0.sources.0.url",
    );
    expect(problem.detail).toMatch(/http\(s\)/);
  });

  it("refuses control characters in text and in a source", async () => {
    await refused(
      (v) => ({ expectedVersion: v, events: [note("bell\u0007 and escape\u001b[31m")] }),
      "events.0.text",
    );
    await refused(withSource({ publication: "Wire\u0000" }), "events.0.sources.0.publication");
  });

  it("keeps line breaks and tabs in notes", async () => {
    const before = await footprint(api, MS);
    const response = await api.call("POST", `/agreements/${MS}/events`, {
      body: { expectedVersion: before.version, events: [note("line one\n\tline two")] },
    });
    expect(response.status, response.text).toBe(201);
  });

  it("refuses a body nested deeper than any command needs, even with an Idempotency-Key", async () => {
    const before = await footprint(api, MS);
    const deep = `${"[".repeat(20_000)}"bottom"${"]".repeat(20_000)}`;
    const raw = `{"expectedVersion": ${before.version}, "events": [{"type": "NoteAdded", "text": "x", "extra": ${deep}}]}`;
    const response = await api.call("POST", `/agreements/${MS}/events`, {
      raw,
      headers: { "content-type": "application/json", "idempotency-key": "deep-body" },
    });
    const problem = expectProblem(response, 400);
    expect(problem.detail).toMatch(/nested more than 32 levels/);
    expect(problem.errors[0].path).toMatch(/^events\.0\.extra\.0\.0/);
    expect(await footprint(api, MS)).toEqual(before);
  });

  it('refuses a "__proto__" field like any unknown field', async () => {
    const before = await footprint(api, MS);
    const raw = `{"expectedVersion": ${before.version}, "events": [{"type": "NoteAdded", "text": "x", "__proto__": {"admin": true}}]}`;
    const response = await api.call("POST", `/agreements/${MS}/events`, {
      raw,
      headers: { "content-type": "application/json" },
    });
    expect(expectProblem(response, 400).errors.map((error: Json) => error.path)).toEqual([
      "events.0.__proto__",
    ]);
    expect(await footprint(api, MS)).toEqual(before);
  });
});
