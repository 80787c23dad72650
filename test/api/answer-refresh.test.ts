import { entitlementMatrix, evaluateEntitlement } from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANSWERS_MODEL,
  ANSWERS_MODEL_KEY,
  type AnswerSummary,
  summaryKey,
} from "../../functions/src/projector/answer-items.ts";
import { clearRevisions } from "../../functions/src/projector/answer-revisions.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import { matrixForms } from "../support/matrix-forms.ts";
import { watchSnapshotReads } from "../support/store-reads.ts";
import {
  type ApiHarness,
  type ApiResponse,
  createApiHarness,
  grantGptOssOnGoogleAnHourLater,
  regionalExample,
  TENANT,
} from "./support.ts";

/**
 * `POST /admin/answers/refresh`: the upgrade after a release that changes what answers say,
 * in slices that each fit one request. A budget of 0 makes every call one product.
 */
let api: ApiHarness;
const OTHER = "beta";
const example = regionalExample();

/** As a tenant stands after a deploy that raised the model: its mark says an older one. */
const markOlder = (tenant: string) =>
  api.runtime.viewStore.putItem(tenant, ANSWERS_MODEL_KEY, {
    model: ANSWERS_MODEL - 1,
    itemType: "read-model",
  });

/** The model the tenant's answers are marked as written by. */
const modelOf = async (tenant: string) =>
  (await api.runtime.viewStore.getItem(tenant, ANSWERS_MODEL_KEY))?.model;

beforeAll(async () => {
  api = await createApiHarness("answer-refresh", { answerSliceMs: 0 });
  expect((await api.call("POST", "/import", { token: "admin-b", body: example })).status).toBe(200);
});
afterAll(() => api?.drop());

describe("POST /admin/answers/refresh", () => {
  it("rewrites the caller's answers one slice a call until complete, then marks them current", async () => {
    const { viewStore } = api.runtime;
    await markOlder(TENANT);
    await markOlder(OTHER);
    // Answers the older model wrote: a summary that says otherwise, and one missing.
    const wrong = { product: "codex", provider: "oracle-cloud", segment: "commercial" };
    const stored = await viewStore.getView(TENANT, summaryKey(wrong));
    if (!stored) throw new Error("the model holds no summary of the cell");
    const marked: AnswerSummary = { ...wrong, runs: [["0001-01-01", "conflict", "certain"]] };
    await viewStore.putView(
      TENANT,
      stored.key,
      stored.version,
      marked,
      {},
      {
        overwriteSameVersion: true,
      },
    );
    const missing = { product: "frontier", provider: "aws", segment: "government" };
    await viewStore.deleteItem(TENANT, summaryKey(missing));
    expect(await modelOf(TENANT)).toBe(ANSWERS_MODEL - 1);

    const { catalog } = await loadPortfolio(api.runtime, TENANT);
    const products = catalog.products.map(({ id }) => id).sort();
    const providers = catalog.providers.map(({ id }) => id).sort();
    const visited: string[] = [];
    let after: string | undefined;
    for (let call = 1; ; call++) {
      const path = `/admin/answers/refresh${after ? `?after=${after}` : ""}`;
      const slice = await api.call("POST", path, { token: "admin-a" });
      expect(slice.status, slice.text).toBe(200);
      if (slice.body.complete) {
        expect(slice.body.next).toBeUndefined();
        // The last call: the last product's answers.
        expect(slice.body).toMatchObject({ products: 1 });
        break;
      }
      expect(await modelOf(TENANT), "marked before the last slice").toBe(ANSWERS_MODEL - 1);
      const next = slice.body.next as string;
      // A product's answers come after its history, one provider at a time: every cell of the
      // product, in both segments and on every provider, at once.
      const answered = !next.includes("/");
      expect(slice.body.products).toBe(answered ? 1 : 0);
      expect(slice.body.cells).toBe(answered ? providers.length * catalog.segments.length : 0);
      visited.push(next);
      after = next;
      expect(call).toBeLessThan(products.length * (providers.length + 1));
    }
    // One call per unit, in order, none twice, the last ending it.
    const units = products.flatMap((product) => [
      ...providers.map((provider) => `${product}/${provider}`),
      product,
    ]);
    expect(visited).toEqual(units.slice(0, -1));
    expect(await modelOf(TENANT)).toBe(ANSWERS_MODEL);
    // Both answers the old model left are right again, read from the model.
    const { agreements } = await loadPortfolio(api.runtime, TENANT);
    for (const segment of ["commercial", "government"]) {
      const evaluated = entitlementMatrix(agreements, "2026-05-01", segment, catalog);
      const path = `/entitlements/matrix?segment=${segment}&at=2026-05-01`;
      for (const form of matrixForms(path, evaluated))
        expect((await api.get(form.path)).body, form.path).toEqual(form.expected);
    }
    expect(await viewStore.getView(TENANT, summaryKey(missing))).toBeDefined();
    // The other tenant's answers were not touched: its mark is still the older one.
    expect(await modelOf(OTHER)).toBe(ANSWERS_MODEL - 1);
  });

  it("recreates each product's history as it goes: a question as known before the latest change is read from the new model's revisions", async () => {
    const { viewStore } = api.runtime;
    const seeded = await grantGptOssOnGoogleAnHourLater(api);
    // As a release with a new model finds it: none of its revisions written yet.
    await clearRevisions(viewStore, TENANT);
    for (let after: string | undefined, call = 0; call < 100; call++) {
      const path = `/admin/answers/refresh${after ? `?after=${after}` : ""}`;
      const slice = await api.call("POST", path, { token: "admin-a" });
      expect(slice.status, slice.text).toBe(200);
      if (slice.body.complete) break;
      after = slice.body.next;
    }
    const cell = { product: "gpt-oss", provider: "google-cloud", segment: "commercial" };
    const asked = `/entitlements?product=gpt-oss&provider=google-cloud&segment=commercial&at=2027-06-01`;
    const watch = watchSnapshotReads(api.runtime);
    let before: ApiResponse;
    try {
      before = await api.get(`${asked}&knownAt=${encodeURIComponent(seeded)}`);
      expect(watch.read(), "evaluated, not read from a revision").toEqual([]);
    } finally {
      watch.restore();
    }
    // The grant recorded an hour after the seed: cited now, not as known at the seed.
    expect(JSON.stringify(before.body)).not.toContain("gpt-oss-on-google");
    expect(JSON.stringify((await api.get(asked)).body)).toContain("gpt-oss-on-google");
    const { agreements, catalog, names } = await loadPortfolio(api.runtime, TENANT, {
      knownAt: seeded,
    });
    const expected = evaluateEntitlement(agreements, { ...cell, at: "2027-06-01" }, catalog, names);
    expect(before.body).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("says it is complete when nothing is left after `after`", async () => {
    const done = await api.call("POST", "/admin/answers/refresh?after=zzzz", { token: "admin-a" });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ complete: true, products: 0, cells: 0 });
  });

  it("is for admins only", async () => {
    for (const token of ["viewer-a", "editor-a"])
      expect((await api.call("POST", "/admin/answers/refresh", { token })).status).toBe(403);
  });
});
