import type { DeadLetters, ShardCheckpoints } from "@termline/store/local";

/**
 * Locally each consumer of the events stream runs its own poller, and each must keep its own
 * place in the stream (on AWS each event source mapping does). The shared bookkeeping is keyed
 * by shard alone, so a second consumer's shard ids are prefixed with its name.
 */
export function consumerCheckpoints(inner: ShardCheckpoints, consumer: string): ShardCheckpoints {
  return {
    load: (shardId) => inner.load(`${consumer}#${shardId}`),
    save: (shardId, sequenceNumber) => inner.save(`${consumer}#${shardId}`, sequenceNumber),
  };
}

export function consumerDeadLetters(inner: DeadLetters, consumer: string): DeadLetters {
  return { save: (entry) => inner.save({ ...entry, shardId: `${consumer}#${entry.shardId}` }) };
}
