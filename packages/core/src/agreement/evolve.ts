import type { BaseEventType, EventData } from "../events/catalog.ts";
import type { Source, StoredEvent } from "../events/envelope.ts";
import type { TermChangeType, TermEndType, TermGrantType } from "../events/term-events.ts";
import { termKindOfGrant } from "../events/term-kinds.ts";
import { HistoryNeededError } from "./history.ts";
import {
  type AgreementState,
  type Dated,
  initialAgreementState,
  RECENT_NOTES,
  type Supersession,
} from "./state.ts";
import { fundingChanges } from "./tranche-funding.ts";

/** Who wrote an entry: for an imported event, the person who first recorded it, not the importer. */
const authorOf = (event: StoredEvent) => event.origin?.recordedBy ?? event.recordedBy;

type Handler<T extends BaseEventType> = (
  state: AgreementState,
  data: EventData<T>,
  event: StoredEvent,
) => AgreementState;

/**
 * A term cited by its grant and again by its amendment lists each publication once. Linear in
 * the sources: a term amended thousands of times, each citing its own minutes, folds each
 * event in time proportional to its sources, not to their square.
 */
export function withoutRepeats(sources: Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((source) => {
    const key = JSON.stringify(source);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const dated = (event: StoredEvent): Dated => ({
  on: event.effectiveOn,
  precision: event.precision,
  version: event.version,
});

const grant: Handler<TermGrantType> = (state, data, event) => {
  const { termId, ...attributes } = data;
  const term = {
    id: termId,
    kind: termKindOfGrant[event.type as TermGrantType],
    grantedBy: event.type,
    granted: dated(event),
    attributes,
    changes: [],
    sources: event.sources,
    cited: [{ ...dated(event), sources: event.sources }],
    versions: [event.version],
  };
  return { ...state, terms: { ...state.terms, [termId]: term } };
};

const withTerm = (
  state: AgreementState,
  termId: string,
  event: StoredEvent,
  update: (term: AgreementState["terms"][string]) => AgreementState["terms"][string],
): AgreementState => {
  const term = state.terms[termId];
  // A correction may refold an event whose term a retraction removed; the decider keeps that from being accepted.
  if (!term) return state;
  const updated = update({
    ...term,
    sources: withoutRepeats([...term.sources, ...event.sources]),
    cited: [...(term.cited ?? []), { ...dated(event), sources: event.sources }],
    versions: [...term.versions, event.version],
  });
  return { ...state, terms: { ...state.terms, [termId]: updated } };
};

const change =
  (
    toChanges: (data: Record<string, unknown>) => Record<string, unknown>,
  ): Handler<TermChangeType> =>
  (state, data, event) =>
    withTerm(state, data.termId, event, (term) => ({
      ...term,
      changes: [
        ...term.changes,
        {
          ...dated(event),
          changes: toChanges(data),
          summary: "summary" in data ? data.summary : undefined,
        },
      ],
    }));

const end: Handler<TermEndType> = (state, data, event) =>
  withTerm(state, data.termId, event, (term) => ({
    ...term,
    ended: { ...dated(event), reason: data.reason, by: event.type },
  }));

const stripTermId = ({ termId: _termId, summary: _summary, ...rest }: Record<string, unknown>) =>
  rest;

const handlers: { [T in BaseEventType]: Handler<T> } = {
  AgreementRecorded: (state, data, event) => ({
    ...state,
    exists: true,
    title: data.title,
    kind: data.kind,
    summary: data.summary,
    parties: data.parties,
    started: dated(event),
    endsOn: data.endsOn,
    sources: [...state.sources, ...event.sources],
  }),
  AgreementAmended: (state, data, event) => ({
    ...state,
    title: data.title ?? state.title,
    endsOn: data.endsOn ?? state.endsOn,
    amendments: [
      ...state.amendments,
      { ...dated(event), summary: data.summary, sources: event.sources },
    ],
  }),
  AgreementTerminated: (state, data, event) => ({
    ...state,
    terminated: { ...dated(event), reason: data.reason },
  }),
  DisputeRaised: (state, data, event) => ({
    ...state,
    disputes: {
      ...state.disputes,
      [data.disputeId]: {
        id: data.disputeId,
        kind: data.kind,
        claim: data.claim,
        claimedBy: data.claimedBy,
        concerns: data.concerns,
        raised: dated(event),
        sources: event.sources,
      },
    },
  }),
  DisputeResolved: (state, data, event) => {
    const dispute = state.disputes[data.disputeId];
    if (!dispute) return state;
    const resolved = { ...dated(event), resolution: data.resolution, sources: event.sources };
    return { ...state, disputes: { ...state.disputes, [dispute.id]: { ...dispute, resolved } } };
  },
  OpenQuestionRaised: (state, data, event) => ({
    ...state,
    questions: {
      ...state.questions,
      [data.questionId]: {
        id: data.questionId,
        question: data.question,
        raised: dated(event),
        sources: event.sources,
      },
    },
  }),
  OpenQuestionAnswered: (state, data, event) => {
    // A question the terms raise has no record of its own until someone answers it.
    const question = state.questions[data.questionId] ?? {
      id: data.questionId,
      question: "",
      raised: dated(event),
      sources: [],
    };
    const answered = { ...dated(event), answer: data.answer };
    return {
      ...state,
      questions: {
        ...state.questions,
        [question.id]: {
          ...question,
          answered,
          sources: withoutRepeats([...question.sources, ...event.sources]),
        },
      },
    };
  },
  NoteAdded: (state, data, event) => ({
    ...state,
    notes: [
      ...state.notes,
      { ...dated(event), text: data.text, recordedBy: authorOf(event), sources: event.sources },
    ].slice(-RECENT_NOTES),
    // Snapshots written before notes were counted hold every note they had.
    noteCount: (state.noteCount ?? state.notes.length) + 1,
  }),
  DeadlineAcknowledged: (state, data, event) => ({
    ...state,
    acknowledgements: {
      ...state.acknowledgements,
      [data.deadlineId]: {
        ...dated(event),
        deadlineId: data.deadlineId,
        deadlineDate: String((data as { deadlineDate?: string }).deadlineDate ?? ""),
        by: authorOf(event),
        note: data.note,
      },
    },
  }),
  // Retractions are applied by refolding the log (see `evolve`), never incrementally.
  EventRetracted: (state) => state,
  ExclusivityGranted: grant,
  DistributionRightGranted: grant,
  FirstShipPriorityGranted: grant,
  LicenseGranted: grant,
  RevenueShareSet: grant,
  InvestmentTrancheCommitted: grant,
  CapacityCommitted: grant,
  StakeRecorded: grant,
  ClauseAdded: grant,
  TermAmended: change((data) => data.changes as Record<string, unknown>),
  LicenseAmended: change(stripTermId),
  RevenueShareCapped: change(stripTermId),
  InvestmentTrancheFunded: (state, data, event) =>
    withTerm(state, data.termId, event, (term) => ({
      ...term,
      changes: [
        ...term.changes,
        { ...dated(event), changes: fundingChanges(term, data), summary: data.summary },
      ],
    })),
  ExclusivityEnded: end,
  DistributionRightEnded: end,
  FirstShipPriorityEnded: end,
  LicenseEnded: end,
  RevenueShareEnded: end,
  InvestmentTrancheLapsed: end,
  StakeSold: end,
  ClauseRemoved: end,
};

function apply(state: AgreementState, event: StoredEvent): AgreementState {
  const handler = handlers[event.type as BaseEventType] as Handler<BaseEventType> | undefined;
  // An event type this build does not know (from a newer writer) is kept in the log but changes no term.
  if (!handler) return state;
  return handler(state, event.data as EventData<BaseEventType>, event);
}

const isSupersession = (event: StoredEvent) =>
  event.type === "EventCorrected" || event.type === "EventRetracted";

interface CorrectionData {
  correctsVersion: number;
  reason: string;
  replacement: Pick<StoredEvent, "effectiveOn" | "precision" | "data" | "sources">;
}

function supersessionsIn(log: StoredEvent[]) {
  const supersessions: Record<number, Supersession> = {};
  const replacements = new Map<number, StoredEvent>();
  for (const event of log) {
    if (event.type === "EventCorrected") {
      const data = event.data as unknown as CorrectionData;
      const original = log.find((candidate) => candidate.version === data.correctsVersion);
      if (!original) continue;
      supersessions[original.version] = {
        by: event.version,
        kind: "corrected",
        reason: data.reason,
      };
      replacements.set(original.version, { ...original, ...data.replacement });
    } else if (event.type === "EventRetracted") {
      const data = event.data as { retractsVersion: number; reason: string };
      supersessions[data.retractsVersion] = {
        by: event.version,
        kind: "retracted",
        reason: data.reason,
      };
    }
  }
  return { supersessions, replacements };
}

/** Folds a log from scratch, each corrected event replaced and each retracted one left out. */
export function fold(tenant: string, agreementId: string, log: StoredEvent[]): AgreementState {
  const { supersessions, replacements } = supersessionsIn(log);
  let state = initialAgreementState(tenant, agreementId);
  for (const event of log) {
    if (isSupersession(event)) continue;
    if (supersessions[event.version]?.kind === "retracted") continue;
    state = apply(state, replacements.get(event.version) ?? event);
  }
  return { ...state, supersessions, log, version: log.at(-1)?.version ?? 0, ...recordedSpan(log) };
}

/** Stored instants are UTC ISO strings of one length, so the greater string is the later instant. */
const later = (a: string | undefined, b: string) => (a !== undefined && a > b ? a : b);
const earlier = (a: string | undefined, b: string) => (a !== undefined && a < b ? a : b);

function recordedSpan(log: StoredEvent[]) {
  let firstRecordedAt: string | undefined;
  let latestRecordedAt: string | undefined;
  for (const { recordedAt } of log) {
    firstRecordedAt = earlier(firstRecordedAt, recordedAt);
    latestRecordedAt = later(latestRecordedAt, recordedAt);
  }
  return { firstRecordedAt, latestRecordedAt };
}

/** Whether applying the event changes the past, so that only a state folded from the log can take it. */
export const changesThePast = (event: Pick<StoredEvent, "type">) =>
  isSupersession(event as StoredEvent);

/**
 * One event onto the state. Most events apply incrementally, on a snapshot as well as on a
 * state folded from the log; a correction or retraction changes the past, so the state is
 * refolded from the log it carries, and a snapshot (which carries none) cannot take it.
 */
export function evolve(state: AgreementState, event: StoredEvent): AgreementState {
  if (isSupersession(event)) {
    if (!state.log) throw new HistoryNeededError(state.id, event.type);
    return fold(state.tenant, state.id, [...state.log, event]);
  }
  const log = state.log ? [...state.log, event] : undefined;
  return {
    ...apply(state, event),
    log,
    version: event.version,
    firstRecordedAt: earlier(state.firstRecordedAt, event.recordedAt),
    latestRecordedAt: later(state.latestRecordedAt, event.recordedAt),
  };
}
