import { randomUUID } from "node:crypto";
import { marshall } from "@aws-sdk/util-dynamodb";
import type { PendingEvent, StoredEvent } from "@termline/core";
import { type AppendInput, toEventItem, toLambdaImage } from "@termline/store";
import type { DynamoDBRecord } from "aws-lambda";

export function pendingEvent(type = "NoteAdded", data: Record<string, unknown> = {}): PendingEvent {
  return { type, effectiveOn: "2026-04-27", precision: "day", data, sources: [] };
}

/** An append request with defaults; override what the test is about. */
export function appendInput(
  overrides: Partial<AppendInput> & { agreementId: string },
): AppendInput {
  return {
    tenant: "acme",
    expectedVersion: 0,
    events: [pendingEvent()],
    recordedAt: "2026-05-01T10:00:00.000Z",
    recordedBy: "tester",
    newEventId: () => randomUUID(),
    ...overrides,
  };
}

/** The INSERT record Lambda would deliver for an event, for driving a projector directly. */
export function insertRecord(event: StoredEvent, sequenceNumber: string): DynamoDBRecord {
  const image = toLambdaImage(marshall(toEventItem(event), { removeUndefinedValues: true }));
  return {
    eventID: randomUUID(),
    eventName: "INSERT",
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    eventSourceARN: "arn:aws:dynamodb:us-east-1:000000000000:table/test/stream/now",
    awsRegion: "us-east-1",
    dynamodb: {
      Keys: { pk: { S: `${event.tenant}#${event.agreementId}` }, sk: { N: String(event.version) } },
      NewImage: image,
      SequenceNumber: sequenceNumber,
      SizeBytes: 100,
      StreamViewType: "NEW_IMAGE",
    },
  };
}
