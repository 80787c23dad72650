import { active, entitlementMatrix, evaluateEntitlement } from "@termline/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPEN_MATTERS_MARK } from "../../functions/src/projector/agreement-indexes.ts";
import {
  ANSWER_TIMELINE_PREFIX,
  ANSWERS_MODEL,
  ANSWERS_MODEL_KEY,
  answerKey,
  periodKey,
  periodsOf,
  type StoredPeriod,
  type StoredTimeline,
  storedTimelineOf,
  summaryKey,
  timelineKey,
} from "../../functions/src/projector/answer-items.ts";
import { refreshAnswers } from "../../functions/src/projector/answer-projection.ts";
import { lacksReadModels } from "../../functions/src/services/answers.ts";
import { loadPortfolio } from "../../functions/src/services/portfolio.ts";
import {
  type ApiHarness,
  amendFrontierDistribution,
  createApiHarness,
  type Json,
  TENANT,
} from "../api/support.ts";
import { answersAsRebuilt } from "../support/answer-items.ts";
import { matrixForms } from "../support/matrix-forms.ts";
import { periodsReadWithTimeline, storeReadsDuring } from "../support/store-reads.ts";

/**
 * The answers read model, through the real API: every answer it serves equals the evaluator
 * folded from the snapshots, it is what the API reads, it follows a change at once, and a
 * rebuild from the log gives the same items as the incremental path.
 */
let api: ApiHarness;
const DATES = ["2022-06-01", "2025-11-01", "2026-02-27", "2026-04-27", "2026-04-28", "2034-06-01"];

/** Every item of the answers model a rebuild writes: the cells' heads, periods and summaries. */
const answerItems = () => answersAsRebuilt(api.runtime.viewStore, TENANT);

async function expectAnswersEqualTheFold(dates: string[]) {
  const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT);
  for (const segment of catalog.segments.map(({ id }) => id))
    for (const at of dates) {
      const evaluated = entitlementMatrix(agreements, at, segment, catalog);
      const path = `/entitlements/matrix?segment=${segment}&at=${at}`;
      for (const form of matrixForms(path, evaluated))
        expect((await api.get(form.path)).body, form.path).toEqual(form.expected);
    }
  return { agreements, catalog };
}

beforeAll(async () => {
  api = await createApiHarness("answer-model");
});
afterAll(() => api.drop());

// Each test reads every cell through the API; beside the 10,000-event agreement's suite, on two
// cores, one took 20 s (2.4 s alone), and a test cut short leaves its planted items behind.
describe("the answers read model of the reference case", { timeout: 90_000 }, () => {
  it("holds every cell, and each answer equals the evaluator's", async () => {
    const { agreements, catalog } = await expectAnswersEqualTheFold(DATES);
    const items = await answerItems();
    for (const segment of catalog.segments)
      for (const product of catalog.products)
        for (const provider of catalog.providers) {
          const cell = { product: product.id, provider: provider.id, segment: segment.id };
          expect(items[answerKey(cell)], answerKey(cell)).toBeDefined();
          const asked = `product=${cell.product}&provider=${cell.provider}&segment=${cell.segment}`;
          const answer = await api.get(`/entitlements?${asked}&at=2026-04-27`);
          expect(answer.body).toEqual(
            JSON.parse(
              JSON.stringify(
                evaluateEntitlement(agreements, { ...cell, at: "2026-04-27" }, catalog),
              ),
            ),
          );
        }
    expect(active(catalog.products).length * active(catalog.providers).length).toBeGreaterThan(0);
  });

  it("is what the API reads: a cell's whole timeline is served as stored, and its period items when the timeline is too large to keep whole", async () => {
    const cell = { product: "codex", provider: "oracle-cloud", segment: "commercial" };
    const ask = async () =>
      (
        await api.get(
          "/entitlements?product=codex&provider=oracle-cloud&segment=commercial&at=2026-05-01",
        )
      ).body;
    const rewrite = { overwriteSameVersion: true };
    const { viewStore } = api.runtime;
    const whole = await viewStore.getView(TENANT, timelineKey(cell));
    if (!whole) throw new Error("the model holds no whole timeline of the cell");
    const asStored = await ask();
    const conflict = { decision: "conflict" as const, certainty: "certain" as const, reasons: [] };
    const marked = storedTimelineOf({
      ...cell,
      periods: [{ from: "2026-01-01", answer: conflict }],
    });
    await viewStore.putView(TENANT, whole.key, whole.version, marked, {}, rewrite);
    expect((await ask()).decision).toBe("conflict");
    // Too large to keep whole: the period holding the date is read instead.
    const tooLarge: StoredTimeline = { tooLarge: true };
    await viewStore.putView(TENANT, whole.key, whole.version, tooLarge, {}, rewrite);
    const availability = `/entitlements/availability?product=codex&provider=oracle-cloud&segment=commercial&from=2026-01-01&to=2027-12-31`;
    expect(await periodsReadWithTimeline(api.runtime, cell, ask)).toBe(false);
    expect(await ask()).toEqual(asStored);
    // Known too large now: its timeline and its periods are read together, to the same answers.
    expect(
      await periodsReadWithTimeline(api.runtime, cell, async () =>
        expect(await ask()).toEqual(asStored),
      ),
    ).toBe(true);
    const windowsAsStored = (await api.get(availability)).body;
    const windowsOfPeriods = async () =>
      expect((await api.get(availability)).body).toEqual(windowsAsStored);
    expect(await periodsReadWithTimeline(api.runtime, cell, windowsOfPeriods)).toBe(true);
    const [holding] = await viewStore.queryViews(
      TENANT,
      { from: periodsOf(cell), to: periodKey(cell, "2026-05-01") },
      { limit: 1, newestFirst: true },
    );
    if (!holding) throw new Error("the model holds no period of the cell");
    const period = holding.body as StoredPeriod;
    const markedPeriod: StoredPeriod = { from: period.from, answer: conflict };
    await viewStore.putView(TENANT, holding.key, holding.version, markedPeriod, {}, rewrite);
    expect((await ask()).decision).toBe("conflict");
    // Put back as the model computes it: a rebuild recomputes every cell, whole again.
    await api.projector.rebuildAll(TENANT);
    expect((await viewStore.getView(TENANT, timelineKey(cell)))?.body).toHaveProperty("deflated");
    // The timeline found whole wins over the period read beside it (marked here to tell them
    // apart), and the cell is read alone from then on.
    const [rebuilt] = await viewStore.queryViews(
      TENANT,
      { from: periodsOf(cell), to: periodKey(cell, "2026-05-01") },
      { limit: 1, newestFirst: true },
    );
    if (!rebuilt) throw new Error("the rebuild wrote no period of the cell");
    await viewStore.putView(TENANT, rebuilt.key, rebuilt.version, markedPeriod, {}, rewrite);
    const asked = async () => expect(await ask()).toEqual(asStored);
    expect(await periodsReadWithTimeline(api.runtime, cell, asked)).toBe(true);
    expect(await periodsReadWithTimeline(api.runtime, cell, asked)).toBe(false);
    await api.projector.rebuildAll(TENANT);
  });

  it("answers every cell from its period items alike when no timeline is kept whole", async () => {
    const { viewStore } = api.runtime;
    const tooLarge: StoredTimeline = { tooLarge: true };
    const rewrite = { overwriteSameVersion: true };
    for (const whole of await viewStore.listViews(TENANT, ANSWER_TIMELINE_PREFIX))
      await viewStore.putView(TENANT, whole.key, whole.version, tooLarge, {}, rewrite);
    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT);
    for (const product of active(catalog.products))
      for (const at of DATES) {
        const cell = { product: product.id, provider: "aws", segment: "commercial" };
        const asked = `/entitlements?product=${cell.product}&provider=aws&segment=commercial&at=${at}`;
        const reads = await storeReadsDuring(api.runtime, async () => {
          expect((await api.get(asked)).body, asked).toEqual(
            JSON.parse(JSON.stringify(evaluateEntitlement(agreements, { ...cell, at }, catalog))),
          );
        });
        // The mark (GetItem), then the period holding the date (Query); and the catalog, when
        // the container's kept one has aged.
        const { getView, ...rest } = reads;
        expect(rest, asked).toEqual({ queryViews: 1 });
        expect(getView, asked).toBeGreaterThanOrEqual(1);
      }
    // The matrix with reasons reads the periods holding each date instead, and is the fold's.
    await expectAnswersEqualTheFold(["2026-04-27", "2034-06-01"]);
    await api.projector.rebuildAll(TENANT);
  });

  it("answers a matrix with reasons and a workload from the kept timelines, reading periods only for the cells without one", async () => {
    const { viewStore } = api.runtime;
    const cell = { product: "codex", provider: "oracle-cloud", segment: "commercial" };
    const matrix = "/entitlements/matrix?segment=commercial&at=2026-05-01&reasons=true";
    const workload = "/workloads/codex-anywhere/entitlements?at=2026-05-01";
    const created = await api.call("POST", "/workloads", {
      body: { id: "codex-anywhere", name: "Codex anywhere", product: "codex" },
    });
    expect(created.status, created.text).toBe(201);
    const onOracle = async (path: string) => {
      const { body } = await api.get(path);
      // A matrix's cells name their product; a workload's providers are all of its product.
      const found = ((body.cells ?? body.providers) as Json[]).find(
        ({ product, provider }) =>
          (product ?? cell.product) === cell.product && provider === cell.provider,
      );
      return { body, decision: found?.decision };
    };
    const asStored = {
      matrix: (await api.get(matrix)).body,
      workload: (await api.get(workload)).body,
    };
    // Every cell kept whole: the timelines and the heads (one Query each), no period.
    for (const path of [matrix, workload]) {
      const reads = await storeReadsDuring(api.runtime, () => api.get(path));
      expect(reads.listViews, path).toBe(2);
      expect(reads.getViews, path).toBeUndefined();
    }
    // What they serve is the stored timeline: a conflict planted in it shows.
    const whole = await viewStore.getView(TENANT, timelineKey(cell));
    if (!whole) throw new Error("the model holds no whole timeline of the cell");
    const rewrite = { overwriteSameVersion: true };
    const conflict = { decision: "conflict" as const, certainty: "certain" as const, reasons: [] };
    const planted = storedTimelineOf({
      ...cell,
      periods: [{ from: "2026-01-01", answer: conflict }],
    });
    await viewStore.putView(TENANT, whole.key, whole.version, planted, {}, rewrite);
    expect((await onOracle(matrix)).decision).toBe("conflict");
    expect((await onOracle(workload)).decision).toBe("conflict");
    // Too large to keep whole: that cell's period holding the date is read (one BatchGetItem),
    // and both answers are as before.
    const tooLarge: StoredTimeline = { tooLarge: true };
    await viewStore.putView(TENANT, whole.key, whole.version, tooLarge, {}, rewrite);
    for (const path of [matrix, workload]) {
      let body: unknown;
      const reads = await storeReadsDuring(api.runtime, async () => {
        body = (await api.get(path)).body;
      });
      expect(reads.getViews, path).toBe(1);
      expect(body, path).toEqual(path === matrix ? asStored.matrix : asStored.workload);
    }
    expect((await onOracle(matrix)).decision).not.toBe("conflict");
    await api.call("DELETE", "/workloads/codex-anywhere");
    await api.projector.rebuildAll(TENANT);
  });

  it("leaves out a cell whose timeline cites too many reasons, answering it by evaluation", async () => {
    const cell = { product: "openai-api", provider: "aws", segment: "commercial" };
    // A budget of one reason: every cell citing more over its history is left out, this one too.
    const refresh = await refreshAnswers(api.runtime.viewStore, TENANT, "all", api.runtime, {
      rewrite: true,
      maxReasons: 1,
    });
    expect(refresh.tooLarge).toContain(answerKey(cell));
    expect(await api.runtime.viewStore.getView(TENANT, answerKey(cell))).toBeUndefined();
    expect(await api.runtime.viewStore.listViews(TENANT, periodsOf(cell))).toEqual([]);
    expect(await api.runtime.viewStore.getView(TENANT, timelineKey(cell))).toBeUndefined();
    const { agreements, catalog } = await loadPortfolio(api.runtime, TENANT);
    for (const at of DATES) {
      const read = await api.get(
        `/entitlements?product=openai-api&provider=aws&segment=commercial&at=${at}`,
      );
      expect(read.body, at).toEqual(
        JSON.parse(JSON.stringify(evaluateEntitlement(agreements, { ...cell, at }, catalog))),
      );
    }
    // Its decisions stay in the model: the matrix reads them, not the snapshots.
    expect(await api.runtime.viewStore.getView(TENANT, summaryKey(cell))).toBeDefined();
    for (const at of DATES) {
      const evaluated = entitlementMatrix(agreements, at, "commercial", catalog);
      const path = `/entitlements/matrix?segment=commercial&at=${at}`;
      const [decisions, withReasons] = matrixForms(path, evaluated);
      const reads = await storeReadsDuring(api.runtime, async () => {
        expect((await api.get(decisions.path)).body, decisions.path).toEqual(decisions.expected);
      });
      // Its decisions stay in the segment's matrix item too.
      expect(reads, at).toEqual({ getItem: 1 });
      expect((await api.get(withReasons.path)).body, withReasons.path).toEqual(
        withReasons.expected,
      );
    }
    // Without the tight budget, the cell is back in the model.
    await api.projector.rebuildAll(TENANT);
    expect(await api.runtime.viewStore.getView(TENANT, answerKey(cell))).toBeDefined();
  });

  it("asks for one rebuild of a tenant whose answers an older model wrote", async () => {
    const { viewStore } = api.runtime;
    await api.projector.rebuildAll(TENANT);
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(false);
    // As a release before December 2026 left them: answers, but no mark of their model.
    await viewStore.deleteItem(TENANT, ANSWERS_MODEL_KEY);
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(true);
    await viewStore.putItem(TENANT, ANSWERS_MODEL_KEY, { model: ANSWERS_MODEL - 1 });
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(true);
    await api.projector.rebuildAll(TENANT);
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(false);
    // As a release before the open-matters index left them: every other model, not that one.
    await viewStore.deleteItem(TENANT, OPEN_MATTERS_MARK);
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(true);
    await api.projector.rebuildAll(TENANT);
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(false);
    // As the first release of the index left it (questions listed before they were raised):
    // a mark without a model.
    await viewStore.putItem(TENANT, OPEN_MATTERS_MARK, { itemType: "read-model" });
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(true);
    await api.projector.rebuildAll(TENANT);
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(false);
    // As the release before deadlines' items named their owners left it: model 2.
    await viewStore.putItem(TENANT, OPEN_MATTERS_MARK, { itemType: "read-model", model: 2 });
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(true);
    await api.projector.rebuildAll(TENANT);
    expect(await lacksReadModels(api.runtime, TENANT)).toBe(false);
  });

  it("follows a change as soon as it is recorded, and a rebuild gives the same items", async () => {
    // Shorten AWS's Frontier exclusivity to the end of 2026: from 2027 Azure may serve Frontier
    // again (its first-ship priority no longer shut out), and the model says so at once, as
    // the commit's response promises.
    const { answers } = await amendFrontierDistribution(api, "2026-12-31");
    expect(answers).toBe("current");
    const azure = await api.get(
      "/entitlements?product=frontier&provider=azure&segment=commercial&at=2027-03-01",
    );
    expect(azure.body.decision).not.toBe("denied");
    await expectAnswersEqualTheFold(["2026-12-31", "2027-01-01", ...DATES]);

    // The change is an EntitlementChanged event of the cell's own stream, for the publisher.
    const changes = () =>
      api.runtime.eventStore.readStream(TENANT, "_answer.commercial.frontier.azure");
    const written = await changes();
    expect(written.at(-1)).toMatchObject({
      type: "EntitlementChanged",
      data: {
        product: "frontier",
        provider: "azure",
        segment: "commercial",
        periods: [{ from: "2027-01-01", to: null, before: "denied", after: azure.body.decision }],
      },
    });

    const incremental = await answerItems();
    await api.projector.rebuildAll(TENANT);
    expect(await answerItems()).toEqual(incremental);
    // Computing the same answers again announces nothing twice.
    expect(await changes()).toHaveLength(written.length);
  });
  it("recomputes, after a commit, only the cells the committed agreement bears on", async () => {
    // Google Cloud's distribution agreement gains a right to Codex on Google Cloud. Codex on
    // AWS, Azure, Oracle Cloud and OpenAI direct reads nothing of that agreement, so of Codex's
    // ten cells (five providers, two segments) only Google Cloud's two can move.
    const id = "google-openai-distribution";
    const agreement = await api.get(`/agreements/${id}`);
    const granted = await api.call("POST", `/agreements/${id}/events`, {
      body: {
        expectedVersion: agreement.body.version,
        events: [
          {
            type: "DistributionRightGranted",
            effectiveOn: "2026-09-01",
            termId: "codex-on-google-cloud",
            providers: ["google-cloud"],
            products: ["codex"],
            sources: [{ publication: "Google Cloud", title: "Announcement", kind: "primary" }],
          },
        ],
      },
    });
    expect(granted.status, granted.text).toBe(201);
    const codex = await api.get(
      "/entitlements?product=codex&provider=google-cloud&segment=commercial&at=2026-10-01",
    );
    expect(codex.body.reasons.map((reason: Json) => reason.termId)).toContain(
      "codex-on-google-cloud",
    );
    const refreshed = await refreshAnswers(api.runtime.viewStore, TENANT, {
      agreements: new Set([id]),
    });
    expect(refreshed.cells).toBe(2);
    await expectAnswersEqualTheFold(["2026-08-31", "2026-09-01", ...DATES]);
  });
});
