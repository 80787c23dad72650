import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import type { DeadLetters } from "./system-records.ts";

export type StreamHandler = (
  event: DynamoDBStreamEvent,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface DeliveryOptions {
  handler: StreamHandler;
  deadLetters: DeadLetters;
  /** Called with the last record handled (or dead-lettered), so a restart resumes after it. */
  checkpoint: (record: DynamoDBRecord) => Promise<void>;
  maxAttempts: number;
  retryBaseMs: number;
  /** Resolves early (returning true) when the poller is stopping. */
  sleep: (ms: number) => Promise<boolean>;
  stopping: () => boolean;
  onError: (error: unknown) => void;
}

/**
 * Delivers records the way Lambda's event source mapping does with ReportBatchItemFailures:
 * resume from the first failed record, retry it with backoff, and after `maxAttempts` park it
 * as a dead letter and go on. A handler that throws for a whole batch is retried one record
 * at a time (Lambda's bisecting, taken to its end) so only the bad record is parked.
 * Returns false if it stopped early; records not checkpointed are then read again next time.
 */
export async function deliverBatch(
  shardId: string,
  records: DynamoDBRecord[],
  options: DeliveryOptions,
): Promise<boolean> {
  let index = 0;
  let oneAtATime = false;
  let attempts = 0;
  while (index < records.length) {
    if (options.stopping()) return false;
    const slice = oneAtATime ? records.slice(index, index + 1) : records.slice(index);
    let failedAt: number | undefined;
    let reason = "the handler reported the record as failed";
    try {
      failedAt = firstFailure(slice, await options.handler({ Records: slice }));
    } catch (error) {
      if (slice.length > 1) {
        oneAtATime = true;
        continue;
      }
      failedAt = 0;
      reason = error instanceof Error ? error.message : String(error);
      options.onError(error);
    }

    const handled = failedAt ?? slice.length;
    if (handled > 0) {
      index += handled;
      attempts = 0;
      await options.checkpoint(lastOf(records, index));
    }
    if (failedAt === undefined) continue;

    attempts += 1;
    if (attempts < options.maxAttempts) {
      const backoff = Math.min(options.retryBaseMs * 2 ** (attempts - 1), 5_000);
      if (await options.sleep(backoff)) return false;
      continue;
    }
    const poison = lastOf(records, index + 1);
    await options.deadLetters.save({
      shardId,
      record: poison,
      attempts,
      reason,
      at: new Date().toISOString(),
    });
    index += 1;
    attempts = 0;
    await options.checkpoint(poison);
  }
  return true;
}

/** Index of the first failed record, as Lambda resumes from the lowest failed sequence number. */
function firstFailure(
  slice: DynamoDBRecord[],
  response: DynamoDBBatchResponse | undefined,
): number | undefined {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return undefined;
  const failed = new Set(failures.map((failure) => failure.itemIdentifier));
  const position = slice.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ""));
  // An identifier that names no record (or is empty) fails the whole batch, as in Lambda.
  return position === -1 ? 0 : position;
}

function lastOf(records: DynamoDBRecord[], count: number): DynamoDBRecord {
  const record = records[count - 1];
  if (!record) throw new Error("No record at that position");
  return record;
}
