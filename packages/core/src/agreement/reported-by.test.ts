import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { latestDay } from "../dates.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { fold } from "./evolve.ts";
import { reportedBy, reportedIn, reportedOn } from "./reported-by.ts";
import type { Term } from "./state.ts";
import { attributesAt } from "./term-timeline.ts";

const day = fc
  .record({
    y: fc.integer({ min: 2019, max: 2027 }),
    m: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
const sourceDate = fc.oneof(
  day,
  day.map((value) => value.slice(0, 7)),
  day.map((value) => value.slice(0, 4)),
  fc.constant("undated"),
);

describe("reportedBy", () => {
  it("never keeps an event whose sources were all published later", () => {
    fc.assert(
      fc.property(fc.array(sourceDate, { maxLength: 4 }), day, day, (dates, recorded, asked) => {
        const sources = dates.map((date) =>
          date === "undated" ? { publication: "P" } : { publication: "P", date },
        );
        const event = { sources, recordedAt: `${recorded}T12:00:00.000Z` };
        const dated = dates.filter((date) => date !== "undated");
        const kept = reportedBy(asked)(event);
        if (dated.length > 0) expect(kept).toBe(dated.some((date) => latestDay(date) <= asked));
        else expect(kept).toBe(recorded <= asked);
      }),
    );
  });

  it("answers what the public record said on 2026-03-15: Microsoft's exclusivity, not yet its end", () => {
    const { agreements } = foldReference();
    const microsoft = agreements.find(({ id }) => id === "microsoft-openai");
    expect(microsoft).toBeDefined();
    if (!microsoft) return;
    const known = fold(
      microsoft.tenant,
      microsoft.id,
      (microsoft.log ?? []).filter(reportedBy("2026-03-15")),
    );
    expect(known.terms["azure-api-exclusivity"]?.ended).toBeUndefined();
    expect(microsoft.terms["azure-api-exclusivity"]?.ended?.on).toBe("2026-04-27");
    for (const event of known.log ?? []) expect(reportedOn(event) <= "2026-03-15").toBe(true);
  });

  it("keeps an agreement's record with the first of its facts reported, and nothing else early", () => {
    const event = (type: fc.Arbitrary<string>) =>
      fc.record({ type, dates: fc.array(sourceDate, { maxLength: 3 }), recorded: day });
    // A log opens with the agreement's record, and has no other (the decider refuses one).
    const logs = fc
      .tuple(
        event(fc.constant("AgreementRecorded")),
        fc.array(event(fc.constantFrom("ExclusivityGranted", "DisputeRaised", "NoteAdded")), {
          maxLength: 8,
        }),
      )
      .map(([record, rest]) => [record, ...rest]);
    fc.assert(
      fc.property(logs, day, (drawn, asked) => {
        const log = drawn.map(({ type, dates, recorded }, index) => ({
          index,
          type,
          sources: dates.map((date) =>
            date === "undated" ? { publication: "P" } : { publication: "P", date },
          ),
          recordedAt: `${recorded}T12:00:00.000Z`,
        }));
        const kept = reportedIn(log, asked);
        const held = log.filter(reportedBy(asked));
        // In log order, every event the record held, and the record itself once any fact was.
        expect(kept.map(({ index }) => index)).toEqual(
          log
            .filter(
              (entry) =>
                held.includes(entry) || (entry.type === "AgreementRecorded" && held.length > 0),
            )
            .map(({ index }) => index),
        );
      }),
    );
  });

  it("knows the Microsoft–OpenAI record from Microsoft's statement, though its own reports are undated", () => {
    const microsoft = foldReference().agreements.find(({ id }) => id === "microsoft-openai");
    const log = microsoft?.log ?? [];
    expect(log.filter(reportedBy("2026-03-15")).map(({ type }) => type)).not.toContain(
      "AgreementRecorded",
    );
    const known = fold("t", "microsoft-openai", reportedIn(log, "2026-03-15"));
    expect(known.exists).toBe(true);
    expect(known.terms["azure-api-exclusivity"]?.ended).toBeUndefined();
    // Before Microsoft's statement (dated only to February: its last day), nothing was reported.
    expect(reportedIn(log, "2026-02-27")).toEqual([]);
  });
});

describe("a term reported only by a later change to it", () => {
  it("counts from that change's report: the revenue share OpenAI pays through 2030, loaded today", () => {
    const { agreements } = foldReference();
    const microsoft = agreements.find(({ id }) => id === "microsoft-openai");
    // The reference case loaded on 2026-12-06: its undated reports of 2022 count from then.
    const log = (microsoft?.log ?? []).map((event) => ({
      ...event,
      recordedAt: "2026-12-06T09:00:00.000Z",
    }));
    const known = fold("t1", "microsoft-openai", reportedIn(log, "2026-12-05"));
    // RevenueShareSet (2022; Reuters, CNBC, undated), amended on 2026-04-27 by the Microsoft
    // Blog: OpenAI keeps paying 20 % through 2030.
    const share = known.terms["openai-pays-microsoft"];
    expect(share?.kind).toBe("revenue-share");
    expect(attributesAt(share as Term, "2027-01-01")).toMatchObject({
      ratePercent: 20,
      until: "2030",
    });
    // A term nothing dated speaks of stays out until the day it was loaded.
    const unreported = (microsoft?.log ?? []).filter(
      (event) => event.data.termId === "microsoft-investment",
    );
    expect(unreported.every(({ sources }) => sources.every(({ date }) => !date))).toBe(true);
    expect(known.terms["microsoft-investment"]).toBeUndefined();
    expect(
      fold("t1", "microsoft-openai", reportedIn(log, "2026-12-06")).terms["microsoft-investment"],
    ).toBeDefined();
  });
});
