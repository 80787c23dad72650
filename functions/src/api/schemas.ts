import { z } from "@hono/zod-openapi";
import { AgreementId, CalendarDate, ProductId, ProviderId, Segment, Source } from "@termline/core";

// Every route group's responses; they live apart so the app's entry (health) needs only them.
export { json, ProblemSchema, problems, readProblems } from "./responses.ts";

/**
 * An instant in any offset and precision, handed on as the UTC ISO string with milliseconds that
 * every `recordedAt` is stored as, so comparing the strings compares the instants:
 * `12:30:00+02:00` is before `10:45:00.500Z`, and `10:00:00Z` before `10:00:00.500Z`.
 */
export const Instant = z.iso
  .datetime({
    offset: true,
    error: "must be an instant with its time and offset, such as 2026-05-01T00:00:00Z",
  })
  .transform((value) => new Date(value).toISOString());

export const AtQuery = {
  at: CalendarDate.optional().meta({
    description: "The business date the answer is for (default: today).",
    example: "2026-05-01",
  }),
  knownAt: Instant.optional().openapi({
    description: "Answer with only what had been recorded by this instant (default: now).",
    example: "2026-04-01T00:00:00Z",
  }),
  reportedBy: CalendarDate.optional().meta({
    description:
      "Answer with only the facts whose sources had been published by this day (an event without a dated source counts from when it was recorded).",
    example: "2026-03-15",
  }),
};
export const AtQuerySchema = z.object(AtQuery);

/** `limit` and `cursor` of a listing that pages, `order` saying how its pages follow. */
export const pageQuery = (what: string, order: string) => ({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .optional()
    .openapi({
      description: `At most this many ${what}, with \`next\` to ask for the following ones (default: all of them in one response). ${order} Not with \`knownAt\` or \`reportedBy\`.`,
    }),
  cursor: z.string().max(400).optional().openapi({
    description: "The `next` of the previous page, to read the page after it (with `limit`).",
  }),
});

/**
 * A cursor resumes a listing paged by `limit`: without it the whole list comes back, and the
 * cursor would be dropped unseen. Checked on the query (`.refine`), after any `omit`.
 */
export const cursorNeedsLimit = {
  check: (query: { limit?: number | undefined; cursor?: string | undefined }) =>
    query.cursor === undefined || query.limit !== undefined,
  params: { path: ["cursor"], message: "goes with limit, the size of the pages it resumes" },
};

export const AgreementParams = z.object({ id: AgreementId.meta({ example: "cloud-partnership" }) });

export const DeadlineParams = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({
      param: { name: "id", in: "path" },
      example: "amazon-openai:amazon-contingent-tranches:tranche-due",
    }),
});

export const SourceSchema = Source;
export const PartySchema = z.object({
  party: z.string(),
  role: z.string(),
  name: z.string().openapi({ description: "The party's name in the tenant's catalog today." }),
});

const PrecisionSchema = z.enum(["day", "month", "year"]);

export const EffectiveSchema = z
  .object({
    from: z.string(),
    fromPrecision: PrecisionSchema,
    to: z.string().nullable(),
    toPrecision: PrecisionSchema.nullable(),
    endCondition: z.string().nullable(),
  })
  .openapi("Effective", { description: "When the term holds, each bound at its precision." });

export const ReasonSchema = z
  .object({
    code: z.string().openapi({ example: "exclusive-to-other" }),
    agreementId: z.string().nullable(),
    termId: z.string().nullable(),
    summary: z.string(),
    sources: z.array(SourceSchema).openapi({
      description: "What the events in force on `at` cite; a later change's sources are not cited.",
    }),
    effective: EffectiveSchema.optional(),
    later: z
      .array(z.object({ on: z.string(), precision: PrecisionSchema }))
      .optional()
      .openapi({ description: "Changes to the term dated after `at`: known, not yet in force." }),
    evidence: z.enum(["primary", "press-only", "unmarked", "none"]).optional().openapi({
      description: "What the reason rests on; `press-only` is said in the summary too.",
    }),
  })
  .openapi("Reason");

export const CertaintySchema = z.enum(["certain", "uncertain"]).openapi("Certainty", {
  description:
    "`uncertain` when the answer could differ within the precision of a date it depends on (reason `imprecise-date`), or rests on a disputed term (reason `disputed`).",
});

export const DecisionSchema = z
  .enum(["allowed", "conditional", "denied", "conflict"])
  .openapi("Decision");

export const EntitlementQuery = z.object({
  product: ProductId,
  provider: ProviderId,
  segment: Segment.default("commercial"),
  ...AtQuery,
});

export const EntitlementSchema = z
  .object({
    product: ProductId,
    provider: ProviderId,
    segment: Segment,
    at: z.string(),
    decision: DecisionSchema,
    certainty: CertaintySchema,
    reasons: z.array(ReasonSchema),
  })
  .openapi("Entitlement");

export const MatrixSchema = z
  .object({
    at: z.string(),
    segment: Segment,
    products: z.array(ProductId),
    providers: z.array(ProviderId),
    cells: z.array(
      z.object({
        product: ProductId,
        provider: ProviderId,
        decision: DecisionSchema,
        certainty: CertaintySchema,
        reasons: z.array(ReasonSchema).optional().meta({
          description:
            "The cell's reasons, only with `reasons=true`: a cell's reasons are its entitlement's.",
        }),
      }),
    ),
  })
  .openapi("EntitlementMatrix");

export const MatrixQuery = z.object({
  segment: Segment.default("commercial"),
  reasons: z.enum(["true", "false"]).optional().meta({
    description:
      "`true` cites each cell's reasons, as its entitlement does (each cites every grant in force, so a large portfolio's matrix is megabytes); by default a cell is its decision and certainty.",
  }),
  ...AtQuery,
});

export const AgreementSummarySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    parties: z.array(PartySchema),
    status: z.string(),
    version: z.number().int(),
  })
  .openapi("AgreementSummary");

export const TermSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    summary: z.string(),
    status: z.enum([
      "not-yet-effective",
      "in-force",
      "expired",
      "ended",
      "terminated",
      "agreement-ended",
    ]),
    effective: z.object({
      from: z.string(),
      fromPrecision: z.string(),
      to: z.string().nullable(),
      toPrecision: z.string().nullable(),
      endCondition: z.string().nullable(),
    }),
    attributes: z.record(z.string(), z.unknown()),
    sources: z.array(SourceSchema),
  })
  .loose()
  .openapi("Term");

const QuestionSchema = z
  .object({
    id: z.string(),
    question: z.string(),
    origin: z.enum(["recorded", "derived"]),
    answer: z.string().nullable(),
  })
  .loose();

export const AgreementDetailSchema = AgreementSummarySchema.extend({
  at: z.string(),
  terms: z.array(TermSchema),
  disputes: z.array(
    z
      .object({
        id: z.string(),
        kind: z.string(),
        claim: z.string(),
        status: z.enum(["open", "resolved", "not-yet-raised"]),
      })
      .loose(),
  ),
  openQuestions: z.array(QuestionSchema),
  answeredQuestions: z.array(QuestionSchema).openapi({
    description:
      "Answered by `at`: recorded questions, and those the terms raise (`{termId}:window`, `:cap`, `:conditions`), answered with OpenQuestionAnswered.",
  }),
})
  .loose()
  .openapi("Agreement");

export const DeadlineSchema = z
  .object({
    id: z.string(),
    date: z.string(),
    precision: z.enum(["day", "month", "year"]),
    kind: z.string(),
    agreementId: z.string(),
    termId: z.string().optional(),
    summary: z.string(),
    alerts: z.array(z.object({ leadDays: z.number().int(), on: z.string() })),
    acknowledged: z
      .object({ on: z.string(), by: z.string(), version: z.number().int() })
      .optional()
      .openapi({
        description:
          "Set once a person acknowledged the deadline at its current date: no more reminders.",
      }),
    owner: z.object({ id: z.string(), name: z.string() }).optional().openapi({
      description: "The person who must not miss it; they get its reminders by e-mail.",
    }),
    snoozedUntil: z.string().optional().openapi({
      description:
        "Set while you (the caller, and only you) have it snoozed: the day it wakes. Until then your reminders about it pause.",
    }),
  })
  .openapi("Deadline");

export const StoredEventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    version: z.number().int(),
    effectiveOn: z.string(),
    precision: z.enum(["day", "month", "year"]),
    recordedAt: z.string(),
    recordedBy: z.string(),
    correlationId: z
      .string()
      .optional()
      .openapi({ description: "The X-Correlation-Id of the request that recorded it." }),
    data: z.record(z.string(), z.unknown()),
    sources: z.array(SourceSchema),
  })
  .openapi("Event");

/** What a write's caller is told of the answers it moves (commits, catalog changes, imports). */
export const AnswersState = z.enum(["current", "updating"]).openapi({
  description:
    "`current`: reads already give the answers after this write. `updating`: some answers it moves were still being worked out when it returned (a large portfolio); until they are, entitlement, matrix and conflict reads give the answers from before it, and they follow within minutes. A commit retried with the same Idempotency-Key says where they stand then. Absent from a dry run, which writes nothing.",
});
