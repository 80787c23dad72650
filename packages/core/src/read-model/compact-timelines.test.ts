import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { portfolioOps } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import { answerTimeline } from "./answer-timelines.ts";
import { compactTimeline, expandTimeline } from "./compact-timelines.ts";

const cell = fc.record({
  product: fc.constantFrom("openai-api", "frontier", "stateful-runtime", "codex", "gpt-oss"),
  provider: fc.constantFrom("azure", "aws", "google-cloud", "oracle-cloud", "openai-direct"),
  segment: fc.constantFrom("commercial", "government"),
});

describe("a compacted timeline", () => {
  it("expands to exactly the timeline it was made from, and is never larger", () => {
    fc.assert(
      fc.property(portfolioOps(), cell, (ops, asked) => {
        const { agreements, catalog } = buildPortfolio(ops);
        const timeline = answerTimeline(agreements, catalog, asked);
        const compact = JSON.parse(JSON.stringify(compactTimeline(timeline)));
        expect(expandTimeline(compact)).toEqual(JSON.parse(JSON.stringify(timeline)));
        expect(JSON.stringify(compact).length).toBeLessThanOrEqual(
          JSON.stringify(timeline).length + 32,
        );
      }),
      { numRuns: 80 },
    );
  });

  it("reads an item stored whole, from before compaction, as it is", () => {
    const whole = {
      product: "p",
      provider: "q",
      segment: "s",
      periods: [
        {
          from: "1000-01-01",
          answer: { decision: "denied" as const, certainty: "certain" as const, reasons: [] },
        },
      ],
    };
    expect(expandTimeline(whole)).toBe(whole);
  });
});
