import type { AgreementState, Term } from "../agreement/state.ts";
import { attributesAt, lastDayBefore, termStatusAt } from "../agreement/term-timeline.ts";
import {
  type CalendarDate,
  FuzzyDate,
  latestDay,
  type Precision,
  precisionOf,
  toFuzzy,
} from "../dates.ts";
import type { TermKind } from "../events/term-events.ts";
import { isRecord, type Names, text } from "../views/names.ts";
import {
  agreementEndSummary,
  capacityEndSummary,
  licenseSummary,
  milestoneSummary,
  revenueShareSummary,
  termEndSummary,
  trancheSummary,
} from "./summaries.ts";

export const deadlineKinds = [
  "tranche-due",
  "revenue-share-end",
  "license-end",
  "term-end",
  "capacity-end",
  "capacity-milestone",
  "agreement-end",
] as const;
export type DeadlineKind = (typeof deadlineKinds)[number];

/**
 * A date the product must warn about. `date` is the LATEST day the reported date could mean
 * (2030 → 2030-12-31), so alerts are never late; `precision` keeps how much of it is known.
 */
export interface Deadline {
  /** Stable across rebuilds, so calendar clients and acknowledgements can follow one deadline. */
  id: string;
  date: CalendarDate;
  precision: Precision;
  kind: DeadlineKind;
  agreementId: string;
  termId?: string | undefined;
  summary: string;
  /** Set when a person acknowledged this deadline at its current date: no more reminders. */
  acknowledged?: { on: CalendarDate; by: string; version: number } | undefined;
}

type Attributes = Record<string, unknown>;

/** A date that is not a real fuzzy date (e.g. `until: null` after an amendment removed it) is no deadline. */
const fuzzyDate = (value: unknown): FuzzyDate | undefined =>
  typeof value === "string" && FuzzyDate.safeParse(value).success ? value : undefined;

function make(
  id: string,
  kind: DeadlineKind,
  when: FuzzyDate,
  summary: string,
  agreementId: string,
  termId?: string,
): Deadline {
  const deadline: Deadline = {
    id,
    date: latestDay(when),
    precision: precisionOf(when),
    kind,
    agreementId,
    summary,
  };
  return termId === undefined ? deadline : { ...deadline, termId };
}

/** Which kinds of term end on an `until` date, and how that end reads. */
const untilRules: Partial<
  Record<
    TermKind,
    {
      kind: DeadlineKind;
      summary: (n: Names, term: Term, a: Attributes, until: FuzzyDate) => string;
    }
  >
> = {
  "revenue-share": {
    kind: "revenue-share-end",
    summary: (n, _, a, until) => revenueShareSummary(n, a, until),
  },
  license: { kind: "license-end", summary: (n, _, a, until) => licenseSummary(n, a, until) },
  exclusivity: {
    kind: "term-end",
    summary: (n, term, a, until) => termEndSummary(n, term.kind, a, until),
  },
  "distribution-right": {
    kind: "term-end",
    summary: (n, term, a, until) => termEndSummary(n, term.kind, a, until),
  },
  "first-ship-priority": {
    kind: "term-end",
    summary: (n, term, a, until) => termEndSummary(n, term.kind, a, until),
  },
  "capacity-commitment": {
    kind: "capacity-end",
    summary: (n, _, a, until) => capacityEndSummary(n, a, until),
  },
};

function milestoneDeadlines(
  n: Names,
  state: AgreementState,
  term: Term,
  a: Attributes,
): Deadline[] {
  if (!Array.isArray(a.milestones)) return [];
  return a.milestones.flatMap((milestone: unknown, index) => {
    if (!isRecord(milestone)) return [];
    const when = fuzzyDate(milestone.on);
    if (!when) return [];
    const description = text(milestone.description) ?? "Capacity milestone";
    const id = `${state.id}:${term.id}:capacity-milestone:${index}`;
    return [
      make(
        id,
        "capacity-milestone",
        when,
        milestoneSummary(n, a, description, when),
        state.id,
        term.id,
      ),
    ];
  });
}

/**
 * When the term stops holding, as far as is known on `at`: its `until`, or an end already
 * recorded for a later date, whichever comes first, at the precision each is known.
 */
function endOf(term: Term, a: Attributes, at: CalendarDate): FuzzyDate | undefined {
  const until = fuzzyDate(a.until);
  const ended = term.ended && term.ended.on > at ? term.ended : undefined;
  const byEvent = ended
    ? ended.precision === "day"
      ? lastDayBefore(ended)
      : toFuzzy(ended.on, ended.precision)
    : undefined;
  if (!until || !byEvent) return until ?? byEvent;
  return latestDay(byEvent) < latestDay(until) ? byEvent : until;
}

function termDeadlines(n: Names, state: AgreementState, term: Term, at: CalendarDate): Deadline[] {
  // A term not yet effective still has known dates ahead; one already over has nothing left to warn of.
  const status = termStatusAt(state, term, at);
  if (status !== "in-force" && status !== "not-yet-effective") return [];
  // The attributes as they stand on `at`: an amendment effective later is not yet seen.
  const a = attributesAt(term, at);
  const found: Deadline[] = [];
  const base = `${state.id}:${term.id}`;

  const due = fuzzyDate(a.dueBy);
  // A funded tranche has met its date; a lapsed one is `ended` and was skipped above.
  if (term.kind === "investment-tranche" && due && a.funded !== true) {
    found.push(
      make(`${base}:tranche-due`, "tranche-due", due, trancheSummary(n, a, due), state.id, term.id),
    );
  }
  const until = endOf(term, a, at);
  const rule = untilRules[term.kind];
  if (until && rule) {
    found.push(
      make(
        `${base}:${rule.kind}`,
        rule.kind,
        until,
        rule.summary(n, term, a, until),
        state.id,
        term.id,
      ),
    );
  }
  if (term.kind === "capacity-commitment") found.push(...milestoneDeadlines(n, state, term, a));
  return found;
}

function agreementDeadlines(n: Names, state: AgreementState, at: CalendarDate): Deadline[] {
  if (!state.exists) return [];
  // A termination is seen once it is effective, as `termStatusAt` sees it for terms.
  if (state.terminated && state.terminated.on <= at) return [];
  const found = Object.values(state.terms).flatMap((term) => termDeadlines(n, state, term, at));
  const endsOn = fuzzyDate(state.endsOn);
  if (endsOn && latestDay(endsOn) >= at) {
    const summary = agreementEndSummary(state.title, endsOn);
    found.push(make(`${state.id}:agreement-end`, "agreement-end", endsOn, summary, state.id));
  }
  return found;
}

function withAcknowledgement(state: AgreementState, deadline: Deadline): Deadline {
  const acknowledgement = state.acknowledgements?.[deadline.id];
  if (!acknowledgement || acknowledgement.deadlineDate !== deadline.date) return deadline;
  const { on, by, version } = acknowledgement;
  return { ...deadline, acknowledged: { on, by, version } };
}

/** Code-unit order, not locale order, so the list is the same on every machine. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every deadline of the agreements as they stand on `at`, by date then id. Dates already past
 * are kept while their term still holds (an unfunded tranche past its date is overdue, not
 * gone); callers narrow the window with `filterDeadlines`.
 */
export function deriveDeadlines(
  states: AgreementState[],
  at: CalendarDate,
  names: Names,
): Deadline[] {
  return states
    .flatMap((state) =>
      agreementDeadlines(names, state, at).map((deadline) => withAcknowledgement(state, deadline)),
    )
    .sort((a, b) => compare(a.date, b.date) || compare(a.id, b.id));
}
