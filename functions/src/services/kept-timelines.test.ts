import { describe, expect, it } from "vitest";
import { timelineCiting } from "../projector/answer-fixtures.ts";
import { storedTimelineOf } from "../projector/answer-items.ts";
import { periodsKeptIn } from "./kept-timelines.ts";

describe("a stored timeline's periods, kept per container", () => {
  it("given a timeline read before, when read again, then the same periods are answered without parsing them again", () => {
    const stored = storedTimelineOf(timelineCiting("Granted on any cloud."));
    const first = periodsKeptIn(stored);
    expect(first).toEqual(timelineCiting("Granted on any cloud.").periods);
    expect(periodsKeptIn({ ...stored })).toBe(first);
  });

  it("given an item rewritten with other answers, when read, then its own periods are answered", () => {
    periodsKeptIn(storedTimelineOf(timelineCiting("Granted until 2030.")));
    const rewritten = periodsKeptIn(storedTimelineOf(timelineCiting("Granted until 2032.")));
    expect(rewritten?.[0]?.answer.reasons[0]?.summary).toBe("Granted until 2032.");
  });

  it("given periods every reader shares, when one tries to change them, then it fails", () => {
    const periods = periodsKeptIn(storedTimelineOf(timelineCiting("Shared.")));
    const reasons = periods?.[0]?.answer.reasons as { summary: string }[] | undefined;
    expect(() => {
      if (reasons?.[0]) reasons[0].summary = "Changed.";
    }).toThrow(TypeError);
    expect(() => reasons?.push({ summary: "Added." })).toThrow(TypeError);
  });

  it("given the mark of a timeline too large to keep, when read, then there are no periods", () => {
    expect(periodsKeptIn({ tooLarge: true })).toBeUndefined();
  });
});
