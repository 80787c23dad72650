import type { AttributeValue as SdkValue } from "@aws-sdk/client-dynamodb";
import type { AttributeValue as StreamsValue } from "@aws-sdk/client-dynamodb-streams";
import type { AttributeValue as LambdaValue } from "aws-lambda";

/**
 * Lambda delivers stream images as JSON (binary as base64 strings) while the SDKs use
 * Uint8Array. These two conversions let one handler accept both sources without casts.
 */
export function toLambdaImage(image: Record<string, StreamsValue>): Record<string, LambdaValue> {
  return mapValues(image, toLambdaValue);
}

export function fromLambdaImage(image: Record<string, LambdaValue>): Record<string, SdkValue> {
  return mapValues(image, fromLambdaValue);
}

function toLambdaValue(value: StreamsValue): LambdaValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.M !== undefined) return { M: mapValues(value.M, toLambdaValue) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString("base64") };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString("base64")) };
  // DynamoDB Local writes an empty map nested in an item as `{}` (no type) in stream records,
  // where GetItem and AWS say `{"M":{}}`.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(
    `Unsupported DynamoDB attribute value in a stream record: ${JSON.stringify(value)}`,
  );
}

function fromLambdaValue(value: LambdaValue): SdkValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.M !== undefined) return { M: mapValues(value.M, fromLambdaValue) };
  if (value.L !== undefined) return { L: value.L.map(fromLambdaValue) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.B !== undefined) return { B: Buffer.from(value.B, "base64") };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b, "base64")) };
  throw new Error(
    `Unsupported DynamoDB attribute value in a stream record: ${JSON.stringify(value)}`,
  );
}

function mapValues<A, B>(record: Record<string, A>, map: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
