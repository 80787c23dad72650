import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamsRecord,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import { clientConfig, createStreamsClient, type DynamoConnection } from "../dynamo-client.ts";
import { deliverBatch, type StreamHandler } from "./deliver-batch.ts";
import { IdleWaiters } from "./idle-waiters.ts";
import { toLambdaRecords } from "./lambda-records.ts";
import type { DeadLetters, ShardCheckpoints } from "./system-records.ts";

export interface StreamPollerOptions {
  connection: DynamoConnection;
  tableName: string;
  handler: StreamHandler;
  checkpoints: ShardCheckpoints;
  deadLetters: DeadLetters;
  intervalMs?: number;
  batchSize?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  onError?: (error: unknown) => void;
}

export interface StreamPoller {
  /** Resolves once everything in the stream when it was called has gone through the handler. */
  drain(timeoutMs?: number): Promise<void>;
  /** Finishes the batch in hand (and its checkpoint), then stops polling. */
  stop(): Promise<void>;
}

interface ShardState {
  parentId: string | undefined;
  iterator: string | undefined;
  /** The last sequence number handled, where a fresh iterator resumes after. */
  checkpoint: string | undefined;
  loaded: boolean;
  finished: boolean;
}

/**
 * Locally stands in for Lambda's event source mapping: reads the table's real stream from
 * DynamoDB Local and feeds the same handler the same `DynamoDBStreamEvent`s.
 */
export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const { tableName, handler, checkpoints, deadLetters } = options;
  const intervalMs = options.intervalMs ?? 250;
  const onError = options.onError ?? ((error: unknown) => console.error("stream poller:", error));
  const dynamo = new DynamoDBClient(clientConfig(options.connection));
  const streams = createStreamsClient(options.connection);
  const shards = new Map<string, ShardState>();
  let streamArn: string | undefined;
  let stopping = false;
  let wake: () => void = () => {};
  const idleWaiters = new IdleWaiters();
  let wakeBackoff: () => void = () => {};
  /** Resolves true when interrupted by stop(); drain() also cuts short the pause between polls. */
  const sleep = (ms: number, wakeableByDrain = false) =>
    new Promise<boolean>((resolve) => {
      if (stopping) return resolve(true);
      const timer = setTimeout(() => resolve(stopping), ms);
      const wakeUp = () => {
        clearTimeout(timer);
        resolve(stopping);
      };
      if (wakeableByDrain) wake = wakeUp;
      else wakeBackoff = wakeUp;
    });

  async function currentStreamArn(): Promise<string> {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = Table?.LatestStreamArn;
    if (!arn) throw new Error(`Table ${tableName} has no stream; enable NEW_IMAGE streams on it`);
    if (arn !== streamArn) shards.clear(); // the table was recreated: its old shards are gone
    streamArn = arn;
    return arn;
  }

  async function listShards(arn: string): Promise<Shard[]> {
    const listed: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: arn, ExclusiveStartShardId: start }),
      );
      listed.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return listed;
  }

  async function iteratorFor(arn: string, shardId: string, state: ShardState, trimmed = false) {
    const after = trimmed ? undefined : state.checkpoint;
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: arn,
        ShardId: shardId,
        ShardIteratorType: after ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON",
        SequenceNumber: after,
      }),
    );
    return ShardIterator;
  }

  /** Reads one shard up to its current end; returns how many records it handled. */
  async function readShard(arn: string, shardId: string, state: ShardState): Promise<number> {
    if (!state.loaded) {
      state.checkpoint = await checkpoints.load(shardId);
      state.loaded = true;
    }
    let handled = 0;
    while (!stopping) {
      state.iterator ??= await iteratorFor(arn, shardId, state);
      if (!state.iterator) {
        state.finished = true;
        return handled;
      }
      let page: { Records?: StreamsRecord[]; NextShardIterator?: string };
      try {
        page = await streams.send(
          new GetRecordsCommand({ ShardIterator: state.iterator, Limit: options.batchSize ?? 100 }),
        );
      } catch (error) {
        if (error instanceof ExpiredIteratorException) {
          state.iterator = undefined;
          continue;
        }
        if (error instanceof TrimmedDataAccessException) {
          // What we had not read is gone; reprocessing from the oldest record is harmless.
          state.iterator = await iteratorFor(arn, shardId, state, true);
          continue;
        }
        throw error;
      }
      const raw = page.Records ?? [];
      const records = await toLambdaRecords(raw, arn, async (record, reason) => {
        onError(new Error(reason));
        await deadLetters.save({
          shardId,
          record,
          attempts: 0,
          reason,
          at: new Date().toISOString(),
        });
      });
      if (records.length > 0) {
        const completed = await deliverBatch(shardId, records, {
          handler,
          deadLetters,
          checkpoint: async (record) => {
            const sequenceNumber = record.dynamodb?.SequenceNumber;
            if (sequenceNumber === undefined) return;
            state.checkpoint = sequenceNumber;
            await checkpoints.save(shardId, sequenceNumber);
          },
          maxAttempts: options.maxAttempts ?? 5,
          retryBaseMs: options.retryBaseMs ?? 200,
          sleep: (ms) => sleep(ms),
          stopping: () => stopping,
          onError,
        });
        if (!completed) return handled + records.length;
      }
      handled += raw.length;
      state.iterator = page.NextShardIterator;
      if (state.iterator === undefined) state.finished = true; // a closed shard, fully read
      if (raw.length === 0 || state.finished) return handled;
    }
    return handled;
  }

  async function pollOnce(): Promise<number> {
    const arn = await currentStreamArn();
    const listed = await listShards(arn);
    for (const { ShardId, ParentShardId } of listed) {
      if (ShardId && !shards.has(ShardId)) {
        shards.set(ShardId, {
          parentId: ParentShardId,
          iterator: undefined,
          checkpoint: undefined,
          loaded: false,
          finished: false,
        });
      }
    }
    let handled = 0;
    for (const { ShardId: shardId } of listed) {
      const state = shardId ? shards.get(shardId) : undefined;
      if (!shardId || !state || state.finished || stopping) continue;
      // A child shard continues its parent's keys: read it only once the parent is done.
      const parent = state.parentId ? shards.get(state.parentId) : undefined;
      if (parent && !parent.finished) continue;
      handled += await readShard(arn, shardId, state);
    }
    return handled;
  }

  const loop = (async () => {
    while (!stopping) {
      const started = idleWaiters.startCycle();
      try {
        if ((await pollOnce()) === 0 && !stopping) idleWaiters.idle(started);
      } catch (error) {
        onError(error);
      }
      await sleep(intervalMs, true);
    }
  })();

  return {
    drain(timeoutMs = 30_000) {
      const idle = idleWaiters.wait(timeoutMs);
      wake();
      return idle;
    },
    async stop() {
      stopping = true;
      wake();
      wakeBackoff();
      await loop;
      idleWaiters.rejectAll(new Error("The stream poller stopped"));
      dynamo.destroy();
      streams.destroy();
    },
  };
}
