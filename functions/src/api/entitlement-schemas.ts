import { z } from "@hono/zod-openapi";
import { CalendarDate, ProductId, ProviderId, Segment } from "@termline/core";
import { AtQuery, DecisionSchema, ReasonSchema, SourceSchema } from "./schemas.ts";

/** The answers over time: availability windows and conflict periods. Apart from schemas.ts to keep each file short. */

const RangeQuery = {
  from: CalendarDate.optional().meta({
    description: "The first day asked about (default: today).",
    example: "2025-01-01",
  }),
  to: CalendarDate.optional().meta({
    description:
      "The last day asked about, included (default: ten years after `from`; at most fifty).",
    example: "2027-01-01",
  }),
  knownAt: AtQuery.knownAt,
  reportedBy: AtQuery.reportedBy,
};

export const AvailabilityQuery = z.object({
  product: ProductId,
  provider: ProviderId,
  segment: Segment.default("commercial"),
  ...RangeQuery,
});

export const ConflictsQuery = z.object({
  ...RangeQuery,
  segment: Segment.optional().meta({ description: "Only this segment (default: every segment)." }),
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({
    description:
      "At most this many periods, the earliest first (default: all of them); `more` says whether some were left out. A list on a home page reads only the cells it shows.",
  }),
});

const Period = { from: z.string(), to: z.string() };

export const AvailabilityWindowSchema = z
  .object({
    ...Period,
    decision: DecisionSchema,
    certainty: z.enum(["certain", "uncertain"]).openapi({
      description: "`uncertain` if the answer is uncertain on any day of the window.",
    }),
    reasons: z
      .array(ReasonSchema)
      .openapi({ description: "The reasons on the window's first day." }),
    uncertainPeriods: z
      .array(z.object(Period))
      .optional()
      .openapi({ description: "On an uncertain window: the days within it that are uncertain." }),
  })
  .openapi("AvailabilityWindow");

export const AvailabilitySchema = z
  .object({
    product: ProductId,
    provider: ProviderId,
    segment: Segment,
    ...Period,
    windows: z.array(AvailabilityWindowSchema),
  })
  .openapi("Availability");

export const ConflictPeriodSchema = z
  .object({
    product: ProductId,
    provider: ProviderId,
    segment: Segment,
    ...Period,
    terms: z.array(
      z.object({
        agreementId: z.string(),
        termId: z.string(),
        summary: z.string(),
        sources: z.array(SourceSchema),
      }),
    ),
  })
  .openapi("ConflictPeriod");

export const ConflictsSchema = z
  .object({
    ...Period,
    conflicts: z.array(ConflictPeriodSchema),
    more: z.boolean().optional().openapi({
      description: "With `limit`: whether periods were left out.",
    }),
  })
  .openapi("Conflicts");

export const MatrixChangesQuery = z.object({
  ...RangeQuery,
  segment: Segment.default("commercial"),
});

const Answer = { decision: DecisionSchema, certainty: z.enum(["certain", "uncertain"]) };

export const MatrixChangesSchema = z
  .object({
    segment: Segment,
    ...Period,
    changes: z.array(
      z.object({
        date: z.string().openapi({ description: "The first day of the new answers." }),
        cells: z.array(
          z.object({
            product: ProductId,
            provider: ProviderId,
            ...Answer,
            was: z.object(Answer).openapi({ description: "The answer the day before." }),
          }),
        ),
      }),
    ),
  })
  .openapi("MatrixChanges");
