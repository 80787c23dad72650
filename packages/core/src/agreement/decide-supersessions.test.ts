import { describe, expect, it } from "vitest";
import { RuleViolationError } from "../errors.ts";
import {
  amendShare,
  correct,
  event,
  exclusivity,
  note,
  retract,
  revenueShare,
} from "../testing/decider-events.ts";
import { append, given } from "../testing/decider-spec.ts";

describe("corrections and retractions", () => {
  describe("corrections", () => {
    it("replaces the data of the event it corrects (v2), as the fold sees it", () => {
      const { state } = given(revenueShare())
        .when(append(correct(revenueShare({ ratePercent: 25 }))))
        .then([
          {
            type: "EventCorrected",
            data: { correctsVersion: 2, replacement: { data: { ratePercent: 25 } } },
          },
        ]);
      expect(state.terms.share?.attributes.ratePercent).toBe(25);
      expect(state.supersessions[2]).toMatchObject({ kind: "corrected", by: 3 });
    });

    it("may move the event's date", () => {
      const { state } = given(revenueShare())
        .when(append(correct(revenueShare({ effectiveOn: "2023" }))))
        .then([{ type: "EventCorrected" }]);
      expect(state.terms.share?.granted).toMatchObject({ on: "2023-01-01", precision: "year" });
    });

    it.each([
      [
        "changes the termId",
        correct(revenueShare({ termId: "other" })),
        'must keep termId "share"',
        "events.0.replacement.termId",
      ],
      [
        "breaks the original's type",
        correct(revenueShare({ ratePercent: 150 })),
        "above 100%",
        "events.0.replacement.ratePercent",
      ],
      ["names a missing version", correct({}, 9), "has no version 9", "events.0.correctsVersion"],
    ])("is refused when it %s", (_name, input, message, path) => {
      given(revenueShare()).when(append(input)).thenThrows(RuleViolationError, message, path);
    });

    // Regression: corrections once skipped the kind's attribute check of TermAmended.
    it("holds a corrected amendment to the rules of its term's kind", () => {
      given(revenueShare(), amendShare({ until: "2030" }))
        .when(append(correct(amendShare({ ratePercent: 120 }), 3)))
        .thenThrows(RuleViolationError, "revenue-share");
    });

    // Regression: a replacement grant was once not checked for an until before its start.
    it("holds a corrected grant to the rule that an end cannot come before its start", () => {
      given(exclusivity())
        .when(append(correct(exclusivity({ until: "2020" }))))
        .thenThrows(RuleViolationError, "an end cannot come before its start");
    });
  });

  describe("retractions", () => {
    it("removes the term it created", () => {
      const { state } = given(revenueShare(), exclusivity())
        .when(append(retract(2)))
        .then([{ type: "EventRetracted", data: { retractsVersion: 2 } }]);
      expect(Object.keys(state.terms)).toEqual(["excl"]);
      expect(state.supersessions[2]).toMatchObject({ kind: "retracted", by: 4 });
    });

    it("is refused while later events depend on it", () => {
      given(revenueShare(), event("RevenueShareEnded", "2026-04-27", { termId: "share" })())
        .when(append(retract(2)))
        .thenThrows(
          RuleViolationError,
          "versions 3 depend on version 2",
          "events.0.retractsVersion",
        );
    });

    it("cannot retract the recording itself, a retraction, or the same event twice", () => {
      given()
        .when(append(retract(1)))
        .thenThrows(RuleViolationError, "recording of an agreement cannot be retracted");
      const retracted = given(note(), retract(2));
      retracted.when(append(retract(2))).thenThrows(RuleViolationError, "already retracted");
      retracted
        .when(append(retract(3)))
        .thenThrows(RuleViolationError, "is itself a EventRetracted");
    });
  });
});
