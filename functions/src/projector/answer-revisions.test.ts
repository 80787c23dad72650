import { randomBytes } from "node:crypto";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AnswerTimeline, type Catalog, emptyCatalog, type Reason } from "@termline/core";
import { MAX_VIEW_BODY_BYTES, ViewStore } from "@termline/store";
import { describe, expect, it } from "vitest";
import {
  answerKept,
  answersCarried,
  bodyKeysOf,
  bodyPut,
  doubtedSpan,
  knowingOf,
  labelOf,
  nextHeadLabel,
  revisionBody,
} from "./answer-revisions.ts";

const T1 = "2026-06-01T10:00:00.000Z";
const T2 = "2026-06-01T10:00:05.000Z";
const T3 = "2026-06-01T10:00:09.000Z";

/** An agreement's instants, as its listing gives them. */
const recorded = (id: string, first: string | undefined, latest: string | undefined) => ({
  id,
  firstRecordedAt: first,
  latestRecordedAt: latest,
});

const catalogAt = (latest: string | undefined): Catalog => ({
  ...emptyCatalog(),
  ...(latest ? { latestRecordedAt: latest } : {}),
});

describe("the label of a refresh's revisions", () => {
  it("given agreements recorded at different instants, when labelled, then the latest of them all, reaching the cell or not", () => {
    // One that no longer reaches a product may have left it by a retraction: it still counts.
    const every = [recorded("reaches", T1, T2), recorded("left", T1, T3)];
    expect(labelOf(catalogAt(T1), every, undefined)).toBe(T3);
  });

  it("given the events refreshed recorded after every input, when labelled, then their instant", () => {
    const every = [recorded("a", T1, T1)];
    expect(labelOf(catalogAt(T1), every, { earliest: T2, latest: T3 })).toBe(T3);
  });

  it("given a catalog or an agreement that does not say when it was recorded, when labelled, then no label", () => {
    expect(labelOf(catalogAt(undefined), [], undefined)).toBeUndefined();
    expect(labelOf(catalogAt(T1), [recorded("a", T1, undefined)], undefined)).toBeUndefined();
  });

  it("given a rewritten past, when doubted, then from its agreement's first record, or from the start if it does not say", () => {
    const span = { earliest: T3, latest: T3, rewritten: ["corrected"] };
    const every = [
      recorded("corrected", T1, T3),
      recorded("other", "2026-01-01T00:00:00.000Z", T2),
    ];
    expect(doubtedSpan(span, every)?.earliest).toBe(T1);
    expect(doubtedSpan(span, [recorded("corrected", undefined, T3)])?.earliest).toBe("");
    expect(doubtedSpan({ earliest: T3, latest: T3 }, every)?.earliest).toBe(T3);
  });
});

describe("what a cell's refresh knows", () => {
  it("given the events it is for are the latest recorded, when known, then their instant and no doubt", () => {
    expect(knowingOf(T2, T1, { earliest: T2, latest: T2 })).toEqual({
      label: T2,
      doubtFrom: undefined,
    });
  });

  it("given an input recorded after the events it is for, when known, then the revisions from their instant are in doubt", () => {
    expect(knowingOf(T3, T1, { earliest: T2, latest: T2 })).toEqual({
      label: T3,
      doubtFrom: T2,
    });
  });

  it("given a head labelled later than its inputs, when known, then the label never goes back", () => {
    expect(knowingOf(T1, T3, undefined)).toEqual({ label: T3, doubtFrom: undefined });
    expect(nextHeadLabel({ label: T1, doubtFrom: undefined }, T3)).toBe(T3);
  });

  it("given no label, when known, then everything from the events' instant is in doubt, and a rebuild doubts nothing", () => {
    expect(knowingOf(undefined, T1, { earliest: T2, latest: T3 })).toEqual({
      label: undefined,
      doubtFrom: T2,
    });
    expect(knowingOf(T2, undefined, undefined)).toEqual({ label: T2, doubtFrom: undefined });
  });
});

describe("a revision's body", () => {
  const cell = { product: "frontier", provider: "harbor", segment: "commercial" };
  /** A grant whose summary is `summary`. */
  const grant = (summary: string): Reason => ({
    code: "granted",
    agreementId: "deal",
    termId: "grant",
    summary,
    sources: [{ publication: "deal (primary)", kind: "primary" }],
  });
  /** `count` monthly periods, each citing a reason of `summaryOf(index)`. */
  const timelineOf = (count: number, summaryOf: (index: number) => string): AnswerTimeline => ({
    ...cell,
    periods: Array.from({ length: count }, (_, index) => ({
      from: `20${String(26 + Math.floor(index / 12)).padStart(2, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`,
      answer: {
        decision: "allowed" as const,
        certainty: "certain" as const,
        reasons: [grant(summaryOf(index))],
      },
    })),
  });
  const periodsOf = ({ periods }: AnswerTimeline): [string, string][] =>
    periods.map(({ from }, index) => [from, `digest-${index}`]);

  it("given answers whose reasons repeat, when stored, then it carries them deflated, not as JSON, and they read back", () => {
    // 40 periods of one long summary: about 20 KB as JSON, far less deflated.
    const timeline = timelineOf(40, () => `The grant to serve frontier models. ${"x".repeat(400)}`);
    const periods = periodsOf(timeline);
    const { body, carriesEvery } = revisionBody(timeline, periods, "2026-06-15T00:00:00.000Z");
    expect(carriesEvery).toBe(true);
    expect(Object.keys(body).sort()).toEqual(["deflatedAnswers", "periods"]);
    if (!("periods" in body)) throw new Error("a gap");
    expect(JSON.stringify(body).length).toBeLessThan(7_600);
    expect(answersCarried(body)).toEqual(
      Object.fromEntries(timeline.periods.map(({ answer }, index) => [`digest-${index}`, answer])),
    );
  });

  it("given answers too large even deflated, when stored, then it carries those of the periods nearest its instant, as many as fit, and lists every period", () => {
    // Summaries of random text do not deflate: 40 × 400 bytes is past the limit.
    const timeline = timelineOf(40, () => randomBytes(200).toString("hex"));
    const periods = periodsOf(timeline);
    // Recorded in June 2027: the period from 2027-06-01 is the 18th.
    const { body, carriesEvery } = revisionBody(timeline, periods, "2027-06-15T09:00:00.000Z");
    expect(carriesEvery).toBe(false);
    if (!("periods" in body)) throw new Error("a gap");
    expect(body.periods).toEqual(periods);
    expect(JSON.stringify(body).length).toBeLessThanOrEqual(7_600);
    const carried = Object.keys(answersCarried(body) ?? {})
      .map((digest) => Number(digest.slice("digest-".length)))
      .sort((a, b) => a - b);
    expect(carried.length).toBeGreaterThan(2);
    expect(carried.length).toBeLessThan(periods.length);
    // Those around June 2027, the later side first.
    expect(carried).toContain(17);
    const [first, last] = [carried[0] ?? 0, carried.at(-1) ?? 0];
    expect(carried).toEqual(Array.from({ length: last - first + 1 }, (_, index) => first + index));
    expect(last - 17).toBeGreaterThanOrEqual(17 - first);
    expect(last - 17 - (17 - first)).toBeLessThanOrEqual(1);
    for (const digest of carried)
      expect(answersCarried(body)?.[`digest-${digest}`]).toEqual(timeline.periods[digest]?.answer);
  });

  it("given a timeline whose periods alone are past the limit, when stored, then it lists them and carries no answer", () => {
    const timeline = timelineOf(400, () => "The grant.");
    const { body, carriesEvery } = revisionBody(
      timeline,
      periodsOf(timeline),
      "2027-06-15T09:00:00.000Z",
    );
    expect({ body, carriesEvery }).toEqual({
      body: { periods: periodsOf(timeline) },
      carriesEvery: false,
    });
  });

  it("given answers of every size, when kept under their digests, then each reads back whole, deflated past a read unit, and none past an item even deflated", () => {
    // Only built, never sent: a put request is all this test looks at.
    const viewStore = new ViewStore({} as DynamoDBDocumentClient, "views");
    const cell = { product: "widget", provider: "north", segment: "commercial" };
    const answerOf = (summary: string) => timelineOf(1, () => summary).periods[0]?.answer;
    const small = answerOf("The grant.");
    const busy = answerOf("The grant to a reseller, as reported. ".repeat(12_000));
    const noisy = answerOf(randomBytes(MAX_VIEW_BODY_BYTES).toString("base64"));
    if (!small || !busy || !noisy) throw new Error("no answer");
    const put = (answer: typeof small) => bodyPut(viewStore, "t", cell, 1, "d1", answer);
    const read = (request: ReturnType<typeof put>) =>
      request &&
      answerKept(cell, {
        key: String(request.Item.sk),
        body: JSON.parse(String(request.Item.body)),
      });

    expect(put(small)?.Item.sk).toBe(bodyKeysOf(cell, "d1")[0]);
    expect(read(put(small))).toEqual(["d1", small]);
    // A release before this one asks the first key only: it finds nothing and evaluates.
    expect(put(busy)?.Item.sk).toBe(bodyKeysOf(cell, "d1")[1]);
    expect(read(put(busy))).toEqual(["d1", busy]);
    expect(put(noisy)).toBeUndefined();
  });
});
