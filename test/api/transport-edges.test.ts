import { describe, expect, it } from "vitest";
import {
  type ApiHarness,
  BASE,
  expectNoInternals,
  expectProblem,
  footprint,
  harnessForFile,
  note,
} from "./support.ts";

let api: ApiHarness;

harnessForFile("transport", {}, (ready) => {
  api = ready;
});

const MS = "microsoft-openai";
const EVENTS = `/agreements/${MS}/events`;

describe("edge cases of the transport", () => {
  it("an oversized body without Content-Length is still refused with 413", async () => {
    const before = await footprint(api, MS);
    const body = JSON.stringify({
      expectedVersion: before.version,
      events: [note("y".repeat(300 * 1024))],
    });
    const response = await api.app.request(`${BASE}${EVENTS}`, {
      method: "POST",
      headers: { authorization: "Bearer editor-a", "content-type": "application/json" },
      body,
    });
    const text = await response.text();
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expectNoInternals(text);
    expect(await footprint(api, MS)).toEqual(before);
  });

  it("a body of JSON null or an array is a 400, not a 500", async () => {
    for (const raw of ["null", "[]", '"text"', "42"]) {
      const response = await api.call("POST", EVENTS, {
        raw,
        headers: { "content-type": "application/json" },
      });
      expectProblem(response, 400);
    }
  });

  it("a body that is empty is a 4xx", async () => {
    const response = await api.call("POST", EVENTS, {
      raw: "",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("an unknown route is a 404 problem", async () => {
    const response = await api.get("/no-such-thing");
    expectProblem(response, 404);
  });
});
