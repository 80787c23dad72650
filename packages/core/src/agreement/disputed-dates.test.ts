import { describe, it } from "vitest";
import { RuleViolationError } from "../errors.ts";
import { exclusivity, raise } from "../testing/decider-events.ts";
import { append, given } from "../testing/decider-spec.ts";

describe("a dispute over when changes took effect", () => {
  it("is taken when some event takes effect on the disputed date", () => {
    given(exclusivity({ effectiveOn: "2022-01-01" }))
      .when(
        append(
          raise({ concerns: { effectiveOn: { date: "2022-01-01", alternative: "2022-01-02" } } }),
        ),
      )
      .then([{ type: "DisputeRaised" }]);
  });

  it("is refused for a date on which nothing happened, or an alternative that is the same date", () => {
    given(exclusivity({ effectiveOn: "2022-01-01" }))
      .when(
        append(
          raise({ concerns: { effectiveOn: { date: "2023-05-05", alternative: "2023-05-06" } } }),
        ),
      )
      .thenThrows(RuleViolationError, "no event", "events.0.concerns.effectiveOn.date");
    given(exclusivity({ effectiveOn: "2022-01-01" }))
      .when(
        append(
          raise({ concerns: { effectiveOn: { date: "2022-01-01", alternative: "2022-01-01" } } }),
        ),
      )
      .thenThrows(RuleViolationError, "same date", "events.0.concerns.effectiveOn.alternative");
  });
});
