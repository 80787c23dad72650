/**
 * The event catalog the API validates with, imported from the domain package itself, so the
 * forms are built from the same zod schemas (and cannot drift from them). Loaded lazily with
 * the record screen: zod stays out of the initial bundle.
 */
import * as z from "zod";
import {
  EventInput,
  eventTypes,
  inputSchemaOf,
} from "../../../packages/core/src/events/catalog.ts";
import {
  termAttributeSchemas,
  termKindOfChange,
  termKindOfEnd,
  termKindOfGrant,
} from "../../../packages/core/src/events/term-events.ts";
import type { JsonSchema } from "./json-schema.ts";

export { EventInput, eventTypes, inputSchemaOf };

/** The types legal uses most, offered first. */
export const COMMON_TYPES = [
  "NoteAdded",
  "TermAmended",
  "ExclusivityEnded",
  "DistributionRightGranted",
  "DisputeRaised",
  "DisputeResolved",
  "OpenQuestionRaised",
  "OpenQuestionAnswered",
] as const;

const toJson = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as unknown as JsonSchema;

const cache = new Map<string, JsonSchema>();

export function formSchemaOf(type: string): JsonSchema | undefined {
  const schema = inputSchemaOf(type);
  if (!schema) return undefined;
  const cached = cache.get(type) ?? toJson(schema);
  cache.set(type, cached);
  return cached;
}

/** A term kind's attributes, for the fields a TermAmended may change. */
export function attributeSchemaOf(kind: string): { zod: z.ZodType; json: JsonSchema } | undefined {
  const schema = (termAttributeSchemas as Record<string, z.ZodType | undefined>)[kind];
  return schema ? { zod: schema, json: toJson(schema) } : undefined;
}

/** Events that name an existing term, and the kind it must be (null: any kind). */
export function existingTermKind(type: string): string | null | undefined {
  if (type in termKindOfEnd) return termKindOfEnd[type as keyof typeof termKindOfEnd];
  if (type in termKindOfChange)
    return termKindOfChange[type as keyof typeof termKindOfChange] ?? null;
  return undefined;
}

export const isGrant = (type: string): boolean => type in termKindOfGrant;

export interface Issue {
  path: string;
  message: string;
}

function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message))
    return "This is required.";
  if (issue.code === "unrecognized_keys")
    return `Not a field of this event: ${issue.keys.join(", ")}`;
  return issue.message;
}

/** Checks a value against a schema as the API will, with each problem at its field's path. */
export function validate(schema: z.ZodType, value: unknown, prefix = ""): Issue[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    path: prefix + issue.path.map(String).join("."),
    message: friendly(issue),
  }));
}

export function validateEvent(
  value: Record<string, unknown>,
  termKind: string | undefined,
): Issue[] {
  const schema = inputSchemaOf(String(value.type));
  if (!schema) return [{ path: "type", message: "Choose an event type." }];
  const issues = validate(schema, value);
  const attributes = termKind ? attributeSchemaOf(termKind) : undefined;
  if (
    value.type === "TermAmended" &&
    attributes &&
    value.changes &&
    typeof value.changes === "object"
  ) {
    issues.push(...validate(attributes.zod, value.changes, "changes."));
  }
  return issues;
}
