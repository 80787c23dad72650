import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { createDynamoClients, createStreamsClient } from "@termline/store";
import { toLambdaRecord } from "@termline/store/local";
import type { DynamoDBRecord } from "aws-lambda";

const sequence = (record: DynamoDBRecord) => BigInt(record.dynamodb?.SequenceNumber ?? 0);

/**
 * The records in a table's stream on DynamoDB Local after `afterSequence` (all by default), in
 * order and reshaped exactly as Lambda delivers them: for driving a stream handler directly
 * with real records rather than hand-made ones.
 */
export async function readStreamRecords(
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
        new GetShardIteratorCommand({
          StreamArn: arn,
          ShardId,
          ShardIteratorType: "TRIM_HORIZON",
        }),
      );
      // An open shard always hands back a next iterator: stop at the first empty page.
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        const raw = page.Records ?? [];
        records.push(...raw.map((record) => toLambdaRecord(record, arn)));
        iterator = raw.length > 0 ? page.NextShardIterator : undefined;
      }
    }
    const after = afterSequence === undefined ? -1n : BigInt(afterSequence);
    return records
      .filter((record) => sequence(record) > after)
      .sort((a, b) => (sequence(a) < sequence(b) ? -1 : sequence(a) > sequence(b) ? 1 : 0));
  } finally {
    client.destroy();
    streams.destroy();
  }
}
