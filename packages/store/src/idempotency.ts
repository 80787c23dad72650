import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { IdempotencyKeyReusedError, type StoredEvent } from "@termline/core";
import { IDEMPOTENCY_ITEM, idempotencyPk } from "./event-items.ts";
import { EXPIRES_AT_ATTRIBUTE } from "./tables.ts";

/** Long enough for any client retry; TTL then removes the record, never application code. */
const RETENTION_SECONDS = 7 * 24 * 60 * 60;

export interface IdempotencyRequest {
  key: string;
  /** A hash of everything that makes the request what it is (route, body); chosen by the caller. */
  requestHash: string;
  /** What the caller answered the first time, returned again on a replay. */
  response?: unknown;
}

export interface IdempotencyRecord {
  agreementId: string;
  requestHash: string;
  version: number;
  events: { id: string; version: number }[];
  response?: unknown;
}

export function idempotencyItem(
  tenant: string,
  request: IdempotencyRequest,
  events: StoredEvent[],
  now: Date = new Date(),
): Record<string, unknown> {
  const last = events.at(-1);
  return {
    pk: idempotencyPk(tenant, request.key),
    sk: 0,
    itemType: IDEMPOTENCY_ITEM,
    tenant,
    key: request.key,
    agreementId: last?.agreementId,
    requestHash: request.requestHash,
    version: last?.version,
    events: events.map(({ id, version }) => ({ id, version })),
    // A JSON string keeps the response exactly as given (DynamoDB maps cannot hold every shape).
    response: request.response === undefined ? undefined : JSON.stringify(request.response),
    [EXPIRES_AT_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
  };
}

export async function readIdempotencyRecord(
  doc: DynamoDBDocumentClient,
  tableName: string,
  tenant: string,
  key: string,
): Promise<IdempotencyRecord | undefined> {
  const { Item } = await doc.send(
    new GetCommand({
      TableName: tableName,
      Key: { pk: idempotencyPk(tenant, key), sk: 0 },
      ConsistentRead: true,
    }),
  );
  const item: Record<string, unknown> | undefined = Item;
  if (!item || item.itemType !== IDEMPOTENCY_ITEM) return undefined;
  const events: unknown[] = Array.isArray(item.events) ? item.events : [];
  return {
    agreementId: String(item.agreementId),
    requestHash: String(item.requestHash),
    version: Number(item.version),
    events: events.map((event) => {
      const { id, version } = (event ?? {}) as { id?: unknown; version?: unknown };
      return { id: String(id), version: Number(version) };
    }),
    response: typeof item.response === "string" ? JSON.parse(item.response) : undefined,
  };
}

/** A key names one request: the same key for another request is the caller's bug, not a retry. */
export function assertSameRequest(
  record: IdempotencyRecord,
  agreementId: string,
  request: IdempotencyRequest,
): void {
  if (record.requestHash !== request.requestHash || record.agreementId !== agreementId) {
    throw new IdempotencyKeyReusedError(
      `The Idempotency-Key ${request.key} was already used for a different request. Use a new key for a new request.`,
      { extensions: { key: request.key } },
    );
  }
}
