import type { _Record as StreamsRecord } from "@aws-sdk/client-dynamodb-streams";
import type { DynamoDBRecord, StreamRecord } from "aws-lambda";
import { toLambdaImage } from "../attribute-values.ts";

/** Reshapes a GetRecords record into exactly what Lambda's event source mapping delivers. */
export function toLambdaRecord(record: StreamsRecord, eventSourceARN: string): DynamoDBRecord {
  const source = record.dynamodb ?? {};
  const dynamodb: StreamRecord = {
    SequenceNumber: source.SequenceNumber,
    SizeBytes: source.SizeBytes,
    StreamViewType: source.StreamViewType,
  };
  if (source.ApproximateCreationDateTime) {
    // Lambda sends epoch seconds; the SDK has already turned them into a Date.
    dynamodb.ApproximateCreationDateTime = source.ApproximateCreationDateTime.getTime() / 1000;
  }
  if (source.Keys) dynamodb.Keys = toLambdaImage(source.Keys);
  if (source.NewImage) dynamodb.NewImage = toLambdaImage(source.NewImage);
  if (source.OldImage) dynamodb.OldImage = toLambdaImage(source.OldImage);
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    eventSourceARN,
    awsRegion: record.awsRegion,
    dynamodb,
  };
}

/**
 * Converts a page of records; one that cannot be converted is parked as a dead letter rather
 * than failing the page, which would stall the shard on it forever.
 */
export async function toLambdaRecords(
  records: StreamsRecord[],
  eventSourceARN: string,
  park: (record: DynamoDBRecord, reason: string) => Promise<void>,
): Promise<DynamoDBRecord[]> {
  const converted: DynamoDBRecord[] = [];
  for (const record of records) {
    try {
      converted.push(toLambdaRecord(record, eventSourceARN));
    } catch (error) {
      const { SequenceNumber, Keys } = record.dynamodb ?? {};
      const keys = Keys ? JSON.stringify(Keys) : "none";
      await park(
        {
          eventID: record.eventID,
          eventName: record.eventName,
          eventSourceARN,
          dynamodb: { SequenceNumber },
        },
        `unreadable stream record (keys ${keys}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return converted;
}
