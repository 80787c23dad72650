import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  paginateQuery,
  paginateScan,
  QueryCommand,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import { type PendingEvent, type StoredEvent, VersionConflictError } from "@termline/core";
import { assertCommitShape, buildCommit } from "./commit.ts";
import {
  fromEventItem,
  STARTED_STREAM_ATTRIBUTE,
  STREAMS_BY_TENANT_INDEX,
  streamPk,
} from "./event-items.ts";
import {
  assertSameRequest,
  type IdempotencyRecord,
  type IdempotencyRequest,
  readIdempotencyRecord,
} from "./idempotency.ts";

export interface AppendInput {
  tenant: string;
  agreementId: string;
  /** The version the caller decided on; 0 for a new agreement. */
  expectedVersion: number;
  events: PendingEvent[];
  recordedAt: string;
  recordedBy: string;
  /** Stored on every event of the commit, so the stream's consumers can log the request that caused them. */
  correlationId?: string | undefined;
  newEventId: () => string;
  idempotency?: IdempotencyRequest;
  /**
   * The caller decided on a state it read at `expectedVersion` (a snapshot or the log), so the
   * stream surely reaches it: the check that it does is left out of the transaction.
   */
  expectedVersionRead?: boolean;
  /**
   * Puts written in the same transaction as the events, built from them once they have ids and
   * versions: the agreement's snapshot, so a reader sees the commit as soon as it returns.
   */
  alongside?: (events: StoredEvent[]) => TransactPut[];
  /**
   * Writes that must land before the transaction, once `alongside` has run: items named by
   * their content that the snapshot refers to. They are not undone if the transaction fails.
   */
  beforeTransaction?: () => Promise<void>;
}

/** One `Put` of a transaction, on any table (the views table for a snapshot). */
export interface TransactPut {
  TableName: string;
  Item: Record<string, unknown>;
  ConditionExpression?: string;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export interface AppendResult {
  version: number;
  events: StoredEvent[];
  /** True when an earlier commit with the same idempotency key answered and nothing was written. */
  replayed: boolean;
  /** On a replay, the response stored with the first commit. */
  response?: unknown;
}

export interface ReadStreamOptions {
  afterVersion?: number;
  toVersion?: number;
  limit?: number;
  /** Defaults to true: deciding on a stale stream would only end in a version conflict. */
  consistent?: boolean;
}

/** Transactions racing on the same items may be cancelled with no condition failing; they are retried. */
const TRANSACTION_CONFLICT_RETRIES = 8;

export class EventStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async append(input: AppendInput): Promise<AppendResult> {
    const { tenant, agreementId, expectedVersion, idempotency } = input;
    assertCommitShape(input);
    // A retry is answered by the transaction failing on the idempotency record, which is then
    // read; callers that must not decide twice ask `replayIfSeen` first.
    const { events, items } = buildCommit(this.tableName, input);
    await input.beforeTransaction?.();

    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return { version: expectedVersion + events.length, events, replayed: false };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code);
        if (idempotency && codes.at(-1) === "ConditionalCheckFailed") {
          const prior = await this.readIdempotency(tenant, idempotency.key);
          if (prior) return this.replay(tenant, agreementId, idempotency, prior);
        }
        if (codes.includes("ConditionalCheckFailed")) {
          const current = await this.currentVersion(tenant, agreementId);
          throw new VersionConflictError(expectedVersion, current);
        }
        if (!codes.includes("TransactionConflict") || attempt >= TRANSACTION_CONFLICT_RETRIES) {
          throw error;
        }
        await new Promise((done) => setTimeout(done, Math.random() * 20 * attempt));
      }
    }
  }

  /**
   * Answers a retried request from its first commit, or undefined for a new key. Callers use it
   * before deciding, since the same events decided again on the new state may be refused.
   */
  async replayIfSeen(
    tenant: string,
    agreementId: string,
    request: IdempotencyRequest,
  ): Promise<AppendResult | undefined> {
    const prior = await this.readIdempotency(tenant, request.key);
    return prior ? this.replay(tenant, agreementId, request, prior) : undefined;
  }

  /** Oldest first; reads every page unless a limit is given. */
  async readStream(
    tenant: string,
    agreementId: string,
    options: ReadStreamOptions = {},
  ): Promise<StoredEvent[]> {
    const { afterVersion = 0, toVersion = Number.MAX_SAFE_INTEGER, limit } = options;
    if (toVersion <= afterVersion) return [];
    const events: StoredEvent[] = [];
    const pages = paginateQuery(
      { client: this.doc, ...(limit === undefined ? {} : { pageSize: limit }) },
      {
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": streamPk(tenant, agreementId),
          ":from": afterVersion + 1,
          ":to": toVersion,
        },
        ConsistentRead: options.consistent ?? true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) events.push(fromEventItem(item));
      if (limit !== undefined && events.length >= limit) return events.slice(0, limit);
    }
    return events;
  }

  async currentVersion(tenant: string, agreementId: string): Promise<number> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": streamPk(tenant, agreementId) },
        ProjectionExpression: "sk",
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const newest = Items?.[0]?.sk;
    return typeof newest === "number" ? newest : 0;
  }

  async exists(tenant: string, agreementId: string): Promise<boolean> {
    return (await this.currentVersion(tenant, agreementId)) > 0;
  }

  /** Every event of every tenant: a rebuild of the whole platform, from a one-off task. */
  async *scanAllEvents(): AsyncGenerator<StoredEvent> {
    const pages = paginateScan(
      { client: this.doc },
      {
        TableName: this.tableName,
        FilterExpression: "itemType = :event",
        ExpressionAttributeValues: { ":event": "event" },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) yield fromEventItem(item);
    }
  }

  /**
   * One page of the tenant's streams, in the order of their ids, after `after` (the last id of
   * the previous page): a rebuild in slices resumes with `next`, absent at the end. It reads the
   * tenant's own index entries only, whatever else the table holds. The index is eventually
   * consistent: a stream begun within the last second may be missing, and the stream's
   * projector writes its views anyway.
   */
  async listStreams(
    tenant: string,
    options: { after?: string | undefined; limit: number },
  ): Promise<{ streams: string[]; next?: string }> {
    const { after } = options;
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: STREAMS_BY_TENANT_INDEX,
        KeyConditionExpression: "tenant = :tenant",
        ExpressionAttributeValues: { ":tenant": tenant },
        Limit: options.limit,
        ...(after === undefined
          ? {}
          : {
              ExclusiveStartKey: {
                tenant,
                [STARTED_STREAM_ATTRIBUTE]: after,
                pk: streamPk(tenant, after),
                sk: 1,
              },
            }),
      }),
    );
    const streams = (Items ?? []).map((item) => String(item[STARTED_STREAM_ATTRIBUTE]));
    const last = LastEvaluatedKey?.[STARTED_STREAM_ATTRIBUTE];
    return typeof last === "string" ? { streams, next: last } : { streams };
  }

  /** Every stream of the tenant, page after page. */
  async *allStreams(tenant: string, pageSize = 1_000): AsyncGenerator<string> {
    let after: string | undefined;
    do {
      const page = await this.listStreams(tenant, { after, limit: pageSize });
      yield* page.streams;
      after = page.next;
    } while (after !== undefined);
  }

  private readIdempotency(tenant: string, key: string): Promise<IdempotencyRecord | undefined> {
    return readIdempotencyRecord(this.doc, this.tableName, tenant, key);
  }

  private async replay(
    tenant: string,
    agreementId: string,
    request: IdempotencyRequest,
    record: IdempotencyRecord,
  ): Promise<AppendResult> {
    assertSameRequest(record, agreementId, request);
    const first = record.events[0]?.version ?? record.version + 1;
    const events = await this.readStream(tenant, agreementId, {
      afterVersion: first - 1,
      toVersion: record.version,
    });
    return { version: record.version, events, replayed: true, response: record.response };
  }
}
