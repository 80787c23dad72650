/**
 * One alarm per dead-letter queue: a message there means something needs a person (DEPLOY.md,
 * "Replaying"). Alarms notify the `OpsAlarms` SNS topic; a stage's `opsEmail` (infra/stages.ts)
 * is subscribed to it (AWS sends a confirmation email first).
 */
import { alertsDlq, notifyDlq } from "./alerts";
import { mailDlq, sesFailuresDlq, watchMailDlq } from "./mail";
import { projectorDlq, publisherDlq } from "./projections";
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
  new aws.cloudwatch.MetricAlarm(`${name[0]?.toUpperCase()}${name.slice(1)}DLQAlarm`, {
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
    alarmActions: [opsTopic.arn],
    okActions: [opsTopic.arn],
  });
}
