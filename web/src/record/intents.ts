import { type MoneyValue, moneyText } from "../agreements/values.ts";
import type { Agreement, Term } from "../api/types.ts";
import { type FuzzyDraft, fuzzyValue } from "./fuzzy-date-field.tsx";
import { attributeEvent, newValue, slug } from "./intent-values.ts";
import { type MoneyDraft, parseMoney } from "./money-field.tsx";
import { type SourceDraft, sourcesOf } from "./sources-list.tsx";
import { attributeKind, END_OF_KIND, unknownAmountOf } from "./term-attributes.ts";

type Obj = Record<string, unknown>;

/** What a person says happened, in their words; each becomes one event type or another. */
export const INTENTS = [
  {
    id: "amended",
    label: "A term was amended",
    hint: "a date, a condition, a rate or another value changed",
  },
  {
    id: "ended",
    label: "A term ended",
    hint: "an exclusivity, a right, a license or a share stopped",
  },
  {
    id: "amount",
    label: "An amount became known",
    hint: "a cap, a rate, a tranche or a deal's value",
  },
  { id: "funded", label: "A tranche was funded", hint: "an investment was paid in" },
  {
    id: "dispute",
    label: "A dispute was raised or settled",
    hint: "a party's claim, or reports that disagree",
  },
  {
    id: "answered",
    label: "An open question was answered",
    hint: "a window, a cap, conditions, or a recorded question",
  },
  {
    id: "correct",
    label: "Correct an earlier entry",
    hint: "it was recorded wrongly; the original stays, marked",
  },
  { id: "note", label: "Add a note", hint: "changes nothing; kept in the audit trail" },
] as const;
export type IntentId = (typeof INTENTS)[number]["id"];
export const isIntent = (value: string | null): value is IntentId =>
  INTENTS.some((intent) => intent.id === value);

export interface Draft {
  intent: IntentId | "";
  termId: string;
  /** The attribute that changes (amended, amount) or that a question asks about. */
  attribute: string;
  money: MoneyDraft;
  number: string;
  text: string;
  boolean: "" | "yes" | "no";
  date: FuzzyDraft;
  /** A sentence for the audit trail (amendments), a reason (ends, corrections), a claim… */
  note: string;
  questionId: string;
  inWords: boolean;
  disputeAction: "raise" | "settle";
  disputeId: string;
  disputeKind: "party-claim" | "conflicting-reports" | "uncertain-fact";
  claimedBy: string;
  concerns: string[];
  correctsVersion: string;
  replacement: Obj;
  effective: FuzzyDraft;
  sources: SourceDraft[];
}

export const emptySource = (): SourceDraft => ({ publication: "", date: "", url: "" });

export function newDraft(effectiveOn: string): Draft {
  return {
    intent: "",
    termId: "",
    attribute: "",
    money: { text: "", currency: "USD", qualifier: "exact" },
    number: "",
    text: "",
    boolean: "",
    date: { precision: "day", value: "" },
    note: "",
    questionId: "",
    inWords: false,
    disputeAction: "raise",
    disputeId: "",
    disputeKind: "party-claim",
    claimedBy: "",
    concerns: [],
    correctsVersion: "",
    replacement: {},
    effective: { precision: "day", value: effectiveOn },
    sources: [emptySource()],
  };
}

const LIVE: readonly string[] = ["in-force", "not-yet-effective"];
export const isLive = (term: Term) => LIVE.includes(term.status);

/** The terms an intent can concern, those most likely meant first. */
export function termsFor(intent: IntentId | "", agreement: Agreement): Term[] {
  const live = agreement.terms.filter(isLive);
  if (intent === "ended") return live.filter((term) => term.kind in END_OF_KIND);
  if (intent === "funded") return live.filter((term) => term.kind === "investment-tranche");
  if (intent === "amount") {
    const withAmount = live.filter((term) => unknownAmountOf(term) !== undefined);
    return [
      ...withAmount.filter((term) => unknownAmountOf(term)?.unknown),
      ...withAmount.filter((term) => !unknownAmountOf(term)?.unknown),
    ];
  }
  return live;
}

/** A question the terms raise (`{termId}:cap`) names its term and the attribute it asks about. */
export function questionTopic(questionId: string): { termId: string; attribute: string } | null {
  const [termId, topic] = questionId.split(":");
  const attribute = { cap: "cap", window: "windowDays", conditions: "conditions" }[topic ?? ""];
  return termId && attribute ? { termId, attribute } : null;
}

export type Errors = Record<string, string>;

export interface Built {
  event: Obj | null;
  errors: Errors;
  /** The term the change concerns and the attribute it sets, for the preview's before and after. */
  termChange?: { termId: string; attribute: string; after: unknown } | undefined;
}

function core(draft: Draft, agreement: Agreement): Built {
  const errors: Errors = {};
  const term = agreement.terms.find((candidate) => candidate.id === draft.termId);
  const needTerm = () => {
    if (!term) errors.term = "Choose the term it concerns.";
    return term;
  };
  const attributeChange = (termId: string, attribute: string, summary: string): Built => {
    const kind = attributeKind(attribute);
    const value = newValue(kind, draft);
    if ("error" in value) return { event: null, errors: { ...errors, value: value.error } };
    return {
      event: attributeEvent(termId, attribute, value.value, summary),
      errors,
      termChange: { termId, attribute, after: value.value },
    };
  };
  switch (draft.intent) {
    case "":
      return { event: null, errors: { intent: "Choose what happened." } };
    case "note":
      if (!draft.text.trim()) errors.text = "Write the note.";
      return { event: { type: "NoteAdded", text: draft.text.trim() }, errors };
    case "amended":
    case "amount": {
      if (!needTerm() || !term) return { event: null, errors };
      if (!draft.attribute) return { event: null, errors: { attribute: "Choose what changed." } };
      return attributeChange(term.id, draft.attribute, draft.note);
    }
    case "ended": {
      if (!needTerm() || !term) return { event: null, errors };
      const type = END_OF_KIND[term.kind];
      if (!type)
        return {
          event: null,
          errors: { term: "This kind of term cannot be ended; amend its end date." },
        };
      const reason = draft.note.trim();
      return { event: { type, termId: term.id, ...(reason ? { reason } : {}) }, errors };
    }
    case "funded": {
      if (!needTerm() || !term) return { event: null, errors };
      let amount: MoneyValue | undefined;
      if (draft.money.text.trim()) {
        const money = parseMoney(draft.money);
        if ("error" in money) return { event: null, errors: { value: money.error } };
        amount = money;
      }
      const summary = draft.note.trim();
      return {
        event: {
          type: "InvestmentTrancheFunded",
          termId: term.id,
          ...(amount ? { amount } : {}),
          ...(summary ? { summary } : {}),
        },
        errors,
        ...(amount ? { termChange: { termId: term.id, attribute: "amount", after: amount } } : {}),
      };
    }
    case "answered": {
      if (!draft.questionId) return { event: null, errors: { question: "Choose the question." } };
      const topic = questionTopic(draft.questionId);
      if (topic && !draft.inWords)
        return attributeChange(topic.termId, topic.attribute, draft.note);
      if (!draft.text.trim()) errors.text = "Write the answer.";
      return {
        event: {
          type: "OpenQuestionAnswered",
          questionId: draft.questionId,
          answer: draft.text.trim(),
        },
        errors,
      };
    }
    case "dispute": {
      if (draft.disputeAction === "settle") {
        if (!draft.disputeId) errors.dispute = "Choose the dispute.";
        if (!draft.text.trim()) errors.text = "Say how it was settled.";
        return {
          event: {
            type: "DisputeResolved",
            disputeId: draft.disputeId,
            resolution: draft.text.trim(),
          },
          errors,
        };
      }
      const claim = draft.text.trim();
      if (!claim) errors.text = "Write the claim.";
      const disputeId = `${slug(claim) || "dispute"}-${Date.now().toString(36).slice(-4)}`;
      return {
        event: {
          type: "DisputeRaised",
          disputeId: draft.disputeId || disputeId,
          kind: draft.disputeKind,
          claim,
          ...(draft.claimedBy ? { claimedBy: draft.claimedBy } : {}),
          ...(draft.concerns.length > 0 ? { concerns: { termIds: draft.concerns } } : {}),
        },
        errors,
      };
    }
    case "correct": {
      if (!draft.correctsVersion)
        return { event: null, errors: { entry: "Choose the entry to correct." } };
      if (!draft.note.trim()) errors.reason = "Say what was wrong.";
      const { type: _type, ...replacement } = draft.replacement;
      return {
        event: {
          type: "EventCorrected",
          correctsVersion: Number(draft.correctsVersion),
          reason: draft.note.trim(),
          replacement,
        },
        errors,
      };
    }
  }
}

/** The event a draft describes, with the envelope (effective date, sources), or its problems. */
export function buildEvent(draft: Draft, agreement: Agreement): Built {
  const built = core(draft, agreement);
  const errors = { ...built.errors };
  const effectiveOn = fuzzyValue(draft.effective);
  if (draft.effective.value && !effectiveOn)
    errors.effectiveOn = "Give a whole date, month or year.";
  const sources = sourcesOf(draft.sources);
  if ("errors" in sources) Object.assign(errors, sources.errors);
  if (!built.event || Object.keys(errors).length > 0)
    return { event: null, errors, termChange: built.termChange };
  // A correction carries its date inside the replacement; its own date is when it is recorded.
  const envelope = draft.intent === "correct" ? {} : { ...(effectiveOn ? { effectiveOn } : {}) };
  const withSources = "list" in sources && sources.list.length > 0 ? { sources: sources.list } : {};
  return {
    event: { ...built.event, ...envelope, ...withSources },
    errors,
    termChange: built.termChange,
  };
}

export { moneyText };
