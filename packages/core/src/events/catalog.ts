import * as z from "zod";
import { FuzzyDate, Precision } from "../dates.ts";
import { agreementShapes } from "./agreement-events.ts";
import { Sources } from "./envelope.ts";
import { termChangeShapes, termEndShapes, termGrantShapes } from "./term-events.ts";
import { coverageGiven, coverageMessage, Text } from "./vocabulary.ts";

const dataShapes = {
  ...agreementShapes,
  ...termGrantShapes,
  ...termChangeShapes,
  ...termEndShapes,
} as const;

type DataShapes = typeof dataShapes;
export type BaseEventType = keyof DataShapes;
export type EventType = BaseEventType | "EventCorrected";

/**
 * What every event carries beside its data. `effectiveOn` may be a year (`2022`) or a month
 * (`2034-02`) and stays at that precision; absent, the event takes effect on the day it is recorded.
 */
const envelopeShape = {
  effectiveOn: FuzzyDate.optional(),
  precision: Precision.optional(),
  sources: Sources.optional(),
};

const needsCoverage = new Set<string>([
  "ExclusivityGranted",
  "DistributionRightGranted",
  "FirstShipPriorityGranted",
]);

function inputSchemaFor<T extends BaseEventType>(type: T) {
  const schema = z
    .object({ type: z.literal(type), ...envelopeShape, ...dataShapes[type] })
    .strict();
  if (!needsCoverage.has(type)) return schema;
  return schema.refine((value) => coverageGiven(value as never), coverageMessage);
}

const baseTypes = Object.keys(dataShapes) as BaseEventType[];
const baseSchemas = baseTypes.map((type) => inputSchemaFor(type));

/** One event as a person submits it, before the decider checks it against the agreement. */
const BaseEventInput = z.union(baseSchemas as unknown as [z.ZodType, ...z.ZodType[]]);

/** A correction replaces an earlier event with a whole new version of it, of the same type. */
const EventCorrectedInput = z
  .object({
    type: z.literal("EventCorrected"),
    ...envelopeShape,
    correctsVersion: z.number().int().positive(),
    reason: Text(500),
    replacement: z.record(z.string(), z.unknown()),
  })
  .strict();

export const eventTypes: readonly EventType[] = [...baseTypes, "EventCorrected"];

const schemaByType = new Map<string, z.ZodType>([
  ...baseTypes.map((type, index) => [type, baseSchemas[index]] as [string, z.ZodType]),
  ["EventCorrected", EventCorrectedInput],
]);

export function inputSchemaOf(type: string): z.ZodType | undefined {
  return schemaByType.get(type);
}

/**
 * The request schema for one event. It dispatches on `type` itself so that an unknown type is
 * reported as such, and a known type's errors name its own fields (not a union's guesses).
 */
export const EventInput = z
  .object({ type: z.string() })
  .loose()
  .superRefine((value, context) => {
    const schema = schemaByType.get(value.type);
    if (!schema) {
      context.addIssue({
        code: "custom",
        path: ["type"],
        message: `unknown event type "${value.type}"; use one of: ${eventTypes.join(", ")}`,
      });
      return;
    }
    const result = schema.safeParse(value);
    if (result.success) return;
    for (const issue of result.error.issues) {
      const path = issue.path as (string | number)[];
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          context.addIssue({
            code: "custom",
            path: [...path, key],
            message: `unknown field "${key}" for ${value.type}`,
          });
        }
      } else {
        context.addIssue({ code: "custom", path, message: issue.message });
      }
    }
  })
  .transform((value) => {
    const schema = schemaByType.get(value.type);
    return (schema ? schema.parse(value) : value) as EventInputValue;
  })
  .meta({
    description: `An event to append. \`type\` is one of: ${eventTypes.join(", ")}. See the event catalog in the README for each type's fields.`,
  });

type Envelope = { effectiveOn?: string; precision?: Precision; sources?: z.infer<typeof Sources> };
export type EventData<T extends BaseEventType> = z.output<z.ZodObject<DataShapes[T]>>;
export type EventInputOf<T extends BaseEventType> = { type: T } & Envelope & EventData<T>;
export type EventCorrectedInputValue = z.output<typeof EventCorrectedInput>;
export type EventInputValue =
  | { [T in BaseEventType]: EventInputOf<T> }[BaseEventType]
  | EventCorrectedInputValue;

export { BaseEventInput };
