import { describe, expect, it } from "vitest";
import { RuleViolationError } from "../errors.ts";
import { event } from "../testing/decider-events.ts";
import { append, given } from "../testing/decider-spec.ts";
import { referenceCatalog } from "../testing/in-memory-agreements.ts";
import { agreementAt } from "../views/agreement-view.ts";
import { namesIn } from "../views/names.ts";

/** "Products ship first on Azure", window unknown: the question the term itself raises. */
const firstShip = event("FirstShipPriorityGranted", "2026-04-27", {
  termId: "first-ship",
  holder: "azure",
  products: "all",
  windowDays: null,
});
const answer = (questionId: string) =>
  event("OpenQuestionAnswered", "2026-06-01", {
    questionId,
    answer: "90 days, per the filed agreement",
  })({ sources: [{ publication: "Microsoft 10-K" }] });
const names = namesIn(referenceCatalog);

describe("a question the terms raise", () => {
  it("is open until answered, then shows its answer from the answer's date on", () => {
    const spec = given(firstShip(), answer("first-ship:window"));
    const before = agreementAt(spec.state, "2026-05-15", names);
    expect(before.openQuestions.map(({ id }) => id)).toEqual(["first-ship:window"]);
    const after = agreementAt(spec.state, "2026-06-02", names);
    expect(after.openQuestions).toEqual([]);
    expect(after.answeredQuestions).toEqual([
      expect.objectContaining({
        id: "first-ship:window",
        origin: "derived",
        answer: "90 days, per the filed agreement",
        sources: expect.arrayContaining([{ publication: "Microsoft 10-K" }]),
      }),
    ]);
  });

  it("is answered once only, and an unknown question names the open ones", () => {
    given(firstShip(), answer("first-ship:window"))
      .when(append(answer("first-ship:window")))
      .thenThrows(RuleViolationError, "already answered", "events.0.questionId");
    given(firstShip())
      .when(append(answer("first-ship:cap")))
      .thenThrows(
        RuleViolationError,
        "open questions are: first-ship:window",
        "events.0.questionId",
      );
  });
});
