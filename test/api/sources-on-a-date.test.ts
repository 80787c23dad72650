import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness, type Json, versionOf } from "./support.ts";

/**
 * What an agreement cites on a date: "only the sources of events in force on `at` (a later
 * amendment's source is not cited for an earlier date)" (api-contract.md). Amazon's contingent
 * tranches were announced on 2026-02-27 (OpenAI, Amazon, InfoQ, CNBC); here a report of
 * 2026-11-24 (Reuters) amends them, and the answers for 2026-03-15 must not cite it.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("sources-on-a-date");
  const amended = await api.call("POST", "/agreements/amazon-openai/events", {
    token: "editor-a",
    body: {
      expectedVersion: await versionOf(api, "amazon-openai"),
      events: [
        {
          type: "TermAmended",
          effectiveOn: "2026-11-24",
          termId: "amazon-contingent-tranches",
          changes: { dueBy: "2029-06" },
          sources: [{ publication: "Reuters", date: "2026-11-24", url: "https://example.com/r" }],
        },
      ],
    },
  });
  expect(amended.status, amended.text).toBe(201);
});
afterAll(async () => {
  await api?.drop();
});

const publications = (sources: Json[]) => sources.map((source) => source.publication).sort();
const tranches = async (at: string) => {
  const { status, body } = await api.get(`/agreements/amazon-openai?at=${at}`);
  expect(status).toBe(200);
  return body as Json;
};

describe("an agreement as of a date", () => {
  it("cites for a term only what had been cited for it by then", async () => {
    const before = await tranches("2026-03-15");
    const term = (before.terms as Json[]).find(({ id }) => id === "amazon-contingent-tranches");
    expect(term?.attributes.dueBy).toBe("2028-12-31");
    expect(publications(term?.sources ?? [])).toEqual(["Amazon", "CNBC", "InfoQ", "OpenAI"]);
    const after = await tranches("2026-12-01");
    const amended = (after.terms as Json[]).find(({ id }) => id === "amazon-contingent-tranches");
    expect(amended?.attributes.dueBy).toBe("2029-06");
    expect(publications(amended?.sources ?? [])).toContain("Reuters");
  });

  it("cites for the questions its terms raise only what had been cited by then", async () => {
    const before = await tranches("2026-03-15");
    const raised = (before.openQuestions as Json[]).filter(
      ({ termId }) => termId === "amazon-contingent-tranches",
    );
    expect(raised.length).toBeGreaterThan(0);
    for (const question of raised) expect(publications(question.sources)).not.toContain("Reuters");
  });
});
