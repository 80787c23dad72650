/**
 * Alarms, each notifying the `OpsAlarms` SNS topic; a stage's `opsEmail` (infra/stages.ts) is
 * subscribed to it (AWS sends a confirmation email first). DEPLOY.md ("Alarms") says what to
 * do for each:
 *
 * - a message in any dead-letter queue (DEPLOY.md, "Replaying");
 * - any function error: an invocation that threw or timed out (Lambda's `Errors`);
 * - projection lag: the stream subscribers' `IteratorAge` above a minute for five minutes;
 * - failed webhook deliveries: the notifier's `WebhooksFailed` metric (Powertools, namespace
 *   `Termline`, functions/src/aws/observability.ts) above zero.
 */
import { alertsDlq, dailyAlerts, notify, notifyDlq } from "./alerts";
import { api } from "./api";
import { hourlyMail, mailDlq, sesFailures, sesFailuresDlq, watchMail, watchMailDlq } from "./mail";
import { projector, projectorDlq, publisher, publisherDlq } from "./projections";
import { settingsFor } from "./stages";

export const opsTopic = new sst.aws.SnsTopic("OpsAlarms");

const { opsEmail } = settingsFor($app.stage);
if (opsEmail) {
  new aws.sns.TopicSubscription("OpsAlarmsEmail", {
    topic: opsTopic.arn,
    protocol: "email",
    endpoint: opsEmail,
  });
}

const notifyOps = { alarmActions: [opsTopic.arn], okActions: [opsTopic.arn] };
const title = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

export const deadLetterQueues = {
  projector: projectorDlq,
  publisher: publisherDlq,
  alerts: alertsDlq,
  notify: notifyDlq,
  mail: mailDlq,
  watchMail: watchMailDlq,
  sesFailures: sesFailuresDlq,
};

for (const [name, queue] of Object.entries(deadLetterQueues)) {
  new aws.cloudwatch.MetricAlarm(`${title(name)}DLQAlarm`, {
    alarmDescription: $interpolate`Termline ${$app.stage}: messages in the ${name} dead-letter queue`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue.nodes.queue.name },
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    ...notifyOps,
  });
}

/** Every function, by the name DEPLOY.md and the outputs use. */
export const functions = {
  api: api.nodes.function,
  projector: projector.nodes.function,
  publisher: publisher.nodes.function,
  alerts: dailyAlerts.nodes.function,
  notify: notify.nodes.function,
  mail: hourlyMail.nodes.function,
  watchMail: watchMail.nodes.function,
  sesFailures: sesFailures.nodes.function,
};

for (const [name, fn] of Object.entries(functions)) {
  new aws.cloudwatch.MetricAlarm(`${title(name)}ErrorsAlarm`, {
    alarmDescription: $interpolate`Termline ${$app.stage}: the ${name} function threw or timed out`,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: fn.name },
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    ...notifyOps,
  });
}

for (const [name, fn] of Object.entries({
  projector: functions.projector,
  publisher: functions.publisher,
})) {
  new aws.cloudwatch.MetricAlarm(`${title(name)}LagAlarm`, {
    alarmDescription: $interpolate`Termline ${$app.stage}: the ${name} is more than a minute behind the events stream`,
    namespace: "AWS/Lambda",
    metricName: "IteratorAge",
    dimensions: { FunctionName: fn.name },
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 5,
    threshold: 60_000,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    ...notifyOps,
  });
}

new aws.cloudwatch.MetricAlarm("WebhooksFailedAlarm", {
  alarmDescription: $interpolate`Termline ${$app.stage}: webhook deliveries failed after every retry (GET /api/v1/webhooks/deliveries/failed)`,
  namespace: "Termline",
  metricName: "WebhooksFailed",
  dimensions: { service: "notify", stage: $app.stage },
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  threshold: 0,
  comparisonOperator: "GreaterThanThreshold",
  treatMissingData: "notBreaching",
  ...notifyOps,
});
