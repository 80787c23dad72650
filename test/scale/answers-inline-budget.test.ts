import { evaluateEntitlement } from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answersThroughKey, throughIn } from "../../functions/src/projector/answers-through.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import {
  type ApiHarness,
  amendFrontierDistribution,
  createApiHarness,
  TENANT,
  versionOf,
} from "../api/support.ts";
import { insertRecord } from "../support/events.ts";

/**
 * A request refreshes the answers its commit changes for a bounded time, then answers; the
 * stream projector computes the cells it left. Here the budget is nothing, so the request
 * leaves every cell: what a commit in a tenant of tens of thousands of agreements does past
 * its few seconds.
 */
let api: ApiHarness;
const AMAZON = "amazon-openai";
const FRONTIER_ON_AZURE = "/entitlements?product=frontier&provider=azure&segment=commercial";

beforeAll(async () => {
  api = await createApiHarness("answers-inline-budget");
  // Seeded with every answer written; from now on, no time to refresh in a request.
  api.runtime.inlineAnswersMs = 0;
});
afterAll(() => api.drop());

const markOf = async (agreementId: string) =>
  throughIn(await api.runtime.viewStore.getItem(TENANT, answersThroughKey(agreementId)));

describe("answers past the request's budget", () => {
  it("given no time to refresh in the request, when a commit changes answers, then it is recorded, its answers wait for the stream, and the stream writes them", async () => {
    // Given AWS's exclusive distribution of Frontier, which shuts Azure out of it in 2027.
    const version = await versionOf(api, AMAZON);
    expect(await markOf(AMAZON)).toBe(version);
    const before = await api.get(`${FRONTIER_ON_AZURE}&at=2027-03-01`);
    expect(before.body.decision).toBe("denied");

    // When it is amended to end with 2026, with no time left to refresh in the request.
    const { events, answers, retry } = await amendFrontierDistribution(api, "2026-12-31");

    // Then the commit is recorded and says its answers are still being worked out; the answer
    // in the model is the one before it, with the mark left behind for the stream.
    expect(answers).toBe("updating");
    expect(await versionOf(api, AMAZON)).toBe(version + 1);
    expect((await api.get(`${FRONTIER_ON_AZURE}&at=2027-03-01`)).body.decision).toBe("denied");
    expect(await markOf(AMAZON)).toBe(version);
    // A retry before the stream has covered the commit says so too.
    const retried = await retry();
    expect([retried.status, retried.body.version, retried.body.answers]).toEqual([
      201,
      version + 1,
      "updating",
    ]);

    // When the stream delivers the commit, then from 2027 Azure is no longer shut out of
    // Frontier, as the evaluator says from the snapshots, and the mark moves over it.
    const Records = events.map((event, index) => insertRecord(event, String(500 + index)));
    expect(await api.projector.handler({ Records })).toEqual({ batchItemFailures: [] });
    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT);
    for (const at of ["2026-12-31", "2027-01-01", "2027-03-01"]) {
      const query = { product: "frontier", provider: "azure", segment: "commercial", at };
      const served = await api.get(`${FRONTIER_ON_AZURE}&at=${at}`);
      const evaluated = evaluateEntitlement(agreements, query, catalog);
      expect(served.body.decision, at).toBe(evaluated.decision);
      expect(served.body.certainty, at).toBe(evaluated.certainty);
    }
    expect((await api.get(`${FRONTIER_ON_AZURE}&at=2027-03-01`)).body.decision).not.toBe("denied");
    expect(await markOf(AMAZON)).toBe(version + 1);
    // And a retry now finds the answers current.
    expect((await retry()).body.answers).toBe("current");
  });
});
