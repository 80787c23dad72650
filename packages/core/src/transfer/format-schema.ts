import * as z from "zod";
import { RecordAgreementCommand } from "../agreement/decide.ts";
import { catalogEventSchemaOf, catalogEventTypes } from "../catalog/catalog-events.ts";
import { eventTypes, inputSchemaOf } from "../events/catalog.ts";
import { EXPORT_FORMAT, EXPORT_VERSION, ExportedWorkload } from "./export-document.ts";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown> };

const originProperties = {
  id: { type: "string", description: "The event's id where it was first recorded (export only)." },
  recordedAt: {
    type: "string",
    format: "date-time",
    description: "When it was first recorded (export only).",
  },
  recordedBy: { type: "string", description: "Who first recorded it (export only)." },
};

/** One event type's schema, as the API validates it, with the fields an export adds. */
function eventSchema(schema: z.ZodType, description: string): JsonSchema {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  return { ...json, description, properties: { ...json.properties, ...originProperties } };
}

const AgreementRecordedInput = RecordAgreementCommand.omit({ id: true }).extend({
  type: z.literal("AgreementRecorded"),
});

/**
 * The import and export format as a JSON Schema, generated from the same zod schemas that
 * validate requests, so that a person can write a document by hand (from a spreadsheet, say).
 * Ids are checked against the tenant's catalog on import, not by the schema.
 */
export function importFormatJsonSchema(): JsonSchema {
  const agreementTypes = eventTypes.filter((type) => type !== "AgreementRecorded");
  const defs: Record<string, JsonSchema> = {
    AgreementRecorded: eventSchema(
      AgreementRecordedInput,
      "The first event of every agreement: its title, parties and when it took effect.",
    ),
  };
  for (const type of agreementTypes) {
    const schema = inputSchemaOf(type);
    if (schema)
      defs[type] = eventSchema(
        schema,
        `A ${type} event, as POST /agreements/{id}/events takes it.`,
      );
  }
  for (const type of catalogEventTypes) {
    const schema = catalogEventSchemaOf(type);
    if (schema) defs[type] = eventSchema(schema, `A ${type} event of the tenant's catalog.`);
  }
  const refs = (types: readonly string[]) => types.map((type) => ({ $ref: `#/$defs/${type}` }));
  const { $schema: _s, ...workload } = z.toJSONSchema(ExportedWorkload, {
    io: "input",
  }) as JsonSchema;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Termline import and export document",
    description:
      "A whole tenant: its catalog's events in order, each agreement's events oldest first (the first is AgreementRecorded), and its workloads. A hand-written document leaves out id, recordedAt and recordedBy.",
    type: "object",
    required: ["format", "version"],
    additionalProperties: false,
    properties: {
      format: { const: EXPORT_FORMAT },
      version: { const: EXPORT_VERSION },
      exportedAt: { type: "string", format: "date-time" },
      catalog: { type: "array", items: { oneOf: refs(catalogEventTypes) } },
      agreements: {
        type: "array",
        items: {
          type: "object",
          required: ["id", "events"],
          additionalProperties: false,
          properties: {
            id: { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,79}$" },
            events: {
              type: "array",
              minItems: 1,
              items: { oneOf: refs(["AgreementRecorded", ...agreementTypes]) },
            },
          },
        },
      },
      workloads: { type: "array", items: workload },
    },
    $defs: defs,
  };
}
