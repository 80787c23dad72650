import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { StoredEvent } from "@termline/core";
import type { DynamoDBRecord } from "aws-lambda";
import { fromLambdaImage } from "./attribute-values.ts";
import { fromEventItem, isEventItem } from "./event-items.ts";

/**
 * The event a stream record announces, or undefined for anything else: idempotency records,
 * and REMOVEs from TTL expiry. (An event never changes: a MODIFY is its index key written once by `indexStreamStarts`.)
 * Throws on a malformed event item so the record is reported as failed, not dropped.
 */
export function parseStreamRecord(record: DynamoDBRecord): StoredEvent | undefined {
  if (record.eventName !== "INSERT") return undefined;
  const image = record.dynamodb?.NewImage;
  if (!image) return undefined;
  const item: Record<string, unknown> = unmarshall(fromLambdaImage(image));
  return isEventItem(item) ? fromEventItem(item) : undefined;
}
