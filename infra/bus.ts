/**
 * The EventBridge bus for everything Termline publishes (see
 * `packages/core/src/integration/bus-events.ts`): source `termline`; detail-type is the domain
 * event's type (e.g. `TermAmended`) for committed events, or `DeadlineApproaching` for alerts.
 */
export const bus = new sst.aws.Bus("TermlineBus");

/** The only bus permission any function gets: putting events on this bus. */
export const putEventsPermission: sst.aws.FunctionPermissionArgs = {
  actions: ["events:PutEvents"],
  resources: [bus.arn],
};

/**
 * A rule target's handling of events EventBridge could not hand to Lambda at all (throttled
 * for a day, deleted function): they go to `dlq` instead of being dropped.
 */
export const undeliverableTo = (dlq: sst.aws.Queue) => ({
  retryPolicy: { maximumEventAgeInSeconds: 24 * 60 * 60, maximumRetryAttempts: 185 },
  deadLetterConfig: { arn: dlq.arn },
});

/** EventBridge needs the queue's own permission to dead-letter into it, for this rule only. */
export function ruleMayDeadLetter(
  name: string,
  dlq: sst.aws.Queue,
  rule: $util.Output<aws.cloudwatch.EventRule>,
) {
  return new aws.sqs.QueuePolicy(name, {
    queueUrl: dlq.url,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: dlq.arn,
          Condition: { ArnEquals: { "aws:SourceArn": rule.arn } },
        },
      ],
    }),
  });
}
