import * as z from "zod";
import { AgreementId } from "../agreement/agreement-id.ts";
import { CatalogId } from "../catalog/catalog.ts";
import { toFuzzy } from "../dates.ts";
import type { EventOrigin, StoredEvent } from "../events/envelope.ts";

export const EXPORT_FORMAT = "termline-export";
export const EXPORT_VERSION = 1;

/** What an exported event carries besides its input fields; a hand-written one may leave them out. */
export const originFields = ["id", "recordedAt", "recordedBy"] as const;

/**
 * An event as a person would send it (`type`, `effectiveOn`, `sources` and its own fields),
 * plus where it was first recorded. Its fields are checked by the deciders on import, with
 * the same messages as any append.
 */
export const ExportedEvent = z
  .object({
    type: z.string().min(1).max(80),
    id: z.string().min(1).max(200).optional(),
    recordedAt: z.iso.datetime({ offset: true }).optional(),
    recordedBy: z.string().min(1).max(200).optional(),
  })
  .loose();
export type ExportedEvent = z.infer<typeof ExportedEvent>;

export const ExportedWorkload = z
  .object({
    id: CatalogId,
    name: z.string().trim().min(1).max(200),
    product: CatalogId,
    providers: z.array(CatalogId).min(1).max(20).optional(),
    segment: CatalogId.optional(),
  })
  .strict();
export type ExportedWorkload = z.infer<typeof ExportedWorkload>;

export const MAX_IMPORTED_EVENTS = 20_000;

export const ExportDocument = z
  .object({
    format: z.literal(EXPORT_FORMAT),
    version: z.literal(EXPORT_VERSION),
    exportedAt: z.iso.datetime({ offset: true }).optional(),
    catalog: z.array(ExportedEvent).max(MAX_IMPORTED_EVENTS).default([]),
    agreements: z
      .array(
        z
          .object({
            id: AgreementId,
            events: z
              .array(ExportedEvent)
              .min(1, "an agreement starts with AgreementRecorded")
              .max(MAX_IMPORTED_EVENTS),
          })
          .strict(),
      )
      .max(10_000)
      .default([]),
    workloads: z.array(ExportedWorkload).max(10_000).default([]),
  })
  .strict();
export type ExportDocument = z.output<typeof ExportDocument>;

/** Splits an exported event into what the decider reads and where it was first recorded. */
export function splitOrigin(event: ExportedEvent): {
  input: Record<string, unknown>;
  origin: EventOrigin | undefined;
} {
  const { id, recordedAt, recordedBy, ...input } = event;
  const origin = id && recordedAt && recordedBy ? { id, recordedAt, recordedBy } : undefined;
  return { input, origin };
}

/** Fields the decider adds itself; an import must not send them back. */
const derivedFields: Record<string, string[]> = { DeadlineAcknowledged: ["deadlineDate"] };

type Dated = Pick<StoredEvent, "effectiveOn" | "precision" | "sources" | "data">;

/** `2022-01-01` at year precision is written `2022`, as a person would write it. */
function flatten({ effectiveOn, precision, sources, data }: Dated, type: string) {
  const own = Object.fromEntries(
    Object.entries(data).filter(([field]) => !derivedFields[type]?.includes(field)),
  );
  if (type === "EventCorrected" && own.replacement && typeof own.replacement === "object") {
    const replacement = own.replacement as Dated;
    own.replacement = flatten(replacement, "");
  }
  return {
    effectiveOn: toFuzzy(effectiveOn, precision),
    ...(sources.length > 0 ? { sources } : {}),
    ...own,
  };
}

/** One stored event as the export writes it; an imported one keeps the id, time and author it came with. */
export function toExportedEvent(event: StoredEvent): ExportedEvent {
  const origin = event.origin ?? {
    id: event.id,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
  };
  return { ...origin, type: event.type, ...flatten(event, event.type) };
}
