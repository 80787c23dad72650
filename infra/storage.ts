/**
 * The two tables, mirroring `packages/store/src/tables.ts` (which creates the same shapes in
 * DynamoDB Local): keep them in step.
 *
 * - events: the append-only log. pk `{tenant}#{agreementId}` (S), sk the version (N). The
 *   stream carries NEW_IMAGE to the projector and the publisher. Idempotency records live here
 *   too and expire through TTL on `expiresAt`, the only way anything ever leaves this table.
 *   `streamsByTenant` is sparse: only a stream's first event carries `startedStream`, so a
 *   tenant's rebuild lists its own streams, whatever the rest of the table holds.
 * - views: projections, settings, tokens (hashed), alert claims, webhook subscriptions and
 *   deliveries. No secondary index: the alert job reads deadlines as sort-key ranges of each
 *   tenant's partition.
 */
/** Protected stages (see `sst.config.ts`) also get deletion protection on both tables. */
const protectedStage = $app.protect;

export const eventsTable = new sst.aws.Dynamo("Events", {
  fields: { pk: "string", sk: "number", tenant: "string", startedStream: "string" },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  globalIndexes: {
    streamsByTenant: { hashKey: "tenant", rangeKey: "startedStream", projection: "keys-only" },
  },
  stream: "new-image",
  ttl: "expiresAt",
  deletionProtection: protectedStage,
  transform: {
    table: {
      // The log is the source of truth; views can be rebuilt from it, the log cannot.
      pointInTimeRecovery: { enabled: true },
    },
  },
});

export const viewsTable = new sst.aws.Dynamo("Views", {
  fields: { pk: "string", sk: "string" },
  primaryIndex: { hashKey: "pk", rangeKey: "sk" },
  // Webhook delivery markers expire (30 days); nothing else in the views sets expiresAt.
  ttl: "expiresAt",
  deletionProtection: protectedStage,
});

/** Every write that could change or remove an event. Denied explicitly to every function. */
const EVENT_MUTATIONS = [
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
  "dynamodb:PartiQLInsert",
  "dynamodb:PartiQLUpdate",
  "dynamodb:PartiQLDelete",
  "dynamodb:DeleteTable",
  "dynamodb:UpdateTable",
  "dynamodb:UpdateTimeToLive",
  "dynamodb:RestoreTableToPointInTime",
];

/**
 * IAM statements, composed per function in the other modules. `link` is not used for the
 * tables: linking a Dynamo grants `dynamodb:*`, which would include UpdateItem/DeleteItem on
 * the log. Names reach the code through `environment` instead (see `functionEnvironment`).
 */
export const tablePermissions = {
  /** An explicit Deny wins over any Allow, including one added later by mistake. */
  denyEventMutations: {
    effect: "deny",
    actions: EVENT_MUTATIONS,
    resources: [eventsTable.arn],
  },
  /** Reading the log: stream queries (consistent), idempotency lookups. */
  readEvents: {
    actions: ["dynamodb:Query", "dynamodb:GetItem"],
    resources: [eventsTable.arn],
  },
  /** A tenant's streams, for `POST /api/v1/admin/rebuild`: no function scans the log. */
  listStreams: {
    actions: ["dynamodb:Query"],
    resources: [$interpolate`${eventsTable.arn}/index/streamsByTenant`],
  },
  /**
   * Appending: a commit is one TransactWriteItems of a ConditionCheck and conditional Puts.
   * IAM authorises each action inside it as ConditionCheckItem / PutItem, and the condition
   * allows them only inside a transaction, so no bare PutItem can overwrite an event.
   */
  appendEvents: {
    actions: ["dynamodb:PutItem", "dynamodb:ConditionCheckItem"],
    resources: [eventsTable.arn],
    conditions: [
      {
        test: "ForAnyValue:StringEquals",
        variable: "dynamodb:EnclosingOperation",
        values: ["TransactWriteItems"],
      },
    ],
  },
  /** Views are derived data: full item access on the table (it has no index). */
  readWriteViews: {
    actions: [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:Scan",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
    ],
    resources: [viewsTable.arn],
  },
} satisfies Record<string, sst.aws.FunctionPermissionArgs>;
