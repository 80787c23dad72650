import type { StoredEvent } from "../api/types.ts";
import type { Namer } from "../lib/names.ts";
import { KIND_LABEL } from "./term-name.ts";
import { attributeLabel, attributeText, changedKeys, isMoney, moneyText } from "./values.ts";

type Obj = Record<string, unknown>;

const isRecord = (value: unknown): value is Obj =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The kind of term each granting event creates (kept here: the domain's map would pull in zod). */
export const KIND_OF_GRANT: Record<string, string> = {
  ExclusivityGranted: "exclusivity",
  DistributionRightGranted: "distribution-right",
  FirstShipPriorityGranted: "first-ship-priority",
  LicenseGranted: "license",
  RevenueShareSet: "revenue-share",
  InvestmentTrancheCommitted: "investment-tranche",
  CapacityCommitted: "capacity-commitment",
  StakeRecorded: "stake",
  ClauseAdded: "clause",
};

const END_TYPES = new Set([
  "ExclusivityEnded",
  "DistributionRightEnded",
  "FirstShipPriorityEnded",
  "LicenseEnded",
  "RevenueShareEnded",
  "InvestmentTrancheLapsed",
  "StakeSold",
  "ClauseRemoved",
]);
const CHANGE_TYPES = new Set([
  "TermAmended",
  "LicenseAmended",
  "RevenueShareCapped",
  "InvestmentTrancheFunded",
]);

/** The kinds of change a person filters by, each the event types it covers. */
export const CHANGE_KINDS: { label: string; types: string[] }[] = [
  { label: "Terms granted", types: Object.keys(KIND_OF_GRANT) },
  { label: "Terms amended", types: ["TermAmended", "LicenseAmended", "RevenueShareCapped"] },
  { label: "Tranches funded", types: ["InvestmentTrancheFunded"] },
  { label: "Terms ended", types: [...END_TYPES] },
  { label: "Disputes", types: ["DisputeRaised", "DisputeResolved"] },
  { label: "Questions", types: ["OpenQuestionRaised", "OpenQuestionAnswered"] },
  { label: "Corrections and retractions", types: ["EventCorrected", "EventRetracted"] },
  { label: "Notes", types: ["NoteAdded"] },
  {
    label: "The agreement itself",
    types: ["AgreementRecorded", "AgreementAmended", "AgreementTerminated"],
  },
  { label: "Deadlines acknowledged", types: ["DeadlineAcknowledged"] },
];

export interface Superseded {
  /** Unknown when the superseding entry is not among those shown. */
  version?: number | undefined;
  type: string;
}

/** One change as the audit trail tells it. */
export interface HistoryEntry {
  event: StoredEvent;
  termId: string | undefined;
  termKind: string | undefined;
  /** Amendments: the term's attributes before and after; corrections: the entry before and after. */
  diff: { key: string; before: string; after: string }[];
  headline: string;
  supersededBy: Superseded | undefined;
}

const LONG = 140;
const short = (text: string) => (text.length > LONG ? `${text.slice(0, LONG - 1)}…` : text);
const str = (value: unknown) => (typeof value === "string" ? value : "");

function withReason(label: string, reason: unknown): string {
  const text = str(reason);
  return text ? `${label}: ${short(text)}` : label;
}

/** What a change's data looks like to the diff: a correction compares the whole entry. */
function entryFields(data: Obj, effectiveOn?: unknown): Obj {
  const { termId: _termId, ...rest } = data;
  return effectiveOn === undefined ? rest : { effectiveOn, ...rest };
}

function diffOf(before: Obj, after: Obj, names: Namer, kind: string | undefined) {
  return changedKeys(before, after).map((key) => ({
    key,
    before: attributeText(key, before[key], names, kind),
    after: attributeText(key, after[key], names, kind),
  }));
}

export function headlineOf(
  event: { type: string; data: Obj },
  kind: string | undefined,
  diff: HistoryEntry["diff"],
  before: Obj | undefined,
): string {
  const { type, data } = event;
  const kindLabel = KIND_LABEL[kind ?? ""] ?? "Term";
  if (type === "RevenueShareCapped") {
    const was = isRecord(before?.cap) ? before.cap : undefined;
    const cap = diff.find((line) => line.key === "cap");
    const verb =
      was?.disclosed === false && isRecord(data.cap) && data.cap.disclosed
        ? "disclosed"
        : was
          ? "changed"
          : "set";
    return cap ? `Cap ${verb}: ${cap.before} → ${cap.after}` : `Cap ${verb}`;
  }
  if (type === "InvestmentTrancheFunded")
    return isMoney(data.amount) ? `Tranche funded: ${moneyText(data.amount)}` : "Tranche funded";
  if (CHANGE_TYPES.has(type)) {
    if (diff.length === 1 && diff[0])
      return `${attributeLabel(diff[0].key)}: ${diff[0].before} → ${diff[0].after}`;
    if (diff.length === 0) return withReason(`${kindLabel} amended`, data.summary);
    return `${kindLabel} amended: ${diff.map((line) => attributeLabel(line.key).toLowerCase()).join(", ")}`;
  }
  if (type in KIND_OF_GRANT) {
    const verb =
      type === "RevenueShareSet"
        ? "set"
        : type === "InvestmentTrancheCommitted"
          ? "committed"
          : "granted";
    const amount = isMoney(data.amount) ? ` (${moneyText(data.amount)})` : "";
    return withReason(`${kindLabel} ${verb}${amount}`, data.summary ?? data.title);
  }
  if (END_TYPES.has(type)) return withReason(`${kindLabel} ended`, data.reason);
  const simple: Record<string, [string, unknown]> = {
    AgreementRecorded: ["Agreement recorded", data.title],
    AgreementAmended: ["Agreement amended", data.summary],
    AgreementTerminated: ["Agreement terminated", data.reason],
    DisputeRaised: ["Dispute raised", data.claim],
    DisputeResolved: ["Dispute settled", data.resolution],
    OpenQuestionRaised: ["Question raised", data.question],
    OpenQuestionAnswered: ["Question answered", data.answer],
    NoteAdded: ["Note", data.text],
    DeadlineAcknowledged: ["Deadline acknowledged", data.note],
    EventRetracted: [`Entry v${String(data.retractsVersion)} retracted`, data.reason],
    EventCorrected: [`Correction of v${String(data.correctsVersion)}`, data.reason],
  };
  const known = simple[type];
  if (known) return withReason(known[0], known[1]);
  return type;
}

/** A term's attributes after a change to them (an amendment, a cap, a funding). */
function applied(type: string, before: Obj, data: Obj): Obj {
  const { termId: _id, summary: _summary, ...fields } = data;
  const changes = type === "TermAmended" && isRecord(data.changes) ? data.changes : fields;
  const after = { ...before, ...changes };
  if (type === "InvestmentTrancheFunded") after.funded = true;
  return after;
}

/** What a correction changed in the entry it corrects, field by field, in words. */
export function correctionDiff(
  original: { data: Obj; effectiveOn: string },
  replacement: unknown,
  names: Namer,
  kind: string | undefined,
): HistoryEntry["diff"] {
  const replaced = isRecord(replacement) ? replacement : {};
  return diffOf(
    entryFields(original.data, original.effectiveOn),
    entryFields(
      isRecord(replaced.data) ? replaced.data : {},
      replaced.effectiveOn ?? original.effectiveOn,
    ),
    names,
    kind,
  );
}

/**
 * The agreement's log told as a history, oldest first: each amendment with its term before and
 * after (folded from the log, corrections applied, retractions left out), each correction with
 * what it changed in the entry, and each entry a later one corrected or retracted marked so.
 */
export function historyOf(events: readonly StoredEvent[], names: Namer): HistoryEntry[] {
  const superseded = new Map<number, Superseded>();
  const replacement = new Map<number, Obj>();
  for (const event of events) {
    if (event.type === "EventCorrected") {
      const target = Number(event.data.correctsVersion);
      superseded.set(target, { version: event.version, type: event.type });
      const replaced = isRecord(event.data.replacement) ? event.data.replacement : {};
      replacement.set(target, isRecord(replaced.data) ? replaced.data : {});
    }
    if (event.type === "EventRetracted")
      superseded.set(Number(event.data.retractsVersion), {
        version: event.version,
        type: event.type,
      });
  }
  const byVersion = new Map(events.map((event) => [event.version, event]));
  const terms = new Map<string, { kind: string; attributes: Obj }>();
  return events.map((event): HistoryEntry => {
    const retracted = superseded.get(event.version)?.type === "EventRetracted";
    const data = replacement.get(event.version) ?? event.data;
    const termId = typeof data.termId === "string" ? data.termId : undefined;
    const term = termId ? terms.get(termId) : undefined;
    const kind = KIND_OF_GRANT[event.type] ?? term?.kind;
    let diff: HistoryEntry["diff"] = [];
    let before: Obj | undefined;
    if (event.type === "EventCorrected") {
      const original = byVersion.get(Number(event.data.correctsVersion));
      const replaced = isRecord(event.data.replacement) ? event.data.replacement : {};
      if (original) {
        const originalKind =
          KIND_OF_GRANT[original.type] ?? terms.get(str(original.data.termId))?.kind;
        diff = diffOf(
          entryFields(original.data, original.effectiveOn),
          entryFields(
            isRecord(replaced.data) ? replaced.data : {},
            replaced.effectiveOn ?? original.effectiveOn,
          ),
          names,
          originalKind,
        );
      }
      const headline = withReason(
        `Correction of v${String(event.data.correctsVersion)}${original ? ` (${headlineOf(original, KIND_OF_GRANT[original.type], [], undefined).split(":")[0]})` : ""}`,
        event.data.reason,
      );
      const correctedTerm = original ? str(original.data.termId) || undefined : undefined;
      return {
        event,
        termId: correctedTerm,
        termKind: correctedTerm ? terms.get(correctedTerm)?.kind : undefined,
        diff,
        headline,
        supersededBy: superseded.get(event.version),
      };
    }
    if (!retracted && termId) {
      if (event.type in KIND_OF_GRANT && kind) {
        const { termId: _id, ...attributes } = data;
        terms.set(termId, { kind, attributes });
      } else if (CHANGE_TYPES.has(event.type) && term) {
        before = term.attributes;
        // The line shows the entry as recorded; the term goes on as corrected.
        const shown = applied(event.type, before, event.data);
        diff = diffOf(before, shown, names, kind);
        terms.set(termId, { kind: term.kind, attributes: applied(event.type, before, data) });
      }
    }
    return {
      event,
      termId,
      termKind: kind,
      diff,
      headline: headlineOf(event, kind, diff, before),
      supersededBy: superseded.get(event.version),
    };
  });
}
