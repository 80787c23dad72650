/** The part of JSON Schema (as zod's toJSONSchema writes it) that the form generator reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number | boolean | null)[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  default?: unknown;
  format?: string;
  description?: string;
}

export const variantsOf = (schema: JsonSchema): JsonSchema[] => schema.anyOf ?? schema.oneOf ?? [];

export const isNull = (schema: JsonSchema): boolean => schema.type === "null";

/** "ratePercent" → "Rate percent"; a few fields get words of their own. */
const LABELS: Record<string, string> = {
  effectiveOn: "Effective on",
  termId: "Term",
  termIds: "Terms",
  untilCondition: "Until (a condition)",
  until: "Until",
  dueBy: "Due by",
  endsOn: "Ends on",
  ratePercent: "Rate (%)",
  windowDays: "Window (days)",
  disputeId: "Dispute id",
  questionId: "Question id",
  url: "URL",
};

export function labelOf(name: string): string {
  const known = LABELS[name];
  if (known) return known;
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Dates that may be known to the day, month or year (zod's FuzzyDate has no JSON Schema format). */
export const FUZZY_DATE_FIELDS = new Set(["effectiveOn", "until", "dueBy", "endsOn", "on"]);

/** Words that stand for a whole set where a list of ids could be given. */
const CONST_LABELS: Record<string, string> = {
  all: "all of the grantor's products",
  "any-cloud": "any cloud (every provider whose channel is cloud)",
};

/** What a variant of a union is called in the "which form" picker. */
export function variantLabel(variant: JsonSchema): string {
  if (variant.const !== undefined)
    return CONST_LABELS[String(variant.const)] ?? String(variant.const);
  if (variant.type === "array") return "chosen from a list";
  for (const [name, property] of Object.entries(variant.properties ?? {}))
    if (property.const !== undefined)
      return `${labelOf(name).toLowerCase()}: ${String(property.const)}`;
  return String(variant.type ?? "value");
}

/** Which variant a value is in, if any. */
export function variantIndex(variants: JsonSchema[], value: unknown): number {
  return variants.findIndex((variant) => {
    if (variant.const !== undefined) return variant.const === value;
    if (variant.type === "array") return Array.isArray(value);
    if (variant.type === "null") return value === null;
    if (
      variant.type === "object" &&
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value)
    ) {
      return Object.entries(variant.properties ?? {}).every(
        ([name, property]) =>
          property.const === undefined ||
          (value as Record<string, unknown>)[name] === property.const,
      );
    }
    if (variant.type === "number" || variant.type === "integer") return typeof value === "number";
    if (variant.type === "string") return typeof value === "string";
    return false;
  });
}

/** The value a newly picked variant starts from. */
export function initialOf(variant: JsonSchema): unknown {
  if (variant.const !== undefined) return variant.const;
  if (variant.type === "array") return [];
  if (variant.type === "null") return null;
  if (variant.type === "object") {
    const start: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(variant.properties ?? {}))
      if (property.const !== undefined) start[name] = property.const;
    return start;
  }
  return undefined;
}
