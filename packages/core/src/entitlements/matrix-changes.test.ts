import { describe, expect, it } from "vitest";
import {
  type CellRuns,
  matrixChanges,
  rangeForChanges,
  runsOfStretches,
} from "./matrix-changes.ts";

const range = { from: "2026-01-01", to: "2026-12-31" };

describe("the days a matrix changes", () => {
  it("given a cell whose record begins before the range, when it turns denied to allowed inside it, then that day is a change with what it was", () => {
    const cells: CellRuns[] = [
      {
        product: "p",
        provider: "a",
        runs: [
          ["1000-01-01", "denied", "certain"],
          ["2026-04-27", "allowed", "certain"],
        ],
      },
    ];
    expect(matrixChanges(cells, range)).toEqual([
      {
        date: "2026-04-27",
        cells: [
          {
            product: "p",
            provider: "a",
            decision: "allowed",
            certainty: "certain",
            was: { decision: "denied", certainty: "certain" },
          },
        ],
      },
    ]);
  });

  it("given two cells, then one day lists both, days are in order, and runs outside the range or a cell's first run are no change", () => {
    const cells: CellRuns[] = [
      {
        product: "p",
        provider: "a",
        runs: [
          ["2025-06-01", "allowed", "certain"],
          ["2026-02-01", "allowed", "uncertain"],
          ["2026-03-01", "conflict", "certain"],
          ["2027-01-01", "denied", "certain"],
        ],
      },
      {
        product: "p",
        provider: "b",
        runs: [
          ["2026-01-01", "denied", "certain"],
          ["2026-03-01", "allowed", "certain"],
        ],
      },
    ];
    const changes = matrixChanges(cells, range);
    expect(changes.map(({ date }) => date)).toEqual(["2026-02-01", "2026-03-01"]);
    expect(
      changes[1]?.cells.map(
        ({ provider, was, decision }) => `${provider} ${was.decision}→${decision}`,
      ),
    ).toEqual(["a allowed→conflict", "b denied→allowed"]);
  });

  it("given an evaluated timeline from the day before the range, then a change on the range's first day shows, and stretches with the same decision and certainty join", () => {
    const answer = (decision: "allowed" | "denied") => ({
      product: "p",
      provider: "a",
      segment: "s",
      at: "",
      decision,
      certainty: "certain" as const,
      reasons: [],
    });
    const { from } = rangeForChanges(range);
    expect(from).toBe("2025-12-31");
    const runs = runsOfStretches([
      { from, to: from, answer: answer("denied") },
      { from: "2026-01-01", to: "2026-05-31", answer: answer("allowed") },
      { from: "2026-06-01", to: "2026-12-31", answer: answer("allowed") },
    ]);
    expect(runs).toEqual([
      ["2025-12-31", "denied", "certain"],
      ["2026-01-01", "allowed", "certain"],
    ]);
    expect(
      matrixChanges([{ product: "p", provider: "a", runs }], range).map(({ date }) => date),
    ).toEqual(["2026-01-01"]);
  });
});
