import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { createDynamoClients, createStreamsClient } from "@termline/store";
import { toLambdaRecords } from "@termline/store/local";
import type { DynamoDBRecord } from "aws-lambda";

/**
 * The records of a table's stream on DynamoDB Local after `afterSequence` (all of them by
 * default), converted the way the local stream poller hands them to handlers: what Lambda's
 * event source mapping would deliver.
 */
export async function readStream(
  endpoint: string,
  tableName: string,
  afterSequence?: string,
): Promise<DynamoDBRecord[]> {
  const { client } = createDynamoClients({ endpoint });
  const streams = createStreamsClient({ endpoint });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const arn = Table?.LatestStreamArn;
    if (!arn) throw new Error(`${tableName} has no stream`);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    const records: DynamoDBRecord[] = [];
    for (const { ShardId } of StreamDescription?.Shards ?? []) {
      let { ShardIterator: iterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: arn, ShardId, ShardIteratorType: "TRIM_HORIZON" }),
      );
      // An open shard always returns a next iterator: the first empty page is the end for now.
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        const raw = page.Records ?? [];
        records.push(
          ...(await toLambdaRecords(raw, arn, async (_record, reason) => {
            throw new Error(reason);
          })),
        );
        iterator = raw.length > 0 ? page.NextShardIterator : undefined;
      }
    }
    const after = afterSequence === undefined ? -1n : BigInt(afterSequence);
    const sequence = (record: DynamoDBRecord) => BigInt(record.dynamodb?.SequenceNumber ?? 0);
    return records
      .filter((record) => sequence(record) > after)
      .sort((a, b) => (sequence(a) < sequence(b) ? -1 : sequence(a) > sequence(b) ? 1 : 0));
  } finally {
    client.destroy();
    streams.destroy();
  }
}
