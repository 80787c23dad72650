import type { DynamoDBRecord } from "aws-lambda";
import type { ViewStore } from "../view-store.ts";

/** Local bookkeeping shares the views table under a partition no tenant can have. */
export const SYSTEM_PK = "_system";

/** Where each shard was read up to, so a restart resumes instead of replaying the stream. */
export interface ShardCheckpoints {
  load(shardId: string): Promise<string | undefined>;
  save(shardId: string, sequenceNumber: string): Promise<void>;
}

/** The local stand-in for the projector's dead-letter queue. */
export interface DeadLetters {
  save(entry: DeadLetter): Promise<void>;
}

export interface DeadLetter {
  shardId: string;
  record: DynamoDBRecord;
  attempts: number;
  reason: string;
  at: string;
}

type SystemStore = Pick<ViewStore, "putItem" | "getItem" | "listItems">;

export function viewsTableCheckpoints(views: SystemStore): ShardCheckpoints {
  return {
    async load(shardId) {
      const item = await views.getItem(SYSTEM_PK, `checkpoint#${shardId}`);
      return typeof item?.sequenceNumber === "string" ? item.sequenceNumber : undefined;
    },
    async save(shardId, sequenceNumber) {
      await views.putItem(SYSTEM_PK, `checkpoint#${shardId}`, {
        sequenceNumber,
        savedAt: new Date().toISOString(),
      });
    },
  };
}

export function viewsTableDeadLetters(views: SystemStore): DeadLetters {
  return {
    async save(entry) {
      const sequenceNumber = entry.record.dynamodb?.SequenceNumber ?? entry.at;
      await views.putItem(SYSTEM_PK, `dead-letter#${entry.shardId}#${sequenceNumber}`, {
        shardId: entry.shardId,
        sequenceNumber,
        attempts: entry.attempts,
        reason: entry.reason,
        at: entry.at,
        record: JSON.stringify(entry.record),
      });
    },
  };
}

export async function listDeadLetters(views: SystemStore): Promise<DeadLetter[]> {
  const items = await views.listItems(SYSTEM_PK, "dead-letter#");
  return items.map((item) => ({
    shardId: String(item.shardId),
    record: JSON.parse(String(item.record)),
    attempts: Number(item.attempts),
    reason: String(item.reason),
    at: String(item.at),
  }));
}
