import * as z from "zod";
import { FuzzyDate } from "../dates.ts";
import { Coverage, PartyId, ProviderId, TermId, Text } from "./vocabulary.ts";

export const AgreementParty = z.object({ party: PartyId, role: Text(100) }).strict();
export type AgreementParty = z.infer<typeof AgreementParty>;

export const AgreementKind = z.enum([
  "partnership",
  "cloud-services",
  "investment",
  "distribution",
  "license",
  "other",
]);

/** Events about the agreement as a whole, its disputes, questions and notes. */
export const agreementShapes = {
  AgreementRecorded: {
    title: Text(200),
    parties: z.array(AgreementParty).min(1).max(20),
    kind: AgreementKind.default("other"),
    endsOn: FuzzyDate.optional(),
    summary: Text(1000).optional(),
  },
  AgreementAmended: {
    summary: Text(1000),
    title: Text(200).optional(),
    endsOn: FuzzyDate.optional(),
  },
  AgreementTerminated: { reason: Text(500) },
  DisputeRaised: {
    disputeId: TermId,
    kind: z.enum(["party-claim", "conflicting-reports", "uncertain-fact"]),
    claim: Text(1000),
    claimedBy: PartyId.optional(),
    /** What the dispute puts in doubt: entitlements it touches become conditional while it is open. */
    concerns: z
      .object({
        termIds: z.array(TermId).max(20).optional(),
        ...Coverage,
        providers: z.array(ProviderId).min(1).max(20).optional(),
        /** Reports disagree on when the agreement's events dated `date` took effect: some say `alternative`. */
        effectiveOn: z.object({ date: FuzzyDate, alternative: FuzzyDate }).strict().optional(),
      })
      .strict()
      .optional(),
  },
  DisputeResolved: { disputeId: TermId, resolution: Text(1000) },
  OpenQuestionRaised: { questionId: TermId, question: Text(1000) },
  /** Answers a recorded question, or one the terms raise (`{termId}:window`, `:cap`, `:conditions`). */
  OpenQuestionAnswered: {
    questionId: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,79}(:[a-z]+)?$/,
        "a question's id, or a term's id and the topic it leaves open (e.g. first-ship:window)",
      ),
    answer: Text(1000),
  },
  NoteAdded: { text: Text(4000) },
  /** A person has seen this deadline: reminders stop until the deadline's date moves. */
  DeadlineAcknowledged: {
    deadlineId: z.string().min(1).max(200),
    note: Text(1000).optional(),
  },
  EventRetracted: {
    retractsVersion: z.number().int().positive(),
    reason: Text(500),
  },
} as const;

export type AgreementEventType = keyof typeof agreementShapes;
