import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, DynamoDBStreamEvent } from "aws-lambda";

/**
 * Logs and metrics of the Lambda handlers, through Powertools for AWS Lambda: one JSON object
 * per line (with `correlationId`, the key the local logs use too, so one Logs Insights query
 * follows a change everywhere), and CloudWatch metrics as Embedded Metric Format lines, which
 * cost no API call. Only the Lambda entry points import this; `npm start` keeps its console.
 *
 * Metrics go to the `Termline` namespace with the dimensions `service` (TERMLINE_SERVICE) and
 * `stage` (TERMLINE_STAGE); infra/monitoring.ts alarms on some of them with the same names.
 */
export const METRICS_NAMESPACE = "Termline";

/** The business metrics the handlers emit; infra/monitoring.ts refers to them by these names. */
export const metricNames = {
  eventsAppended: "EventsAppended",
  eventsPublished: "EventsPublished",
  publishFailures: "PublishFailures",
  eventsProjected: "EventsProjected",
  projectionFailures: "ProjectionFailures",
  webhooksDelivered: "WebhooksDelivered",
  webhooksFailed: "WebhooksFailed",
  alertsSent: "AlertsSent",
  alertsFailed: "AlertsFailed",
  mailSent: "MailSent",
  mailFailed: "MailFailed",
  sesFailuresRecorded: "SesFailuresRecorded",
} as const;
export type MetricName = (typeof metricNames)[keyof typeof metricNames];

const service = process.env.TERMLINE_SERVICE ?? "termline";

export const logger = new Logger({ serviceName: service });

export const metrics = new Metrics({
  namespace: METRICS_NAMESPACE,
  serviceName: service,
  defaultDimensions: { stage: process.env.TERMLINE_STAGE ?? "unknown" },
});

/** Adds a count; zero counts are kept, so a quiet period reads 0 rather than no data. */
export function count(name: MetricName, value: number): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/** A log sink with the notifier's and the publisher's `{ level, message, ...rest }` shape. */
export function logEntry(entry: Record<string, unknown>): void {
  const { level, message, ...rest } = entry;
  const text = typeof message === "string" ? message : "log";
  if (level === "error") logger.error(text, rest);
  else if (level === "warn") logger.warn(text, rest);
  else logger.info(text, rest);
}

/**
 * Wraps a handler: Lambda's context and cold start on every log line, the invocation's
 * correlation id when the event names one, a cold-start metric once per container, the
 * invocation's metrics flushed when it ends, and an error log line before a throw reaches
 * Lambda (which retries or dead-letters the event).
 */
export function instrumented<E, R>(
  handler: (event: E, context: Context) => Promise<R>,
  correlationIdOf: (event: E) => string | undefined = () => undefined,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    metrics.captureColdStartMetric(context.functionName);
    const correlationId = correlationIdOf(event);
    if (correlationId) logger.appendKeys({ correlationId });
    try {
      return await handler(event, context);
    } catch (error) {
      logger.error("invocation failed; Lambda retries or dead-letters the event", error as Error);
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      logger.resetKeys();
    }
  };
}

/** Termline's bus events carry the change's correlation id in their detail. */
export function correlationIdOfBusEvent(event: { id: string; detail?: unknown }): string {
  const detail = event.detail as { correlationId?: unknown } | null | undefined;
  return typeof detail?.correlationId === "string" ? detail.correlationId : event.id;
}

/** The correlation ids of the events in a stream batch (the commits they came from). */
export function correlationIdsOfStream(event: DynamoDBStreamEvent): string[] {
  const ids = event.Records.map((record) => record.dynamodb?.NewImage?.correlationId?.S);
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}
