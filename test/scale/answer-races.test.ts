import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshAnswers } from "../../functions/src/projector/answer-projection.ts";
import { type ApiHarness, createApiHarness, TENANT } from "../api/support.ts";
import { answersAsRebuilt, matricesAndSummaries } from "../support/answer-items.ts";

/**
 * The API refreshes answers right after a commit and the stream projector does it again, maybe
 * at the same moment, maybe twice (a retried batch): racing refreshes must leave the model the
 * rebuild would write, and announce each change of decision once.
 */
let api: ApiHarness;
const FRONTIER_ON_AZURE = "_answer.commercial.frontier.azure";

const answerItems = () => answersAsRebuilt(api.runtime.viewStore, TENANT);

beforeAll(async () => {
  api = await createApiHarness("answer-races");
});
afterAll(() => api.drop());

describe("refreshes of the answers racing each other", () => {
  it("leave the model a rebuild writes, and announce a change once", async () => {
    // Given AWS's Frontier distribution shortened to the end of 2026, recorded in the log and
    // its snapshot, but with no answer refreshed yet (as if the API's own refresh had failed).
    const agreement = await api.get("/agreements/amazon-openai");
    const committed = await api.runtime.eventStore.append({
      tenant: TENANT,
      agreementId: "amazon-openai",
      expectedVersion: agreement.body.version,
      events: [
        {
          type: "TermAmended",
          effectiveOn: "2026-06-01",
          precision: "day",
          data: { termId: "aws-frontier-distribution", changes: { until: "2026-12-31" } },
          sources: [],
        },
      ],
      recordedAt: api.now().toISOString(),
      recordedBy: "loader",
      newEventId: api.runtime.newId,
    });
    await api.projector.projectStream(TENANT, "amazon-openai");
    const announced = (await api.runtime.eventStore.readStream(TENANT, FRONTIER_ON_AZURE)).length;
    const before = await api.get(
      "/entitlements?product=frontier&provider=azure&segment=commercial&at=2027-03-01",
    );
    expect(before.body.decision).toBe("denied");

    // When six refreshes run at once, some of the amended agreement, some of everything.
    const scope = { agreements: new Set(["amazon-openai"]) };
    await Promise.all(
      [scope, scope, "all" as const, scope, "all" as const, scope].map((each) =>
        refreshAnswers(api.runtime.viewStore, TENANT, each, api.runtime),
      ),
    );

    // Then Azure may serve Frontier again from 2027, the change is announced once, and the
    // model is what a rebuild from the log writes.
    const after = await api.get(
      "/entitlements?product=frontier&provider=azure&segment=commercial&at=2027-03-01",
    );
    expect(after.body.decision).not.toBe("denied");
    const changes = await api.runtime.eventStore.readStream(TENANT, FRONTIER_ON_AZURE);
    expect(changes).toHaveLength(announced + 1);
    expect(changes.at(-1)?.data).toMatchObject({
      periods: [{ from: "2027-01-01", to: null, before: "denied", after: after.body.decision }],
    });
    expect(committed.version).toBe(agreement.body.version + 1);
    const raced = await answerItems();
    // Each segment's matrix item took every racing merge: it is what the summaries say.
    const { stored, fromSummaries } = await matricesAndSummaries(api.runtime.viewStore, TENANT);
    expect(Object.keys(stored).length).toBeGreaterThan(0);
    expect(stored).toEqual(fromSummaries);
    await api.projector.rebuildAll(TENANT);
    expect(await answerItems()).toEqual(raced);
  }, 120_000);

  it("leave no older answer when a later refresh found nothing to change and finished first", async () => {
    const ask = async () =>
      (
        await api.get(
          "/entitlements?product=frontier&provider=azure&segment=commercial&at=2027-06-01",
        )
      ).body.decision;
    const original = await ask();
    const { version } = (await api.get("/agreements/amazon-openai")).body;
    const amend = (until: string, expectedVersion: number) =>
      api.runtime.eventStore.append({
        tenant: TENANT,
        agreementId: "amazon-openai",
        expectedVersion,
        events: [
          {
            type: "TermAmended",
            effectiveOn: "2026-06-01",
            precision: "day",
            data: { termId: "aws-frontier-distribution", changes: { until } },
            sources: [],
          },
        ],
        recordedAt: api.now().toISOString(),
        recordedBy: "loader",
        newEventId: api.runtime.newId,
      });
    const scope = { agreements: new Set(["amazon-openai"]) };

    // Given AWS's Frontier distribution moved to end in 2030, whose refresh is slow to write…
    await amend("2030-12-31", version);
    await api.projector.projectStream(TENANT, "amazon-openai");
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    let reached = () => {};
    const writing = new Promise<void>((done) => {
      reached = done;
    });
    const { eventStore } = api.runtime;
    const slow = Object.create(eventStore) as typeof eventStore;
    slow.append = async (input) => {
      reached();
      await held;
      return eventStore.append(input);
    };
    const older = refreshAnswers(api.runtime.viewStore, TENANT, scope, {
      ...api.runtime,
      eventStore: slow,
    });

    // …and then retracted, with a refresh that finds every cell as it still is and writes nothing.
    await writing;
    await api.runtime.eventStore.append({
      tenant: TENANT,
      agreementId: "amazon-openai",
      expectedVersion: version + 1,
      events: [
        {
          type: "EventRetracted",
          effectiveOn: "2026-06-01",
          precision: "day",
          data: { retractsVersion: version + 1, reason: "Recorded against the wrong term" },
          sources: [],
        },
      ],
      recordedAt: api.now().toISOString(),
      recordedBy: "loader",
      newEventId: api.runtime.newId,
    });
    await api.projector.projectStream(TENANT, "amazon-openai");
    await refreshAnswers(api.runtime.viewStore, TENANT, scope, api.runtime);

    // When the slow refresh writes at last, then it sees its inputs moved and refreshes again.
    release();
    await older;
    expect(await ask()).toBe(original);
    const raced = await answerItems();
    await api.projector.rebuildAll(TENANT);
    expect(await answerItems()).toEqual(raced);
  }, 120_000);
});
