import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold } from "../agreement/evolve.ts";
import type { AgreementState } from "../agreement/state.ts";
import { emptyCatalog } from "../catalog/catalog.ts";
import { decideCatalogEvents } from "../catalog/decide-catalog.ts";
import { foldCatalog } from "../catalog/evolve-catalog.ts";
import type { EntitlementCell } from "../entitlements/cell-timeline.ts";
import type { StoredEvent } from "../events/envelope.ts";
import { defaultAgreement, givenAgreement } from "../testing/decider-spec.ts";
import { referenceDocument } from "../testing/in-memory-agreements.ts";
import { portfolioOps } from "../testing/portfolio-arbitraries.ts";
import { buildPortfolio } from "../testing/portfolio-builder.ts";
import { namePlaceholders } from "../views/name-tokens.ts";
import { answerTimelineWithin } from "./answer-timelines.ts";
import {
  catalogCells,
  historyFrom,
  historyWork,
  type TimelineAsKnown,
  timelinesAsKnown,
} from "./timelines-as-known.ts";

const codexOnAws = {
  type: "DistributionRightGranted",
  effectiveOn: "2025-03-01",
  termId: "codex-on-aws",
  products: ["codex"],
  providers: ["aws"],
};

const instant = (step: number) => new Date(Date.UTC(2026, 0, 1, 0, step)).toISOString();

/** The reference catalog's events, recorded at `recordedAt`. */
function catalogLogAt(recordedAt: (index: number) => string): StoredEvent[] {
  const pending = decideCatalogEvents(emptyCatalog(), referenceDocument.catalog, {
    today: "2026-01-01",
  });
  return pending.map((event, index) => ({
    ...event,
    tenant: "test",
    agreementId: "_catalog",
    id: `catalog-${index + 1}`,
    version: index + 1,
    recordedAt: recordedAt(index),
    recordedBy: "test",
  }));
}

/** Each event given the next instant its agreement's steps say (each agreement's in order). */
const restamped = (log: StoredEvent[], steps: number[]) => {
  const sorted = [...steps].sort((a, b) => a - b);
  return log.map((event, index) => ({ ...event, recordedAt: instant(sorted[index] ?? 0) }));
};

/** The evaluator's timeline on the events recorded by `knownAt`, as the log fallback reads them. */
function timelineAsTheLog(
  logs: StoredEvent[][],
  catalogLog: StoredEvent[],
  cell: EntitlementCell,
  knownAt: string,
) {
  const seen = (log: StoredEvent[]) => log.filter(({ recordedAt }) => recordedAt <= knownAt);
  const agreements = logs
    .filter((log) => seen(log).length > 0)
    .map((log) => fold("test", (log[0] as StoredEvent).agreementId, seen(log)))
    .filter(({ exists }) => exists)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const catalog = foldCatalog(seen(catalogLog));
  return answerTimelineWithin(agreements, catalog, cell, namePlaceholders, 1_000_000).timeline;
}

/** Each cell's latest timeline given by `knownAt`. */
function latestBy(history: TimelineAsKnown[], knownAt: string) {
  const latest = new Map<string, TimelineAsKnown>();
  for (const known of history)
    if (known.label <= knownAt) {
      const { product, provider, segment } = known.timeline;
      latest.set(`${segment}#${product}#${provider}`, known);
    }
  return latest;
}

describe("cells' timelines as known at each instant", () => {
  it("equal the evaluator on the events recorded by any instant, for logs recorded in any interleaving", () => {
    fc.assert(
      fc.property(
        portfolioOps({ reference: false }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 0, max: 12 }),
        fc.option(fc.integer({ min: 0, max: 13 }), { nil: undefined }),
        (ops, steps, catalogStep, fromStep) => {
          const { agreements } = buildPortfolio(ops);
          let next = 0;
          const logs = agreements.map((agreement: AgreementState) => {
            const log = agreement.log ?? [];
            const own = log.map(() => steps[next++ % steps.length] ?? 0);
            return restamped(log, own);
          });
          // The catalog recorded at one instant, perhaps after some agreements were.
          const catalogLog = catalogLogAt(() => instant(catalogStep));
          const cells = catalogCells(foldCatalog(catalogLog));
          const known = { catalogLog, agreementLogs: logs, cells, names: namePlaceholders };
          const from = fromStep === undefined ? undefined : instant(fromStep);
          const history = [...timelinesAsKnown({ ...known, maxReasons: 1_000_000 }, { from })];
          // Every cell is given when the catalog is recorded, or at the first instant covered.
          const everyFrom = from === undefined ? instant(catalogStep) : history[0]?.label;
          for (let step = 0; step <= 13; step++) {
            const knownAt = instant(step);
            const latest = latestBy(history, knownAt);
            if (from !== undefined && knownAt < from) expect(latest.size).toBe(0);
            for (const cell of cells) {
              const { product, provider, segment } = cell;
              const given = latest.get(`${segment}#${product}#${provider}`);
              if (everyFrom !== undefined && knownAt >= everyFrom)
                expect(given, `${knownAt} ${product}`).toBeDefined();
              if (!given) continue;
              expect(given.timeline).toEqual(timelineAsTheLog(logs, catalogLog, cell, knownAt));
            }
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("cover the latest instants a bound on their work affords", () => {
    const work = [
      { instant: instant(1), work: 50 },
      { instant: instant(2), work: 30 },
      { instant: instant(3), work: 20 },
    ];
    expect(historyFrom(work, 100)).toBeUndefined();
    expect(historyFrom(work, 99)).toBe(instant(2));
    expect(historyFrom(work, 50)).toBe(instant(2));
    expect(historyFrom(work, 49)).toBe(instant(3));
    expect(historyFrom(work, 19)).toBe("\uffff");
  });

  it("count each instant's work as the agreements its timelines read", () => {
    const { state } = givenAgreement({ ...defaultAgreement, id: "one" }, codexOnAws);
    const catalogLog = catalogLogAt(() => instant(0));
    const log = (state.log ?? []).map((event) => ({ ...event, recordedAt: instant(1) }));
    const cell = { product: "codex", provider: "aws", segment: "commercial" };
    const other = { product: "frontier", provider: "aws", segment: "commercial" };
    const work = historyWork({
      catalogLog,
      agreementLogs: [log],
      cells: [cell, other],
      names: namePlaceholders,
      maxReasons: 1_000_000,
    });
    // The catalog: both cells, no agreement yet; then the grant, read for codex alone.
    expect(work).toEqual([
      { instant: instant(0), work: 0 },
      { instant: instant(1), work: 1 },
    ]);
  });

  it("refold a log whose events were not recorded in version order from what was recorded by each instant", () => {
    const { state } = givenAgreement({ ...defaultAgreement, id: "late-end" }, codexOnAws, {
      type: "DistributionRightEnded",
      effectiveOn: "2025-06-01",
      termId: "codex-on-aws",
    });
    const log = state.log ?? [];
    expect(log.map(({ type }) => type)).toEqual([
      "AgreementRecorded",
      "DistributionRightGranted",
      "DistributionRightEnded",
    ]);
    // The end was recorded before the grant it ends: as known between the two, no right.
    const stamps = [0, 5, 3];
    const unordered = log.map((event, index) => ({
      ...event,
      recordedAt: instant(stamps[index] ?? 0),
    }));
    const catalogLog = catalogLogAt(() => instant(0));
    const cell = { product: "codex", provider: "aws", segment: "commercial" };
    const history = [
      ...timelinesAsKnown({
        catalogLog,
        agreementLogs: [unordered],
        cells: [cell],
        names: namePlaceholders,
        maxReasons: 1_000_000,
      }),
    ];
    // The end alone, known before the grant it ends, moves nothing: no timeline is given then.
    expect(history.map(({ label }) => label)).toEqual([instant(0), instant(5)]);
    for (const step of [0, 3, 4, 5]) {
      const known = latestBy(history, instant(step)).get("commercial#codex#aws");
      expect(known?.timeline).toEqual(
        timelineAsTheLog([unordered], catalogLog, cell, instant(step)),
      );
    }
    const decisions = history.map(({ timeline }) =>
      timeline.periods.map(({ answer }) => answer.decision),
    );
    expect(decisions[0]).not.toContain("allowed");
    expect(decisions[1]).toContain("allowed");
  });
});
