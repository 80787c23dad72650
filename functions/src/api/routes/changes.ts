import { createRoute, z } from "@hono/zod-openapi";
import { AgreementId, CalendarDate, TermId } from "@termline/core";
import { stringify } from "csv-stringify/sync";
import { allChanges, type ChangeFilters, listChanges } from "../../services/changes.ts";
import type { Runtime } from "../../services/runtime.ts";
import { requireInOrder } from "../date-range.ts";
import { newRouter } from "../router.ts";
import { json, readProblems, SourceSchema, StoredEventSchema, TermSchema } from "../schemas.ts";

const TYPES = /^[A-Za-z]{1,60}(,[A-Za-z]{1,60}){0,19}$/;

const ChangesFilterQuery = {
  agreement: AgreementId.optional().meta({ description: "Only this agreement's changes." }),
  term: TermId.optional().meta({ description: "Only changes to this term." }),
  type: z
    .string()
    .regex(TYPES, "one to twenty event types, separated by commas")
    .optional()
    .openapi({
      description: "Only these event types, comma-separated.",
      example: "TermAmended,EventCorrected",
    }),
  recordedBy: z.string().min(1).max(200).optional().openapi({
    description: "Only changes recorded by this person.",
  }),
  from: CalendarDate.optional().meta({ description: "Recorded on or after this day." }),
  to: CalendarDate.optional().meta({ description: "Recorded on or before this day." }),
};

const ChangesQuery = z.object({
  ...ChangesFilterQuery,
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({
    description: "At most this many changes (default 50, at most 200).",
  }),
  cursor: z.string().max(400).optional().openapi({
    description: "Where the previous page stopped (its `next`).",
  }),
});

/** A term on a line of history: as the agreement shows it, less what grows with its events. */
const LineTerm = TermSchema.omit({ sources: true }).openapi("TermOnALine");

const ChangeSchema = StoredEventSchema.omit({ id: true, correlationId: true })
  .extend({
    agreementId: z.string(),
    agreementTitle: z.string(),
    eventId: z.string(),
    termId: z.string().optional(),
    term: z
      .object({ kind: z.string(), before: LineTerm.optional(), after: LineTerm.optional() })
      .optional()
      .openapi({
        description:
          "The term the change concerns, as it stood on the change's date just before and just after it (a correction: on the corrected entry's date).",
      }),
    supersedes: z.object({ version: z.number().int(), eventId: z.string() }).optional(),
    supersededBy: z
      .object({ version: z.number().int(), eventId: z.string(), type: z.string() })
      .optional()
      .openapi({ description: "Set once a later correction or retraction superseded this entry." }),
    sources: z.array(SourceSchema),
  })
  .openapi("Change");

const filtersOf = (query: z.infer<z.ZodObject<typeof ChangesFilterQuery>>): ChangeFilters => {
  if (query.from !== undefined) requireInOrder(query.from, query.to);
  return {
    agreement: query.agreement,
    term: query.term,
    types: query.type?.split(","),
    recordedBy: query.recordedBy,
    from: query.from,
    to: query.to,
  };
};

/** The tenant's history across agreements, newest first, as lines and as a CSV file. */
export function changeRoutes(runtime: Runtime) {
  return newRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/changes",
        tags: ["Agreements"],
        summary: "Every recorded change of the tenant, newest first",
        description:
          "One line per event across every agreement, with the term it concerns before and after, and whether a later correction superseded it. Filters combine; `next` pages on.",
        request: { query: ChangesQuery },
        responses: {
          200: json(
            z.object({ changes: z.array(ChangeSchema), next: z.string().optional() }),
            "A page of changes",
          ),
          ...readProblems,
        },
      }),
      async (c) => {
        const query = c.req.valid("query");
        const { limit, cursor } = query;
        const page = await listChanges(runtime, c.get("principal").tenant, filtersOf(query), {
          limit,
          cursor,
        });
        return c.json(page, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/changes.csv",
        tags: ["Agreements"],
        summary: "The recorded changes as a CSV file",
        description:
          "The same lines and filters as GET /changes, every page, one row per change: for a spreadsheet or an auditor.",
        request: { query: z.object(ChangesFilterQuery) },
        responses: {
          200: {
            content: { "text/csv": { schema: z.string() } },
            description: "CSV, with a header row",
          },
          ...readProblems,
        },
      }),
      async (c) => {
        const rows: unknown[][] = [];
        for await (const line of allChanges(
          runtime,
          c.get("principal").tenant,
          filtersOf(c.req.valid("query")),
        ))
          rows.push(csvRow(line));
        // A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
        // Excel, LibreOffice and Sheets: `escape_formulas` prefixes it with `'` (OWASP "CSV
        // Injection"). Numbers keep their sign; no date or id starts with one. The byte-order
        // mark tells Excel the file is UTF-8, so a title's "–" is not garbled.
        const csv = stringify(rows, {
          header: true,
          columns: CSV_COLUMNS,
          escape_formulas: true,
          bom: true,
        });
        return c.body(csv, 200, {
          "Content-Type": "text/csv; charset=utf-8",
          "Content-Disposition": 'attachment; filename="termline-changes.csv"',
        });
      },
    );
}

const CSV_COLUMNS = [
  "recorded at",
  "recorded by",
  "agreement",
  "version",
  "change",
  "effective on",
  "precision",
  "term",
  "before",
  "after",
  "superseded by version",
  "sources",
];

type Line = Awaited<ReturnType<typeof listChanges>>["changes"][number];

function csvRow(line: Line): unknown[] {
  return [
    line.recordedAt,
    line.recordedBy,
    line.agreementTitle,
    line.version,
    line.type,
    line.effectiveOn,
    line.precision,
    line.termId ?? "",
    line.term?.before?.summary ?? "",
    line.term?.after?.summary ?? "",
    line.supersededBy?.version ?? "",
    line.sources
      .map((source) =>
        [source.publication, source.title, source.date, source.url].filter(Boolean).join(", "),
      )
      .join("; "),
  ];
}
