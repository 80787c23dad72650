/**
 * The stack's resources, from the program of `sst.config.ts` run under Pulumi's mocks
 * (./synthesize.ts): what a deploy would ask AWS to create, checked against what DEPLOY.md and
 * infra/*.ts promise. The expected values are written here from those promises.
 */
import { eventsTableDefinition } from "@termline/store";
import { beforeAll, describe, expect, it } from "vitest";
import { type DeclaredResource, type Synthesis, synthesize } from "./synthesize.ts";

let stack: Synthesis;
beforeAll(async () => {
  stack = await synthesize("test");
}, 240_000);

const arnOf = (type: string, name: string) => `arn:aws:mock:eu-west-1:123456789012:${type}/${name}`;
const queueArn = (name: string) => arnOf("aws:sqs/queue:Queue", `${name}Queue`);
const functionArn = (name: string) => arnOf("aws:lambda/function:Function", name);
const EVENTS_TABLE = arnOf("aws:dynamodb/table:Table", "EventsTable");

function all(type: string): DeclaredResource[] {
  return stack.resources.filter((resource) => resource.type === type);
}
function one(type: string, name: string): Record<string, unknown> {
  const found = all(type).find((resource) => resource.name === name);
  if (!found) throw new Error(`no ${type} named ${name}`);
  return found.inputs;
}

interface Statement {
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource: string[];
  Condition?: { test: string; variable: string; values: string[] }[];
}
function statementsOf(roleName: string): Statement[] {
  const role = one("aws:iam/role:Role", roleName);
  const policies = role.inlinePolicies as { policy: string }[];
  return policies.flatMap(
    ({ policy }) => (JSON.parse(policy) as { Statement: Statement[] }).Statement,
  );
}

/** The eight Lambda functions: their resource names, which SST derives from the component names. */
const FUNCTIONS = {
  api: "Api",
  projector: "EventsSubscriberProjectorFunction",
  publisher: "EventsSubscriberPublisherFunction",
  alerts: "DailyAlertsHandler",
  notify: "Notify",
  mail: "HourlyMailHandler",
  watchMail: "WatchMail",
  sesFailures: "defaultSubscriberSesFailuresFunction",
};

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

describe("the functions", () => {
  it("are the eight of DEPLOY.md, each built for nodejs24.x on arm64 with the bundling plugins", () => {
    expect(
      all("aws:lambda/function:Function")
        .map((fn) => fn.name)
        .sort(),
    ).toEqual(
      Object.values(FUNCTIONS)
        .map((name) => `${name}Function`)
        .sort(),
    );
    for (const fn of all("aws:lambda/function:Function")) {
      expect(fn.inputs.runtime, fn.name).toBe("nodejs24.x");
      expect(fn.inputs.architectures, fn.name).toEqual(["arm64"]);
      // JSON, so Logs Insights reads the Powertools fields (correlationId, level) of every line.
      expect(fn.inputs.loggingConfig, fn.name).toMatchObject({ logFormat: "JSON" });
      expect(fn.inputs.environment, fn.name).toMatchObject({
        variables: { TERMLINE_STAGE: "test", TERMLINE_SERVICE: expect.any(String) },
      });
    }
    expect(stack.builds).toHaveLength(8);
    for (const request of stack.builds) {
      expect(request.runtime).toBe("nodejs24.x");
      expect(request.properties).toMatchObject({ plugins: "infra/bundling/plugins.mjs" });
    }
    expect(stack.builds.map((request) => request.handler).sort()).toEqual([
      "functions/src/alerts/handler.handler",
      "functions/src/api/handler.handler",
      "functions/src/mail/handler.handler",
      "functions/src/mail/ses-events-handler.handler",
      "functions/src/mail/watch-handler.handler",
      "functions/src/notify/handler.handler",
      "functions/src/projector/handler.handler",
      "functions/src/publisher/handler.handler",
    ]);
  });
});

describe("the tables", () => {
  it("the log keeps a NEW_IMAGE stream, TTL on expiresAt and point-in-time recovery", () => {
    expect(one("aws:dynamodb/table:Table", "EventsTable")).toMatchObject({
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      rangeKey: "sk",
      streamEnabled: true,
      streamViewType: "NEW_IMAGE",
      ttl: { attributeName: "expiresAt", enabled: true },
      pointInTimeRecovery: { enabled: true },
    });
  });

  it("the log lists each tenant's streams in a sparse index of keys only, as DynamoDB Local has it", () => {
    const events = one("aws:dynamodb/table:Table", "EventsTable");
    expect(events.globalSecondaryIndexes).toEqual([
      {
        name: "streamsByTenant",
        hashKey: "tenant",
        rangeKey: "startedStream",
        projectionType: "KEYS_ONLY",
      },
    ]);
    const local = eventsTableDefinition("local").GlobalSecondaryIndexes;
    expect(local?.map(({ IndexName, KeySchema }) => [IndexName, KeySchema])).toEqual([
      [
        "streamsByTenant",
        [
          { AttributeName: "tenant", KeyType: "HASH" },
          { AttributeName: "startedStream", KeyType: "RANGE" },
        ],
      ],
    ]);
  });

  it("the views table has no secondary index (byDate is gone)", () => {
    const views = one("aws:dynamodb/table:Table", "ViewsTable");
    expect(views.globalSecondaryIndexes ?? []).toEqual([]);
    expect(views.attributes).toEqual([
      { name: "pk", type: "S" },
      { name: "sk", type: "S" },
    ]);
  });
});

describe("the stream subscribers", () => {
  it.each([
    ["Projector", "ProjectorDLQ"],
    ["Publisher", "PublisherDLQ"],
  ])("%s bisects failing batches, reports item failures and dead-letters to %s", (name, dlq) => {
    expect(
      one(
        "aws:lambda/eventSourceMapping:EventSourceMapping",
        `EventsSubscriber${name}EventSourceMapping`,
      ),
    ).toMatchObject({
      functionName: functionArn(`EventsSubscriber${name}FunctionFunction`),
      startingPosition: "TRIM_HORIZON",
      batchSize: 100,
      bisectBatchOnFunctionError: true,
      functionResponseTypes: ["ReportBatchItemFailures"],
      maximumRetryAttempts: 5,
      maximumRecordAgeInSeconds: 86400,
      destinationConfig: { onFailure: { destinationArn: queueArn(dlq) } },
      filterCriteria: {
        filters: [
          {
            pattern: JSON.stringify({
              eventName: ["INSERT"],
              dynamodb: { NewImage: { itemType: { S: ["event"] } } },
            }),
          },
        ],
      },
    });
  });
});

describe("IAM on the events table", () => {
  const lambdaRoles = () => Object.values(FUNCTIONS).map((name) => `${name}Role`);

  it("every function's role denies every mutation of the log explicitly", () => {
    for (const role of lambdaRoles()) {
      const denies = statementsOf(role).filter((statement) => statement.Effect === "Deny");
      expect(denies, role).toEqual([
        { Effect: "Deny", Action: EVENT_MUTATIONS, Resource: [EVENTS_TABLE] },
      ]);
    }
  });

  it("only the API may put on the log, and only inside a TransactWriteItems", () => {
    for (const role of lambdaRoles()) {
      const puts = statementsOf(role).filter(
        (statement) =>
          statement.Effect === "Allow" &&
          statement.Resource.includes(EVENTS_TABLE) &&
          statement.Action.includes("dynamodb:PutItem"),
      );
      if (role !== "ApiRole") {
        expect(puts, role).toEqual([]);
        continue;
      }
      expect(puts).toEqual([
        {
          Effect: "Allow",
          Action: ["dynamodb:PutItem", "dynamodb:ConditionCheckItem"],
          Resource: [EVENTS_TABLE],
          Condition: [
            {
              test: "ForAnyValue:StringEquals",
              variable: "dynamodb:EnclosingOperation",
              values: ["TransactWriteItems"],
            },
          ],
        },
      ]);
    }
  });

  it("no function scans the log; the API lists a tenant's streams from the index", () => {
    for (const role of lambdaRoles()) {
      const scans = statementsOf(role).filter(
        (statement) => statement.Effect === "Allow" && statement.Action.includes("dynamodb:Scan"),
      );
      expect(
        scans.filter((statement) => statement.Resource.some((r) => r.startsWith(EVENTS_TABLE))),
        role,
      ).toEqual([]);
    }
    expect(statementsOf("ApiRole")).toContainEqual({
      Effect: "Allow",
      Action: ["dynamodb:Query"],
      Resource: [`${EVENTS_TABLE}/index/streamsByTenant`],
    });
  });

  it("the publisher reads no table at all, only the stream Lambda polls for it", () => {
    const tables = statementsOf(`${FUNCTIONS.publisher}Role`).filter(
      (statement) =>
        statement.Effect === "Allow" && statement.Action.some((a) => a.startsWith("dynamodb:")),
    );
    expect(tables).toEqual([
      {
        Effect: "Allow",
        Action: [
          "dynamodb:DescribeStream",
          "dynamodb:GetRecords",
          "dynamodb:GetShardIterator",
          "dynamodb:ListStreams",
        ],
        Resource: [`${EVENTS_TABLE}/stream/mock`],
      },
    ]);
  });
});

describe("webhook signing secrets", () => {
  const KEY = arnOf("aws:kms/key:Key", "WebhookSecretsKey");
  const kmsStatements = (role: string) =>
    statementsOf(role).filter((statement) => statement.Action.some((a) => a.startsWith("kms:")));

  it("a rotating KMS key; Notify alone decrypts, the API only encrypts", () => {
    expect(one("aws:kms/key:Key", "WebhookSecretsKey")).toMatchObject({
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    // Sealing a new subscription's secret needs Encrypt; nothing the API does may read one back.
    expect(kmsStatements("ApiRole")).toEqual([
      { Effect: "Allow", Action: ["kms:Encrypt"], Resource: [KEY] },
    ]);
    expect(kmsStatements("NotifyRole")).toEqual([
      { Effect: "Allow", Action: ["kms:Decrypt"], Resource: [KEY] },
    ]);
    for (const [name, resource] of Object.entries(FUNCTIONS)) {
      if (name === "notify") continue;
      const actions = kmsStatements(`${resource}Role`).flatMap((statement) => statement.Action);
      expect(actions, resource).not.toContain("kms:Decrypt");
      expect(
        actions.some((action) => action === "kms:*" || action === "*"),
        resource,
      ).toBe(false);
      if (name !== "api") expect(actions, resource).toEqual([]);
    }
    for (const fn of ["ApiFunction", "NotifyFunction"])
      expect(one("aws:lambda/function:Function", fn).environment).toMatchObject({
        variables: { TERMLINE_SECRETS_KEY: KEY },
      });
  });

  it("the API hands replays to Notify on the bus: PutEvents on that bus only, no Lambda invoke", () => {
    const [bus] = all("aws:cloudwatch/eventBus:EventBus");
    const BUS = arnOf("aws:cloudwatch/eventBus:EventBus", String(bus?.name));
    const api = statementsOf("ApiRole");
    expect(api).toContainEqual({ Effect: "Allow", Action: ["events:PutEvents"], Resource: [BUS] });
    const busOrInvoke = api.filter((statement) =>
      statement.Action.some((a) => a.startsWith("events:") || a.startsWith("lambda:")),
    );
    expect(busOrInvoke).toEqual([
      { Effect: "Allow", Action: ["events:PutEvents"], Resource: [BUS] },
    ]);
    // Notify's rule takes every `termline` event, WebhookReplayRequested included.
    const rule = one("aws:cloudwatch/eventRule:EventRule", "TermlineBusSubscriberNotifyRule");
    expect(JSON.parse(String(rule.eventPattern))).toEqual({ source: ["termline"] });
  });
});

describe("the Router", () => {
  it("forwards the bearer token untouched: no origin access control, no edge signer", () => {
    const [distribution] = all("aws:cloudfront/distribution:Distribution");
    const behavior = distribution?.inputs.defaultCacheBehavior as Record<string, unknown>;
    // CloudFront's managed AllViewerExceptHostHeader policy: Authorization reaches the origin.
    expect(behavior.originRequestPolicyId).toBe("b689b0a8-53d0-40ab-baf2-68738e2966ac");
    expect(behavior.lambdaFunctionAssociations).toEqual([]);
    expect(all("aws:cloudfront/originAccessControl:OriginAccessControl")).toEqual([]);
    expect(one("aws:lambda/functionUrl:FunctionUrl", "ApiUrl")).toMatchObject({
      authorizationType: "NONE",
    });
  });

  it("caches nothing the origin does not ask for, and never keys on Authorization", () => {
    const policy = one("aws:cloudfront/cachePolicy:CachePolicy", "RouterServerCachePolicy");
    expect(policy).toMatchObject({ defaultTtl: 0, minTtl: 0 });
    const headers = (
      policy.parametersInCacheKeyAndForwardedToOrigin as {
        headersConfig: { headers: { items: string[] } };
      }
    ).headersConfig.headers.items.map((header) => header.toLowerCase());
    expect(headers).not.toContain("authorization");
  });
});

describe("the schedules", () => {
  it.each([
    ["DailyAlerts", "cron(0 6 * * ? *)", "AlertsDLQ"],
    ["HourlyMail", "cron(5 * * * ? *)", "MailDLQ"],
  ])("%s runs %s in UTC on its function, with the scheduled-event shape", (name, cron, dlq) => {
    const schedule = one("aws:scheduler/schedule:Schedule", `${name}Schedule`);
    expect(schedule).toMatchObject({
      scheduleExpression: cron,
      scheduleExpressionTimezone: "UTC",
      state: "ENABLED",
      target: {
        arn: functionArn(`${name}HandlerFunction`),
        retryPolicy: { maximumRetryAttempts: 2 },
        deadLetterConfig: { arn: queueArn(dlq) },
      },
    });
    const input = JSON.parse((schedule.target as { input: string }).input);
    expect(input).toMatchObject({
      id: "<aws.scheduler.execution-id>",
      "detail-type": "Scheduled Event",
      time: "<aws.scheduler.scheduled-time>",
      account: "123456789012",
      region: "eu-west-1",
    });
  });
});

describe("asynchronously invoked functions", () => {
  it.each([
    ["DailyAlertsHandler", "AlertsDLQ"],
    ["HourlyMailHandler", "MailDLQ"],
    ["Notify", "NotifyDLQ"],
    ["WatchMail", "WatchMailDLQ"],
    ["defaultSubscriberSesFailuresFunction", "SesFailuresDLQ"],
  ])("%s: two retries by Lambda, then an on-failure record in %s it may send to", (name, dlq) => {
    expect(
      one(
        "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        `${name}EventInvokeConfig`,
      ),
    ).toMatchObject({
      maximumRetryAttempts: 2,
      maximumEventAgeInSeconds: 6 * 60 * 60,
      destinationConfig: { onFailure: { destination: queueArn(dlq) } },
    });
    expect(statementsOf(`${name}Role`)).toContainEqual({
      Effect: "Allow",
      Action: ["sqs:SendMessage"],
      Resource: [queueArn(dlq)],
    });
  });

  it("no other function has an invoke config (the API and the stream subscribers are invoked synchronously)", () => {
    expect(all("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")).toHaveLength(5);
  });

  it.each([
    ["Notify", "NotifyDLQ"],
    ["WatchMail", "WatchMailDLQ"],
  ])(
    "the %s bus rule dead-letters what it cannot hand to Lambda, and only that rule may",
    (name, dlq) => {
      const [target] = all("aws:cloudwatch/eventTarget:EventTarget").filter((t) =>
        t.name.startsWith(`TermlineBusSubscriber${name}`),
      );
      expect(target?.inputs).toMatchObject({
        deadLetterConfig: { arn: queueArn(dlq) },
        retryPolicy: { maximumEventAgeInSeconds: 86400, maximumRetryAttempts: 185 },
      });
      const policy = JSON.parse(
        one("aws:sqs/queuePolicy:QueuePolicy", `${dlq}Policy`).policy as string,
      );
      expect(policy.Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queueArn(dlq),
          Condition: {
            ArnEquals: {
              "aws:SourceArn": arnOf(
                "aws:cloudwatch/eventRule:EventRule",
                `TermlineBusSubscriber${name}Rule`,
              ),
            },
          },
        },
      ]);
    },
  );
});

describe("alarms", () => {
  it("one per dead-letter queue, on its first visible message, to the OpsAlarms topic", () => {
    const dlqAlarms = all("aws:cloudwatch/metricAlarm:MetricAlarm").filter(
      (alarm) => alarm.inputs.namespace === "AWS/SQS",
    );
    expect(dlqAlarms.map((alarm) => alarm.name).sort()).toEqual([
      "AlertsDLQAlarm",
      "MailDLQAlarm",
      "NotifyDLQAlarm",
      "ProjectorDLQAlarm",
      "PublisherDLQAlarm",
      "SesFailuresDLQAlarm",
      "WatchMailDLQAlarm",
    ]);
    for (const alarm of dlqAlarms)
      expect(alarm.inputs).toMatchObject({
        metricName: "ApproximateNumberOfMessagesVisible",
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        alarmActions: [arnOf("aws:sns/topic:Topic", "OpsAlarmsTopic")],
      });
  });

  const alarm = (name: string) => one("aws:cloudwatch/metricAlarm:MetricAlarm", name);
  const functionName = (name: string) =>
    all("aws:lambda/function:Function").find((fn) => fn.name === `${name}Function`)?.inputs.name;

  it("one on the errors of each function", () => {
    const errorAlarms = all("aws:cloudwatch/metricAlarm:MetricAlarm").filter(
      (each) => each.inputs.metricName === "Errors",
    );
    expect(errorAlarms).toHaveLength(8);
    for (const [name, resource] of Object.entries(FUNCTIONS))
      expect(alarm(`${name[0]?.toUpperCase()}${name.slice(1)}ErrorsAlarm`)).toMatchObject({
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: functionName(resource) },
        statistic: "Sum",
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      });
  });

  it.each([
    ["ProjectorLagAlarm", FUNCTIONS.projector],
    ["PublisherLagAlarm", FUNCTIONS.publisher],
  ])("%s: the stream's iterator age above a minute for five minutes", (name, resource) => {
    expect(alarm(name)).toMatchObject({
      namespace: "AWS/Lambda",
      metricName: "IteratorAge",
      dimensions: { FunctionName: functionName(resource) },
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 5,
      threshold: 60_000,
    });
  });

  it("one on failed webhook deliveries, on the metric and dimensions the notifier emits", () => {
    // functions/src/aws/observability.ts: namespace Termline, dimensions service and stage;
    // infra/alerts.ts gives Notify TERMLINE_SERVICE=notify.
    expect(alarm("WebhooksFailedAlarm")).toMatchObject({
      namespace: "Termline",
      metricName: "WebhooksFailed",
      dimensions: { service: "notify", stage: "test" },
      statistic: "Sum",
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    });
    expect(one("aws:lambda/function:Function", "NotifyFunction").environment).toMatchObject({
      variables: { TERMLINE_SERVICE: "notify" },
    });
  });

  it("a stage without an ops e-mail subscribes nobody", () => {
    expect(all("aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
  });
});
