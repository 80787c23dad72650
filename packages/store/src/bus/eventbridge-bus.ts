import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import { BUS_SOURCE, type BusEntry, type EventBus } from "@termline/core";
import { type FailedEntry, PublishFailedError } from "./publish-failed-error.ts";

/** PutEvents accepts at most 10 entries and 256 KiB per request. */
export const MAX_ENTRIES_PER_PUT = 10;
export const MAX_PUT_BYTES = 256 * 1024;

export interface EventBridgeBusOptions {
  busName: string;
  /** Defaults to the ambient AWS configuration (the Lambda's role and region). */
  client?: Pick<EventBridgeClient, "send">;
  /** Tries per entry, the first included (the SDK's own retries sit inside each try). */
  maxAttempts?: number;
  retryBaseMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

interface Pending {
  index: number;
  entry: BusEntry;
  request: PutEventsRequestEntry;
  size: number;
  errorCode?: string;
  errorMessage?: string;
}

const bytes = (text: string | undefined) => (text ? Buffer.byteLength(text, "utf8") : 0);

/**
 * Measured as AWS documents it (Source, DetailType, Detail, Resources; 14 bytes for Time), plus
 * the bus name: counting it over-estimates a little, which only ever splits a request sooner.
 */
export function putEventsEntrySize(entry: PutEventsRequestEntry): number {
  return (
    (entry.Time ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    bytes(entry.EventBusName) +
    (entry.Resources ?? []).reduce((total, resource) => total + bytes(resource), 0)
  );
}

/** Splits entries into requests of at most 10 entries and 256 KiB, keeping their order. */
export function chunkEntries<T extends { size: number }>(entries: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const entry of entries) {
    if (current.length === MAX_ENTRIES_PER_PUT || size + entry.size > MAX_PUT_BYTES) {
      if (current.length > 0) chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += entry.size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The EventBridge adapter of the bus port. PutEvents succeeds as a call even when some of its
 * entries fail, so each response is read entry by entry; failed entries alone are retried with
 * backoff, and whatever still fails is thrown as a PublishFailedError rather than dropped.
 */
export class EventBridgeBus implements EventBus {
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly client: Pick<EventBridgeClient, "send">;

  constructor(private readonly options: EventBridgeBusOptions) {
    this.client = options.client ?? new EventBridgeClient({});
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.retryBaseMs = options.retryBaseMs ?? 100;
    this.sleep = options.sleep ?? ((ms) => new Promise((done) => setTimeout(done, ms)));
  }

  async publish(entries: BusEntry[]): Promise<void> {
    const failed: Pending[] = [];
    let pending: Pending[] = [];
    for (const [index, entry] of entries.entries()) {
      const request: PutEventsRequestEntry = {
        EventBusName: this.options.busName,
        Source: BUS_SOURCE,
        DetailType: entry.detailType,
        Detail: JSON.stringify(entry.detail),
      };
      const item: Pending = { index, entry, request, size: putEventsEntrySize(request) };
      // No retry can make an oversized entry fit: it fails now, with the others still sent.
      if (item.size > MAX_PUT_BYTES)
        failed.push({
          ...item,
          errorCode: "EntryTooLarge",
          errorMessage: `${item.size} bytes exceeds the ${MAX_PUT_BYTES}-byte PutEvents limit`,
        });
      else pending.push(item);
    }

    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const retry: Pending[] = [];
      for (const chunk of chunkEntries(pending)) retry.push(...(await this.put(chunk)));
      pending = retry;
      if (pending.length === 0 || attempt >= this.maxAttempts) break;
      await this.sleep(this.retryBaseMs * 2 ** (attempt - 1));
    }
    failed.push(...pending);
    if (failed.length > 0) throw new PublishFailedError(failed.map(toFailedEntry));
  }

  /** Sends one request and returns its entries that were not accepted. */
  private async put(chunk: Pending[]): Promise<Pending[]> {
    try {
      const response = await this.client.send(
        new PutEventsCommand({ Entries: chunk.map(({ request }) => request) }),
      );
      const results = response.Entries ?? [];
      return chunk.flatMap((item, position) => {
        const result = results[position];
        if (result?.EventId && !result.ErrorCode) return [];
        // An entry with neither an EventId nor an error code was not shown to be accepted.
        return [
          {
            ...item,
            errorCode: result?.ErrorCode ?? "NoEventId",
            errorMessage: result?.ErrorMessage ?? "PutEvents returned no EventId for this entry",
          },
        ];
      });
    } catch (error) {
      // The whole request failed after the SDK's own retries: every entry in it is retried.
      const errorCode = error instanceof Error ? error.name : "Error";
      const errorMessage = error instanceof Error ? error.message : String(error);
      return chunk.map((item) => ({ ...item, errorCode, errorMessage }));
    }
  }
}

function toFailedEntry(item: Pending): FailedEntry {
  return {
    index: item.index,
    entry: item.entry,
    errorCode: item.errorCode ?? "Unknown",
    errorMessage: item.errorMessage ?? "",
  };
}
