import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { latestDay } from "../dates.ts";
import { foldReference } from "../testing/in-memory-agreements.ts";
import { fold } from "./evolve.ts";
import { reportedBy, reportedOn } from "./reported-by.ts";

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
});
