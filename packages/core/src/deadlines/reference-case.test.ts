import { describe, expect, it } from "vitest";
import { decideAppend, decideRecordAgreement } from "../agreement/decide.ts";
import { evolve } from "../agreement/evolve.ts";
import { type AgreementState, initialAgreementState } from "../agreement/state.ts";
import type { PendingEvent } from "../events/envelope.ts";
import { referenceCase } from "../reference-case/index.ts";
import { deriveDeadlines } from "./derive.ts";

const today = "2026-04-27";

/** Replays a reference agreement through the real decider, as the API would record it. */
function replay(reference: (typeof referenceCase)[number]): AgreementState {
  const { id, ...command } = reference.agreement;
  let state = initialAgreementState("t1", id);
  const apply = (events: PendingEvent[]) => {
    for (const event of events) {
      const version = state.version + 1;
      state = evolve(state, {
        ...event,
        tenant: "t1",
        agreementId: id,
        id: `${id}-${version}`,
        version,
        recordedAt: `${today}T00:00:00.000Z`,
        recordedBy: "seed",
      });
    }
  };
  apply(decideRecordAgreement(state, command, { today }));
  for (const events of reference.commits) {
    apply(decideAppend(state, { expectedVersion: state.version, events }, { today }));
  }
  return state;
}

describe("the reference case's deadlines", () => {
  it("given the recorded case, when derived today, then every date of the facts table is there", () => {
    const deadlines = deriveDeadlines(referenceCase.map(replay), today);
    const dated = deadlines.map(({ date, precision, kind }) => `${date} ${precision} ${kind}`);
    expect(dated).toEqual(
      expect.arrayContaining([
        "2028-12-31 day tranche-due",
        "2030-12-31 year revenue-share-end",
        "2032-12-31 year license-end",
        "2034-02-28 month agreement-end",
        "2027-12-31 year capacity-milestone",
      ]),
    );
  });
});
