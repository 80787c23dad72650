import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, createApiHarness, expectProblem, type Json } from "./support.ts";

/**
 * History loaded today (the seed is recorded on 2026-06-01) can still be asked what the public
 * record said on a day: only facts whose sources had been published by then count, and an
 * event without a dated source counts from when it was recorded (the contract's rule). In the
 * reference case, the Amazon deal's sources are dated 2026-02-27 and Microsoft's objection
 * February 2026. The Microsoft–OpenAI record cites undated reports (CNBC, Reuters), but
 * Microsoft's February statement of its exclusivity reports the agreement too: it is known from
 * the end of February.
 */
let api: ApiHarness;

beforeAll(async () => {
  api = await createApiHarness("reported-by");
});
afterAll(async () => {
  await api?.drop();
});

const frontierOnAws = async (query: string) => {
  const response = await api.get(
    `/entitlements?product=frontier&provider=aws&at=2026-03-15${query}`,
  );
  expect(response.status, response.text).toBe(200);
  const body = response.body as Json;
  return {
    decision: body.decision,
    terms: (body.reasons as Json[]).map(({ code, termId }) => `${code} ${termId}`),
  };
};

describe("reportedBy", () => {
  it("knows the Amazon deal only once it was announced, and Microsoft's objection with it", async () => {
    expect((await frontierOnAws("&reportedBy=2026-02-26")).decision).toBe("denied");
    // By the end of February the record held both exclusivities (the Amazon announcement of
    // 2026-02-27, Microsoft's statement of its all-products API exclusivity dated February 2026)
    // and Microsoft's objection: the overlap the facts say must show is a conflict.
    expect(await frontierOnAws("&reportedBy=2026-02-28")).toEqual({
      decision: "conflict",
      terms: [
        "conflicting-exclusivity aws-frontier-distribution",
        "exclusive-to-other azure-api-exclusivity",
        "disputed aws-frontier-distribution",
      ],
    });
    expect((await frontierOnAws("")).decision).toBe("conflict");
  });

  it("answers the README's question: on 2026-03-15 the record said the API was Azure's alone", async () => {
    const onAzure = await api.get(
      "/entitlements?product=openai-api&provider=azure&at=2026-03-15&reportedBy=2026-03-15",
    );
    expect(onAzure.body.decision).toBe("allowed");
    // Both exclusivities Microsoft's statement asserted: the API layer, and stateless hosting.
    expect((onAzure.body.reasons as Json[]).map(({ termId }) => termId)).toEqual([
      "azure-api-exclusivity",
      "azure-stateless-hosting",
    ]);
    const onAws = await api.get(
      "/entitlements?product=openai-api&provider=aws&at=2026-03-15&reportedBy=2026-03-15",
    );
    expect(onAws.body.decision).toBe("denied");
    // What the record did not hold yet: the amendment of 2026-04-27 that ended the exclusivity.
    const later = await api.get(
      "/entitlements?product=openai-api&provider=aws&at=2026-05-01&reportedBy=2026-03-15",
    );
    expect(later.body.decision).toBe("denied");
  });

  it("applies to every read of derived state, and composes with knownAt", async () => {
    const listed = async (query: string) =>
      ((await api.get(`/agreements?${query}`)).body.agreements as Json[]).map(({ id }) => id);
    // The AWS cloud deal's expansion was announced with Amazon's (2026-02-27); Google's and
    // Oracle's deals cite only undated reports, so they count from the seed.
    expect(await listed("reportedBy=2026-03-15")).toEqual([
      "amazon-openai",
      "aws-openai-cloud",
      "microsoft-openai",
      "openai-2026-round",
    ]);
    expect(await listed("reportedBy=2026-03-15&knownAt=2026-05-01T00:00:00Z")).toEqual([]);
    const matrix = await api.get("/entitlements/matrix?at=2026-03-15&reportedBy=2026-02-26");
    expect(
      (matrix.body.cells as Json[])
        .filter(({ decision }) => decision !== "denied")
        .map(({ provider }) => provider),
    ).toEqual(expect.arrayContaining(["openai-direct"]));
    const deadlines = await api.get("/deadlines?from=2026-01-01&reportedBy=2026-03-15");
    expect(
      (deadlines.body.deadlines as Json[]).map(({ agreementId }) => agreementId),
    ).not.toContain("microsoft-openai");
    // The Microsoft Blog's post of 2026-04-27: OpenAI pays 20 % through 2030. The revenue share
    // it amends was reported undated (2022, so from the seed), but a report of its change is a
    // report of it: the 2030 date is one the record held by May.
    const byMay = await api.get("/deadlines?from=2026-01-01&reportedBy=2026-05-01");
    expect(
      (byMay.body.deadlines as Json[])
        .filter(({ termId }) => termId === "openai-pays-microsoft")
        .map(({ date, precision }) => `${date} ${precision}`),
    ).toEqual([expect.stringMatching(/^2030-\d\d-\d\d year$/)]);
    expectProblem(await api.get("/agreements?reportedBy=2026-02-30"), 400);
  });
});
