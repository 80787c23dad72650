import * as z from "zod";
import { CalendarDate, Precision } from "../dates.ts";
import { hasControlCharacters, noControlCharacters } from "./text-rules.ts";

/** Only links a person can follow: `javascript:` or `data:` in a source would run in a reader's browser. */
const WebLink = z.url({ protocol: /^https?$/, error: "must be an http(s) link" }).max(2000);
const Plain = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !hasControlCharacters(value), noControlCharacters);

/** Where a fact was reported. Optional on every event; the reference case always gives one. */
export const Source = z
  .object({
    publication: Plain(200).pipe(z.string().min(1)),
    title: Plain(500).optional(),
    date: Plain(40).optional(),
    url: WebLink.optional(),
    /** `primary`: a party's own statement or the contract; `press`: a report about it. */
    kind: z.enum(["primary", "press"]).optional(),
  })
  .strict();
export type Source = z.infer<typeof Source>;

export const Sources = z.array(Source).max(50);

/**
 * An event as the log keeps it. `data` is the type-specific part, already validated against
 * the event catalog when it was decided; `effectiveOn` is when it holds in the contract,
 * `recordedAt` when Termline learned it.
 */
export interface StoredEvent<Type extends string = string, Data = Record<string, unknown>> {
  tenant: string;
  agreementId: string;
  id: string;
  version: number;
  type: Type;
  effectiveOn: CalendarDate;
  precision: Precision;
  recordedAt: string;
  recordedBy: string;
  /** The request that recorded it, carried to projections, the bus and webhooks for tracing. */
  correlationId?: string | undefined;
  /** Where an imported event was first recorded: its id, instant and author in the exporting tenant. */
  origin?: EventOrigin | undefined;
  data: Data;
  sources: Source[];
}

export const EventOrigin = z
  .object({
    id: z.string().min(1).max(200),
    recordedAt: z.iso.datetime({ offset: true }),
    recordedBy: z.string().min(1).max(200),
  })
  .strict();
export type EventOrigin = z.infer<typeof EventOrigin>;

/** What `decide` produces: an event before the store gives it a version and an id. */
export type PendingEvent = Omit<
  StoredEvent,
  "tenant" | "agreementId" | "id" | "version" | "recordedAt" | "recordedBy" | "correlationId"
>;

export const StoredEventShape = z.object({
  tenant: z.string(),
  agreementId: z.string(),
  id: z.string(),
  version: z.number().int().positive(),
  type: z.string(),
  effectiveOn: CalendarDate,
  precision: Precision,
  recordedAt: z.string(),
  recordedBy: z.string(),
  correlationId: z.string().max(200).optional(),
  origin: EventOrigin.optional(),
  data: z.record(z.string(), z.unknown()),
  sources: z.array(Source),
});
