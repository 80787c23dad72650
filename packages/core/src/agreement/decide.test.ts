import { describe, expect, it } from "vitest";
import {
  AlreadyExistsError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from "../errors.ts";
import {
  amendShare,
  endExclusivity,
  event,
  exclusivity,
  note,
  raise,
  resolve,
  revenueShare,
  terminate,
  tranche,
} from "../testing/decider-events.ts";
import {
  append,
  appendCommand,
  defaultAgreement,
  given,
  givenNoAgreement,
  record,
} from "../testing/decider-spec.ts";

describe("recording an agreement", () => {
  it("records it at the precision written", () => {
    const data = { title: defaultAgreement.title, kind: "partnership", endsOn: "2034-02" };
    givenNoAgreement()
      .when(record({ ...defaultAgreement, effectiveOn: "2019", endsOn: "2034-02" }))
      .then([{ type: "AgreementRecorded", effectiveOn: "2019-01-01", precision: "year", data }]);
  });

  it("refuses an id that already exists", () => {
    given().when(record(defaultAgreement)).thenThrows(AlreadyExistsError, '"deal" already exists');
  });

  it("refuses an end before the agreement takes effect", () => {
    givenNoAgreement()
      .when(record({ ...defaultAgreement, effectiveOn: "2026-02-27", endsOn: "2025" }))
      .thenThrows(RuleViolationError, "endsOn 2025 is before", "endsOn");
  });
});

describe("appending", () => {
  it("refuses an agreement that does not exist", () => {
    givenNoAgreement("ghost").when(append(note())).thenThrows(NotFoundError, '"ghost"');
  });

  describe("dates and precision", () => {
    it("keeps a year or a month as written, and may make a day coarser", () => {
      given()
        .when(
          append(
            exclusivity({ effectiveOn: "2022" }),
            note({ effectiveOn: "2034-02" }),
            note({ effectiveOn: "2026-04-27", precision: "month" }),
          ),
        )
        .then([
          { effectiveOn: "2022-01-01", precision: "year" },
          { effectiveOn: "2034-02-01", precision: "month" },
          { effectiveOn: "2026-04-01", precision: "month" },
        ]);
    });

    it("refuses a precision finer than the date written", () => {
      given()
        .when(append(note({ effectiveOn: "2022", precision: "day" })))
        .thenThrows(RuleViolationError, "known only to the year", "events.0.effectiveOn");
    });

    it("takes effect today when no date is given", () => {
      const { effectiveOn: _absent, ...undated } = note();
      given()
        .on("2026-03-15")
        .when(append(undated))
        .then([{ type: "NoteAdded", effectiveOn: "2026-03-15", precision: "day" }]);
    });
  });

  describe("the shape of events", () => {
    it.each([
      [
        "an impossible date",
        note({ effectiveOn: "2026-02-30" }),
        "real calendar date",
        "effectiveOn",
      ],
      ["an unknown type", { type: "Bogus" }, 'unknown event type "Bogus"', "type"],
      ["an unknown field", note({ color: "red" }), 'unknown field "color"', "color"],
      ["a rate above 100%", revenueShare({ ratePercent: 150 }), "above 100%", "ratePercent"],
    ])("refuses %s, naming the field", (_name, input, message, field) => {
      const error = given()
        .when(append(input))
        .thenThrows(ValidationError, message, `events.0.${field}`);
      expect(error.errors).toHaveLength(1);
    });

    it("refuses an empty commit", () => {
      given()
        .when(appendCommand({ events: [] }))
        .thenThrows(ValidationError, "at least one event");
    });
  });

  describe("granting terms", () => {
    it("grants a term", () => {
      const data = { termId: "excl", holder: "azure", scope: "api-layer", products: "all" };
      given()
        .when(append(exclusivity()))
        .then([{ type: "ExclusivityGranted", data, sources: [] }]);
    });

    it("refuses a termId already used", () => {
      given(exclusivity())
        .when(append(revenueShare({ termId: "excl" })))
        .thenThrows(RuleViolationError, 'term "excl" already exists', "events.0.termId");
    });

    it("refuses an until before the term takes effect", () => {
      given()
        .when(append(exclusivity({ effectiveOn: "2026-04-27", until: "2025-12" })))
        .thenThrows(RuleViolationError, "an end cannot come before its start", "events.0.until");
    });

    it("decides each event against the ones before it in the same commit", () => {
      const { state } = given()
        .when(append(revenueShare(), amendShare({ until: "2030" })))
        .then([{ type: "RevenueShareSet" }, { type: "TermAmended" }]);
      expect(state.terms.share?.changes).toMatchObject([
        { on: "2026-04-27", changes: { until: "2030" } },
      ]);
    });
  });

  describe("ending terms", () => {
    it("ends a term in force", () => {
      given(exclusivity())
        .when(append(endExclusivity()))
        .then([{ type: "ExclusivityEnded", effectiveOn: "2026-04-27", data: { termId: "excl" } }]);
    });

    const endLicense = event("LicenseEnded", "2026-04-27", { termId: "excl" });
    it.each([
      [
        "already ended",
        [exclusivity(), endExclusivity()],
        endExclusivity({ effectiveOn: "2026-05-01" }),
        'term "excl" already ended on 2026-04-27',
        undefined,
      ],
      [
        "never granted",
        [exclusivity()],
        endExclusivity({ termId: "nope" }),
        'has no term "nope"; its terms are: excl',
        "events.0.termId",
      ],
      [
        "of another kind",
        [exclusivity()],
        endLicense(),
        'term "excl" is a exclusivity, not a license',
        "events.0.type",
      ],
      [
        "not started yet",
        [exclusivity()],
        endExclusivity({ effectiveOn: "2021-06-30" }),
        'cannot end term "excl" on 2021-06-30, before it starts',
        "events.0.effectiveOn",
      ],
      [
        "already expired",
        [exclusivity({ until: "2025" })],
        endExclusivity(),
        'term "excl": it is not in force on 2026-04-27 (expired',
        undefined,
      ],
    ])("refuses to end a term %s, naming it", (_name, steps, input, message, path) => {
      given(...steps)
        .when(append(input))
        .thenThrows(RuleViolationError, message, path);
    });
  });

  describe("a terminated agreement", () => {
    const terminated = given(tranche(), terminate());

    it("takes no new tranche, nor another termination", () => {
      terminated
        .when(append(tranche({ termId: "second" })))
        .thenThrows(RuleViolationError, "was terminated on 2026-03-01");
      terminated
        .when(append({ type: "AgreementTerminated", reason: "again" }))
        .thenThrows(RuleViolationError, "was terminated on 2026-03-01");
    });

    it("still takes notes and disputes", () => {
      terminated
        .when(append(note({ text: "after the end" }), raise()))
        .then([{ type: "NoteAdded" }, { type: "DisputeRaised" }]);
    });
  });

  describe("amending a term", () => {
    it("refuses a change out of range for the term's kind", () => {
      given(revenueShare())
        .when(append(amendShare({ ratePercent: 120 })))
        .thenThrows(RuleViolationError, "(for a revenue-share)", "events.0.changes.ratePercent");
    });

    it("refuses an attribute the kind does not have", () => {
      const error = given(revenueShare())
        .when(append(amendShare({ bogus: 1 })))
        .thenThrows(RuleViolationError, "bogus");
      expect(error.errors?.[0]?.path.startsWith("events.0.changes")).toBe(true);
    });

    it("refuses a kind-specific amendment on another kind", () => {
      given(exclusivity())
        .when(append(event("LicenseAmended", "2026-04-27", { termId: "excl", exclusive: false })()))
        .thenThrows(
          RuleViolationError,
          "LicenseAmended applies only to a license",
          "events.0.type",
        );
    });

    it("funds a tranche once only", () => {
      const funded = event("InvestmentTrancheFunded", "2026-03-01", { termId: "tranche" });
      given(tranche(), funded())
        .when(append(funded()))
        .thenThrows(RuleViolationError, 'tranche "tranche" is already fully funded');
    });
  });

  describe("disputes", () => {
    it("raises one and resolves it", () => {
      given()
        .when(append(raise(), resolve()))
        .then([
          { type: "DisputeRaised" },
          { type: "DisputeResolved", data: { disputeId: "claim" } },
        ]);
    });

    it("refuses raising it twice, naming missing terms, or resolving it wrongly", () => {
      given(raise()).when(append(raise())).thenThrows(RuleViolationError, '"claim" already exists');
      given()
        .when(append(raise({ concerns: { termIds: ["ghost"] } })))
        .thenThrows(
          RuleViolationError,
          'no such terms in "deal": ghost',
          "events.0.concerns.termIds",
        );
      given().when(append(resolve())).thenThrows(RuleViolationError, 'has no dispute "claim"');
      given(raise(), resolve())
        .when(append(resolve({ effectiveOn: "2026-05-01" })))
        .thenThrows(RuleViolationError, "already resolved on 2026-04-27", "events.0.disputeId");
      given(raise())
        .when(append(resolve({ effectiveOn: "2026-01-15" })))
        .thenThrows(RuleViolationError, "before it was raised", "events.0.effectiveOn");
    });
  });

  describe("acknowledging a deadline", () => {
    const dueBy = (date: string) => tranche({ contingent: true, dueBy: date });
    const acknowledge = event("DeadlineAcknowledged", "2026-05-01", {
      deadlineId: "deal:tranche:tranche-due",
    });

    it("records the deadline's date with the acknowledgement", () => {
      const { state } = given(dueBy("2028-12-31"))
        .when(append(acknowledge()))
        .then([{ type: "DeadlineAcknowledged", data: { deadlineDate: "2028-12-31" } }]);
      expect(state.acknowledgements["deal:tranche:tranche-due"]).toMatchObject({
        deadlineDate: "2028-12-31",
      });
    });

    it("refuses a deadline the agreement does not have, listing those it has", () => {
      given(dueBy("2028-12-31"))
        .when(append(acknowledge({ deadlineId: "agreement:nope" })))
        .thenThrows(RuleViolationError, "deal:tranche:tranche-due", "events.0.deadlineId");
    });

    it("refuses a second acknowledgement of the same date, but takes one after the date moved", () => {
      given(dueBy("2028-12-31"), acknowledge())
        .when(append(acknowledge()))
        .thenThrows(RuleViolationError, "already acknowledged", "events.0.deadlineId");
      given(
        dueBy("2028-12-31"),
        acknowledge(),
        event("TermAmended", "2026-05-01", {
          termId: "tranche",
          changes: { dueBy: "2029-06-30" },
        })(),
      )
        .when(append(acknowledge()))
        .then([{ type: "DeadlineAcknowledged", data: { deadlineDate: "2029-06-30" } }]);
    });
  });
  describe("a commit is all or nothing", () => {
    it("throws, returning nothing, when its second event is invalid", () => {
      given()
        .when(append(note({ text: "fine" }), exclusivity({ holder: "Not A Slug" })))
        .thenThrows(ValidationError, "events.1.holder", "events.1.holder");
      given()
        .when(append(exclusivity(), exclusivity()))
        .thenThrows(RuleViolationError, 'events.1: term "excl" already exists', "events.1.termId");
    });
  });
});
