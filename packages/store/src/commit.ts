import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { type StoredEvent, ValidationError } from "@termline/core";
import { CommitTooLargeError, MAX_EVENTS_PER_COMMIT } from "./errors.ts";
import { assertValidEvents, streamPk, toEventItem } from "./event-items.ts";
import type { AppendInput } from "./event-store.ts";
import { idempotencyItem } from "./idempotency.ts";

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

export function assertCommitShape({ events, expectedVersion }: AppendInput): void {
  if (events.length > MAX_EVENTS_PER_COMMIT) throw new CommitTooLargeError(events.length);
  if (events.length === 0) throw new ValidationError("A commit needs at least one event");
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new ValidationError("expectedVersion must be a whole number, 0 or more", {
      errors: [{ path: "expectedVersion", message: "must be a whole number, 0 or more" }],
    });
  }
}

/**
 * One commit as one transaction: every write is conditional, so two writers at the same
 * version cannot both succeed and no commit can leave a gap or overlap versions.
 */
export function buildCommit(
  tableName: string,
  input: AppendInput,
): { events: StoredEvent[]; items: TransactItems } {
  const { tenant, agreementId, expectedVersion, idempotency } = input;
  const events = input.events.map<StoredEvent>((event, index) => ({
    ...event,
    tenant,
    agreementId,
    id: input.newEventId(),
    version: expectedVersion + index + 1,
    recordedAt: input.recordedAt,
    recordedBy: input.recordedBy,
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
  }));
  assertValidEvents(events);

  const items: TransactItems = [];
  if (expectedVersion > 0 && !input.expectedVersionRead) {
    // Without this, an expectedVersion beyond the stream would write a gap.
    items.push({
      ConditionCheck: {
        TableName: tableName,
        Key: { pk: streamPk(tenant, agreementId), sk: expectedVersion },
        ConditionExpression: "attribute_exists(pk)",
      },
    });
  }
  for (const event of events) {
    items.push({
      Put: {
        TableName: tableName,
        Item: toEventItem(event),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
  }
  for (const put of input.alongside?.(events) ?? []) items.push({ Put: put });
  if (idempotency) {
    // Last on purpose: the append reads its cancellation reason by position.
    items.push({
      Put: {
        TableName: tableName,
        Item: idempotencyItem(tenant, idempotency, events),
        ConditionExpression: "attribute_not_exists(pk)",
      },
    });
  }
  // DynamoDB's limit is on the whole transaction, snapshots and records included.
  if (items.length > MAX_EVENTS_PER_COMMIT + 1) throw new CommitTooLargeError(events.length);
  return { events, items };
}
