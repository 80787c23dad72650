import { describe, expect, it } from "vitest";
import { storeReadsDuring } from "../support/store-reads.ts";
import { type ApiHarness, expectProblem, harnessForFile, type Json, SEEDED_AT } from "./support.ts";

let api: ApiHarness;

harnessForFile("matrix-changes", { at: SEEDED_AT }, (ready) => {
  api = ready;
});

const RANGE = "from=2019-01-01&to=2034-12-31";
const changesOf = async (query: string) => {
  const { status, text, body } = await api.get(`/entitlements/changes?${query}`);
  expect(status, text).toBe(200);
  return body.changes as { date: string; cells: Json[] }[];
};
const cellOn = (changes: { date: string; cells: Json[] }[], date: string, cell: string) =>
  changes
    .find((change) => change.date === date)
    ?.cells.find(({ product, provider }) => `${product}/${provider}` === cell);

// Expected answers from shared/domain/partnership-facts.md.
describe("the days the matrix changes", () => {
  it("on 2026-02-27 Frontier on AWS turns to a conflict: AWS's exclusive distribution against Microsoft's API exclusivity", async () => {
    const changes = await changesOf(RANGE);
    expect(cellOn(changes, "2026-02-27", "frontier/aws")).toMatchObject({
      decision: "conflict",
      was: { decision: "denied" },
    });
  });

  it("on 2026-04-27 the amendment ends Microsoft's exclusivity: the OpenAI API may run on AWS, in doubt; Frontier on AWS is AWS's alone", async () => {
    const changes = await changesOf(RANGE);
    expect(cellOn(changes, "2026-04-27", "openai-api/aws")).toEqual({
      product: "openai-api",
      provider: "aws",
      decision: "conditional",
      certainty: "uncertain",
      was: { decision: "denied", certainty: "certain" },
    });
    expect(cellOn(changes, "2026-04-27", "frontier/aws")).toMatchObject({
      decision: "allowed",
      was: { decision: "conflict" },
    });
    // Days come in order, once each, inside the range.
    const days = changes.map(({ date }) => date);
    expect(days).toEqual([...new Set(days)].sort());
    expect(days.every((day) => day >= "2019-01-01" && day <= "2034-12-31")).toBe(true);
  });

  it("a range that starts on a change day includes it; one that ends the day before does not", async () => {
    expect((await changesOf("from=2026-04-27&to=2026-04-27")).map(({ date }) => date)).toEqual([
      "2026-04-27",
    ]);
    expect(
      (await changesOf("from=2026-03-01&to=2026-04-26")).some(({ date }) => date === "2026-04-27"),
    ).toBe(false);
  });

  it("reads the segment's matrix item in one GetItem and no agreement, and says what evaluating the agreements says", async () => {
    for (const segment of ["commercial", "government"]) {
      let fromModel: unknown;
      const reads = await storeReadsDuring(api.runtime, async () => {
        fromModel = await changesOf(`${RANGE}&segment=${segment}`);
      });
      expect(reads, segment).toEqual({ getItem: 1 });
      // As known now, the same question is evaluated from the agreements.
      const now = encodeURIComponent(new Date(Date.parse(SEEDED_AT) + 1000).toISOString());
      expect(fromModel, segment).toEqual(
        await changesOf(`${RANGE}&segment=${segment}&knownAt=${now}`),
      );
    }
  });

  it("as known before anything was recorded, nothing changes", async () => {
    expect(await changesOf(`${RANGE}&knownAt=2020-01-01T00:00:00Z`)).toEqual([]);
  });

  it("refuses an unknown segment and a range that runs backwards", async () => {
    expect(
      expectProblem(await api.get(`/entitlements/changes?${RANGE}&segment=military`), 400).errors,
    ).toEqual([expect.objectContaining({ path: "segment" })]);
    expectProblem(await api.get("/entitlements/changes?from=2027-01-01&to=2026-01-01"), 400);
  });
});
