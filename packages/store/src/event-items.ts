import { type StoredEvent, StoredEventShape, ValidationError } from "@termline/core";

/**
 * How events sit in the events table. The reader here is the only way back from an item to a
 * `StoredEvent`, for queries and stream images alike, so both always agree.
 */
export const EVENT_ITEM = "event";
export const IDEMPOTENCY_ITEM = "idempotency";

export function streamPk(tenant: string, agreementId: string): string {
  return `${tenant}#${agreementId}`;
}

/**
 * The index that lists a tenant's streams: sparse, since only a stream's first event carries
 * `startedStream`, so a tenant's rebuild pages through its own streams and nothing else.
 */
export const STREAMS_BY_TENANT_INDEX = "streamsByTenant";
export const STARTED_STREAM_ATTRIBUTE = "startedStream";

export function idempotencyPk(tenant: string, key: string): string {
  return `${tenant}#idempotency#${key}`;
}

export interface EventItem {
  pk: string;
  sk: number;
  itemType: typeof EVENT_ITEM;
  tenant: string;
  agreementId: string;
  version: number;
  id: string;
  type: string;
  effectiveOn: string;
  precision: StoredEvent["precision"];
  recordedAt: string;
  recordedBy: string;
  correlationId?: string | undefined;
  origin?: StoredEvent["origin"];
  data: Record<string, unknown>;
  sources: StoredEvent["sources"];
  /** The agreement's id, on its first event only: the key of `STREAMS_BY_TENANT_INDEX`. */
  startedStream?: string;
}

export function toEventItem(event: StoredEvent): EventItem {
  return {
    pk: streamPk(event.tenant, event.agreementId),
    sk: event.version,
    itemType: EVENT_ITEM,
    tenant: event.tenant,
    agreementId: event.agreementId,
    version: event.version,
    id: event.id,
    type: event.type,
    effectiveOn: event.effectiveOn,
    precision: event.precision,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
    ...(event.correlationId ? { correlationId: event.correlationId } : {}),
    ...(event.origin ? { origin: event.origin } : {}),
    data: event.data,
    sources: event.sources,
    ...(event.version === 1 ? { [STARTED_STREAM_ATTRIBUTE]: event.agreementId } : {}),
  };
}

export function isEventItem(item: Record<string, unknown>): boolean {
  return item.itemType === EVENT_ITEM;
}

/** Throws on an item that is not a well-formed event, so a corrupt item surfaces as one failed record. */
export function fromEventItem(item: Record<string, unknown>): StoredEvent {
  const parsed = StoredEventShape.safeParse(item);
  if (!parsed.success) {
    const where = typeof item.pk === "string" ? `${item.pk} v${String(item.sk)}` : "unknown key";
    throw new Error(`Malformed event item (${where}): ${parsed.error.message}`);
  }
  return parsed.data;
}

/** Checks events before they are written: the log must never hold what the readers would reject. */
export function assertValidEvents(events: StoredEvent[]): void {
  const errors = events.flatMap((event, index) => {
    const parsed = StoredEventShape.safeParse(event);
    return parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          path: ["events", index, ...issue.path].join("."),
          message: issue.message,
        }));
  });
  if (errors.length > 0) throw new ValidationError("Some events are not valid", { errors });
}
