import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Precision } from "../dates.ts";
import { RuleViolationError } from "../errors.ts";
import type { StoredEvent } from "../events/envelope.ts";
import { given } from "../testing/decider-spec.ts";
import { commit, referenceCatalog } from "../testing/in-memory-agreements.ts";
import { decideAppend } from "./decide.ts";
import { evolve, fold } from "./evolve.ts";
import { type AgreementState, initialAgreementState } from "./state.ts";

const today = "2026-11-01";
const recordedAt = `${today}T00:00:00.000Z`;
const day = (offset: number) => new Date(Date.UTC(2020, 0, 1 + offset)).toISOString().slice(0, 10);

type Event = { type: string; [field: string]: unknown };

/** One kind of term per grant type, with the event that ends it. */
const kinds = {
  exclusivity: {
    end: "ExclusivityEnded",
    grant: { type: "ExclusivityGranted", holder: "azure", scope: "api-layer", products: "all" },
  },
  distribution: {
    end: "DistributionRightEnded",
    grant: { type: "DistributionRightGranted", providers: ["aws"], products: ["frontier"] },
  },
  license: {
    end: "LicenseEnded",
    grant: {
      type: "LicenseGranted",
      licensor: "openai",
      licensee: "microsoft",
      subject: "IP",
      exclusive: true,
    },
  },
  share: {
    end: "RevenueShareEnded",
    grant: { type: "RevenueShareSet", payer: "openai", payee: "microsoft", ratePercent: 20 },
  },
  clause: { end: "ClauseRemoved", grant: { type: "ClauseAdded", title: "AGI", text: "A clause" } },
} as const;
type Kind = keyof typeof kinds;

type Op =
  | { op: "grant"; kind: Kind; slot: number }
  | { op: "amend"; slot: number; until?: number }
  | { op: "end"; slot: number }
  | { op: "note"; text: string }
  | { op: "raise"; slot: number }
  | { op: "resolve"; slot: number }
  | { op: "correct"; pick: number }
  | { op: "retract"; pick: number };

const slot = fc.integer({ min: 0, max: 3 });
const pick = fc.nat({ max: 1000 });
const dated = fc.record({
  offset: fc.integer({ min: 0, max: 4000 }),
  precision: fc.constantFrom<Precision>("day", "day", "month", "year"),
});
const termOps = fc.oneof(
  fc.record({
    op: fc.constant("grant" as const),
    kind: fc.constantFrom(...(Object.keys(kinds) as Kind[])),
    slot,
  }),
  fc.record({
    op: fc.constant("amend" as const),
    slot,
    until: fc.option(fc.nat({ max: 5000 }), { nil: undefined }),
  }),
  fc.record({ op: fc.constant("end" as const), slot }),
  fc.record({
    op: fc.constant("note" as const),
    text: fc.string({ minLength: 1, maxLength: 20 }).map((text) => `n ${text}`),
  }),
  fc.record({ op: fc.constant("raise" as const), slot }),
  fc.record({ op: fc.constant("resolve" as const), slot }),
);
const supersessionOps = fc.oneof(
  fc.record({ op: fc.constant("correct" as const), pick }),
  fc.record({ op: fc.constant("retract" as const), pick }),
);
const step = (ops: fc.Arbitrary<Op>) => fc.record({ op: ops, when: dated });
const plainLog = fc.array(step(termOps), { minLength: 1, maxLength: 25 });
const mixedLog = fc.array(
  step(fc.oneof({ weight: 4, arbitrary: termOps }, { weight: 1, arbitrary: supersessionOps })),
  {
    minLength: 1,
    maxLength: 30,
  },
);

const isSupersession = (type: string) => type === "EventCorrected" || type === "EventRetracted";
/** The field each type of event can take a corrected text in. */
const textField = (type: string) =>
  ({ NoteAdded: "text", DisputeRaised: "claim", DisputeResolved: "resolution" })[type] ??
  (type.endsWith("Ended") || type === "ClauseRemoved" ? "reason" : "summary");

function correctionOf(target: StoredEvent): Event {
  return {
    type: "EventCorrected",
    correctsVersion: target.version,
    reason: "misreported",
    replacement: { ...target.data, [textField(target.type)]: `corrected v${target.version}` },
  };
}

function toEvent(
  { op, when }: { op: Op; when: { offset: number; precision: Precision } },
  state: AgreementState,
): Event | undefined {
  const envelope = { effectiveOn: day(when.offset), precision: when.precision };
  const termId = (n: number) => `t${n}`;
  const term = "slot" in op ? state.terms[termId(op.slot)] : undefined;
  const targets = logOf(state).filter(({ type }) => !isSupersession(type));
  const target = "pick" in op ? targets[op.pick % targets.length] : undefined;
  switch (op.op) {
    case "grant":
      return { ...envelope, ...kinds[op.kind].grant, termId: termId(op.slot) };
    case "amend":
      return (
        term && {
          ...envelope,
          type: "TermAmended",
          termId: term.id,
          changes:
            op.until === undefined || term.kind === "clause"
              ? { summary: "amended" }
              : { until: day(op.until) },
        }
      );
    case "end": {
      const kind = Object.values(kinds).find(({ grant }) => grant.type === term?.grantedBy);
      return term && kind && { ...envelope, type: kind.end, termId: term.id };
    }
    case "note":
      return { ...envelope, type: "NoteAdded", text: op.text };
    case "raise":
      return {
        ...envelope,
        type: "DisputeRaised",
        disputeId: `d${op.slot}`,
        kind: "party-claim",
        claim: "claimed",
      };
    case "resolve":
      return {
        ...envelope,
        type: "DisputeResolved",
        disputeId: `d${op.slot}`,
        resolution: "settled",
      };
    case "correct":
      return target && correctionOf(target);
    case "retract":
      return (
        target && {
          type: "EventRetracted",
          retractsVersion: target.version,
          reason: "never happened",
        }
      );
  }
}

/** Tries one commit through the real decider; a refused one leaves the state as it was. */
function tryCommit(state: AgreementState, event: Event): AgreementState | undefined {
  try {
    const pending = decideAppend(
      state,
      { expectedVersion: state.version, events: [event] },
      { today, catalog: referenceCatalog },
    );
    return commit(state, pending, recordedAt);
  } catch (error) {
    if (error instanceof RuleViolationError) return undefined;
    throw error;
  }
}

function build(
  steps: { op: Op; when: { offset: number; precision: Precision } }[],
): AgreementState {
  return steps.reduce((state, item) => {
    const event = toEvent(item, state);
    return (event && tryCommit(state, event)) ?? state;
  }, given().state);
}

const evolveEach = (log: StoredEvent[]) =>
  log.reduce((state, event) => evolve(state, event), initialAgreementState("t1", "deal"));
/** What a state says about the agreement, without the log it keeps and its bookkeeping. */
/** The log a state folded from scratch carries (snapshots carry none). */
const logOf = (state: AgreementState) => state.log ?? [];
/** What the agreement says, without when and in which order it came to be known. */
const content = ({
  log: _log,
  supersessions: _s,
  version: _v,
  latestRecordedAt: _r,
  firstRecordedAt: _f,
  ...rest
}: AgreementState) => rest;

describe("fold", () => {
  it("equals evolving event by event from the initial state", () => {
    fc.assert(
      fc.property(mixedLog, (steps) => {
        const state = build(steps);
        expect(fold("t1", "deal", logOf(state))).toEqual(state);
        expect(fold("t1", "deal", logOf(state))).toEqual(evolveEach(logOf(state)));
      }),
      { numRuns: 150 },
    );
  });

  it("knows when it was first and last told: before, nothing of it was known; from the last on, it is itself", () => {
    const instant = fc
      .integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2027-01-01T00:00:00Z") })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(mixedLog, fc.array(instant, { minLength: 1 }), instant, (steps, times, asked) => {
        // Recorded in any order: clocks of different writers need not agree.
        const log = logOf(build(steps)).map((event, n) => ({
          ...event,
          recordedAt: times[n % times.length] as string,
        }));
        if (log.length === 0) return;
        const state = fold("t1", "deal", log);
        const instants = log.map(({ recordedAt }) => recordedAt).sort();
        const latest = instants.at(-1);
        expect(state.latestRecordedAt).toBe(latest);
        expect(evolveEach(log).latestRecordedAt).toBe(latest);
        expect(state.firstRecordedAt).toBe(instants[0]);
        expect(evolveEach(log).firstRecordedAt).toBe(instants[0]);
        const knownThen = fold(
          "t1",
          "deal",
          log.filter(({ recordedAt }) => recordedAt <= asked),
        );
        if (asked >= (latest as string)) expect(knownThen).toEqual(state);
        else expect(knownThen.log?.length).toBeLessThan(log.length);
        // Before its first recording, nothing of it was known.
        if (asked < (instants[0] as string)) expect(knownThen.exists).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it("is deterministic and does not change the log it folds", () => {
    fc.assert(
      fc.property(mixedLog, (steps) => {
        const log = logOf(build(steps));
        const before = structuredClone(log);
        const first = fold("t1", "deal", log);
        expect(fold("t1", "deal", structuredClone(log))).toEqual(first);
        expect(log).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it("applies a correction as if the corrected event had been in the log all along", () => {
    fc.assert(
      fc.property(plainLog, pick, (steps, choice) => {
        const state = build(steps);
        const candidates = logOf(state)
          .map((target) => ({ target, after: tryCommit(state, correctionOf(target)) }))
          .filter(({ after }) => after !== undefined);
        const chosen = candidates[choice % candidates.length];
        if (!chosen?.after) return;
        const correction = logOf(chosen.after).at(-1) as StoredEvent;
        const replacement = (correction.data as { replacement: Partial<StoredEvent> }).replacement;
        const substituted = logOf(state).map((event) =>
          event.version === chosen.target.version ? { ...event, ...replacement } : event,
        );
        expect(content(chosen.after)).toEqual(content(fold("t1", "deal", substituted)));
        expect(chosen.after.supersessions[chosen.target.version]?.kind).toBe("corrected");
      }),
      { numRuns: 100 },
    );
  });

  it("applies a retraction as if the retracted event had never been logged", () => {
    fc.assert(
      fc.property(plainLog, pick, (steps, choice) => {
        const state = build(steps);
        const retraction = (version: number) => ({
          type: "EventRetracted",
          retractsVersion: version,
          reason: "wrong",
        });
        const candidates = logOf(state)
          .map((target) => ({ target, after: tryCommit(state, retraction(target.version)) }))
          .filter(({ after }) => after !== undefined);
        const chosen = candidates[choice % candidates.length];
        if (!chosen?.after) return;
        const without = logOf(state).filter(({ version }) => version !== chosen.target.version);
        expect(content(chosen.after)).toEqual(content(fold("t1", "deal", without)));
        expect(logOf(chosen.after)).toHaveLength(logOf(state).length + 1);
      }),
      { numRuns: 100 },
    );
  });

  it("generates logs that exercise terms, ends and supersessions", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(mixedLog, (steps) => {
        for (const event of logOf(build(steps))) seen.add(event.type);
      }),
      { numRuns: 200, seed: 42 },
    );
    for (const type of [
      "ExclusivityGranted",
      "TermAmended",
      "LicenseEnded",
      "NoteAdded",
      "DisputeResolved",
      "EventCorrected",
      "EventRetracted",
    ])
      expect(seen).toContain(type);
  });
});
