import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { MAX_VIEW_BODY_BYTES, ViewTooLargeError } from "./errors.ts";
import type { TransactPut } from "./event-store.ts";
import { condition, fieldsUpdate, type ItemFilter } from "./item-expressions.ts";

/** A projection as stored: the body reflects the stream up to and including `version`. */
export interface View {
  key: string;
  version: number;
  body: unknown;
  /** A count of the view's writes, for views written compare-and-set (`seq` beside the body). */
  seq?: number;
}

/** Extra top-level attributes beside a view's body. */
export type ViewAttributes = Record<string, string | number | boolean>;

export interface PutViewOptions {
  /** A rebuild rewrites views at their current version (the projection code may have changed). */
  overwriteSameVersion?: boolean;
}

const RESERVED = new Set(["pk", "sk", "version", "body", "itemType", "updatedAt"]);

/**
 * The views table: pk is the tenant, sk the view key. Bodies are JSON strings so any JSON shape
 * survives (DynamoDB maps reject some) and one view is one attribute to read.
 */
export class ViewStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  async getView(tenant: string, key: string): Promise<View | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: tenant, sk: key },
        ConsistentRead: true,
      }),
    );
    return Item ? asView(Item) : undefined;
  }

  /**
   * Several views by key, consistently, 100 per BatchGetItem (in parallel, so a matrix's cells
   * cost one round trip); missing ones are left out, the rest come in no particular order.
   */
  async getViews(tenant: string, keys: string[]): Promise<View[]> {
    const batches: string[][] = [];
    for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT)
      batches.push(keys.slice(start, start + BATCH_GET_LIMIT));
    const read = await Promise.all(batches.map((batch) => this.getBatch(tenant, batch)));
    return read.flat();
  }

  private async getBatch(tenant: string, keys: string[]): Promise<View[]> {
    return (await this.readBatch(tenant, keys)).map(asView);
  }

  /**
   * Views and plain records by key in one BatchGetItem (at most 100 keys), consistently: the
   * few items a command is decided on, in one round trip rather than one each. Keyed by sk;
   * missing keys are absent. `asView` reads a view out of its item.
   */
  async getItemsTogether(
    tenant: string,
    keys: string[],
  ): Promise<Map<string, Record<string, unknown>>> {
    if (keys.length > BATCH_GET_LIMIT) throw new RangeError(`at most ${BATCH_GET_LIMIT} keys`);
    const items = await this.readBatch(tenant, keys);
    return new Map(items.map((item) => [String(item.sk), item]));
  }

  private async readBatch(tenant: string, keys: string[]): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let wanted = keys.map((sk) => ({ pk: tenant, sk }));
    for (let attempt = 0; wanted.length > 0; attempt++) {
      if (attempt > 0) await pause(Math.min(1000, 25 * 2 ** attempt));
      const { Responses, UnprocessedKeys } = await this.doc.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: wanted, ConsistentRead: true } },
        }),
      );
      items.push(...(Responses?.[this.tableName] ?? []));
      wanted = (UnprocessedKeys?.[this.tableName]?.Keys ?? []) as typeof wanted;
    }
    return items;
  }

  /**
   * Views with keys in [from, to], consistently, in key order (`newestFirst` reverses it), at
   * most `limit` of them: "the latest item at or before a key" is one Query with limit 1.
   */
  async queryViews(
    tenant: string,
    range: { from: string; to: string },
    options: { limit?: number; newestFirst?: boolean } = {},
  ): Promise<View[]> {
    const views: View[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const left = options.limit === undefined ? undefined : options.limit - views.length;
      const { Items, LastEvaluatedKey } = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
          ExpressionAttributeValues: { ":pk": tenant, ":from": range.from, ":to": range.to },
          ScanIndexForward: options.newestFirst !== true,
          ConsistentRead: true,
          ...(left === undefined ? {} : { Limit: left }),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      views.push(...(Items ?? []).filter(({ itemType }) => itemType === "view").map(asView));
      start = LastEvaluatedKey;
    } while (start && (options.limit === undefined || views.length < options.limit));
    return views;
  }

  /**
   * Puts built by `viewPut`, all or none, in one transaction of at most 100. False, writing
   * nothing, when a condition fails (another writer got there with a later version).
   */
  async putViewsTogether(puts: TransactPut[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(
          new TransactWriteCommand({ TransactItems: puts.map((put) => ({ Put: put })) }),
        );
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map(({ Code }) => Code);
        if (codes.includes("ConditionalCheckFailed")) return false;
        if (!codes.includes("TransactionConflict") || attempt >= TRANSACTION_RETRIES) throw error;
        await pause(Math.random() * 20 * attempt);
      }
    }
  }

  /**
   * The conditional put of a view at `version`, for `putView` or for a transaction that writes
   * the view with the events it reflects. Throws `ViewTooLargeError` rather than build an item
   * DynamoDB would refuse.
   */
  viewPut(
    tenant: string,
    key: string,
    version: number,
    body: unknown,
    extra: ViewAttributes = {},
    options: PutViewOptions = {},
  ) {
    const extras = Object.fromEntries(
      Object.entries(extra).filter(([name]) => !RESERVED.has(name)),
    );
    const json = JSON.stringify(body);
    const bytes = Buffer.byteLength(json);
    if (bytes > MAX_VIEW_BODY_BYTES) throw new ViewTooLargeError(`${tenant}/${key}`, bytes);
    return {
      TableName: this.tableName,
      Item: {
        ...extras,
        pk: tenant,
        sk: key,
        itemType: "view",
        version,
        body: json,
        updatedAt: new Date().toISOString(),
      },
      ConditionExpression: options.overwriteSameVersion
        ? "attribute_not_exists(pk) OR version <= :v"
        : "attribute_not_exists(pk) OR version < :v",
      ExpressionAttributeValues: { ":v": version },
    };
  }

  /** Returns false, without writing, when the stored view already reflects a later version. */
  async putView(
    tenant: string,
    key: string,
    version: number,
    body: unknown,
    extra: ViewAttributes = {},
    options: PutViewOptions = {},
  ): Promise<boolean> {
    const put = this.viewPut(tenant, key, version, body, extra, options);
    try {
      await this.doc.send(new PutCommand(put));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Every view of a tenant whose key starts with the prefix, in key order. */
  async listViews(tenant: string, keyPrefix: string): Promise<View[]> {
    const views: View[] = [];
    for await (const item of this.itemsWithPrefix(tenant, keyPrefix)) {
      if (item.itemType === "view") views.push(asView(item));
    }
    return views;
  }

  /** Plain per-tenant records (settings, workloads): no versions, no JSON body. */
  async putItem(
    tenant: string,
    sk: string,
    fields: Record<string, unknown>,
    options: { ifAbsent?: boolean; ifUnchanged?: Record<string, string | number | null> } = {},
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...fields, pk: tenant, sk },
          ...condition(options),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Sets attributes of a plain record that exists and meets `only` (undefined ones are removed):
   * marks kept on items another writer owns, which must neither bring a deleted one back nor
   * overwrite a newer mark. Whether it was set.
   */
  async setFields(
    tenant: string,
    sk: string,
    fields: Record<string, unknown>,
    only: ItemFilter,
  ): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: tenant, sk },
          ...fieldsUpdate(fields, only),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getItem(tenant: string, sk: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: tenant, sk }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { pk: _pk, sk: _sk, ...fields } = Item;
    return fields;
  }

  /** Plain records whose sk starts with the prefix (views excluded), each with its `sk`. */
  async listItems(tenant: string, prefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const { pk: _pk, ...item } of this.itemsWithPrefix(tenant, prefix)) {
      if (item.itemType !== "view") items.push(item);
    }
    return items;
  }

  private async *itemsWithPrefix(tenant: string, prefix: string) {
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        // The same items as begins_with (keys are ids, dates and slugs, never U+10FFFF), and as
        // cheap on AWS; DynamoDB Local, though, answers begins_with by walking the whole
        // partition (14 ms for an empty prefix of a 66,000-item tenant, against 2 ms).
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :prefix AND :end",
        ExpressionAttributeValues: {
          ":pk": tenant,
          ":prefix": prefix,
          ":end": `${prefix}\u{10FFFF}`,
        },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) yield* page.Items ?? [];
  }

  /** Plain records written in batches of 25, retrying what DynamoDB leaves unprocessed. */
  async putItems(tenant: string, items: { sk: string; fields: Record<string, unknown> }[]) {
    await this.batchWrite(
      items.map(({ sk, fields }) => ({ PutRequest: { Item: { ...fields, pk: tenant, sk } } })),
    );
  }

  /**
   * Puts built by `viewPut`, in batches of 25 without their conditions: for items whose key
   * names their content (a digest), which any writer may write again as it is.
   */
  async putViewsUnconditionally(puts: TransactPut[]) {
    await this.batchWrite(puts.map(({ Item }) => ({ PutRequest: { Item } })));
  }

  /** Plain records deleted in batches of 25; deleting one that is gone is no error. */
  async deleteItems(tenant: string, sks: string[]) {
    await this.batchWrite(sks.map((sk) => ({ DeleteRequest: { Key: { pk: tenant, sk } } })));
  }

  private async batchWrite(all: WriteRequest[]) {
    for (let start = 0; start < all.length; start += BATCH_WRITE_LIMIT) {
      let requests = all.slice(start, start + BATCH_WRITE_LIMIT);
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await pause(Math.min(1000, 25 * 2 ** attempt));
        const { UnprocessedItems } = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
        );
        requests = (UnprocessedItems?.[this.tableName] ?? []) as WriteRequest[];
      }
    }
  }

  /**
   * One page of plain records with sk in [from, to], newest key first (`oldestFirst` reverses
   * it), at most `limit` read (before `filter`): DynamoDB reads then filters, so a page may hold
   * fewer and still have a `next`. The cursor is the last key read, opaque to callers.
   */
  async queryItems(
    tenant: string,
    range: { from: string; to: string },
    page: {
      limit: number;
      cursor?: string | undefined;
      filter?: ItemFilter | undefined;
      oldestFirst?: boolean;
      /** A strongly consistent read: what was just written, at twice the read units. */
      consistent?: boolean;
    },
  ): Promise<{ items: Record<string, unknown>[]; next?: string }> {
    const filter = page.filter;
    const { Items, LastEvaluatedKey } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
        ExpressionAttributeValues: {
          ":pk": tenant,
          ":from": range.from,
          ":to": range.to,
          ...filter?.values,
        },
        ...(filter
          ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names }
          : {}),
        ScanIndexForward: page.oldestFirst === true,
        ...(page.consistent ? { ConsistentRead: true } : {}),
        Limit: page.limit,
        ...(page.cursor ? { ExclusiveStartKey: { pk: tenant, sk: page.cursor } } : {}),
      }),
    );
    const items = (Items ?? []).map(({ pk: _pk, ...item }) => item);
    const next = typeof LastEvaluatedKey?.sk === "string" ? LastEvaluatedKey.sk : undefined;
    return next === undefined ? { items } : { items, next };
  }

  async deleteItem(tenant: string, sk: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: tenant, sk } }));
  }
}

const BATCH_WRITE_LIMIT = 25;
const BATCH_GET_LIMIT = 100;
/** Transactions racing on the same items may be cancelled with no condition failing. */
const TRANSACTION_RETRIES = 8;
type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } };
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The view an item holds, as `getView` gives it. */
export function asView(item: Record<string, unknown>): View {
  return {
    key: String(item.sk),
    version: Number(item.version),
    body: typeof item.body === "string" ? JSON.parse(item.body) : undefined,
    ...(typeof item.seq === "number" ? { seq: item.seq } : {}),
  };
}
