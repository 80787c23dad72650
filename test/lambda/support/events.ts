import { randomUUID } from "node:crypto";
import type {
  APIGatewayProxyEventV2,
  Context,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  EventBridgeEvent,
  ScheduledEvent,
} from "aws-lambda";
import type { WireEntry } from "./fake-eventbridge.ts";

/** Real-looking AWS event shapes, as the services send them to a Node.js function. */
const REGION = "us-east-1";
const ACCOUNT = "123456789012";

export function lambdaContext(name: string): Context {
  const fail = () => {
    throw new Error("callbacks are not used by async handlers");
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: `termline-test-${name}`,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:termline-test-${name}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/termline-test-${name}`,
    logStreamName: `2026/11/24/[$LATEST]${randomUUID().replaceAll("-", "")}`,
    getRemainingTimeInMillis: () => 30_000,
    done: fail,
    fail,
    succeed: fail,
  };
}

export interface HttpOptions {
  token?: string;
  body?: unknown;
  /** Function URLs base64-encode bodies they do not see as text. */
  base64?: boolean;
  headers?: Record<string, string>;
}

/** A Function URL request (payload format 2.0, the same as an HTTP API's). */
export function httpEvent(
  method: string,
  url: string,
  { token, body, base64 = false, headers = {} }: HttpOptions = {},
): APIGatewayProxyEventV2 {
  const [rawPath = "/", rawQueryString = ""] = url.split("?");
  const now = new Date();
  const domainPrefix = "abcdefghijklmnopqrstuvwxyz012345";
  const text = body === undefined ? undefined : JSON.stringify(body);
  const sent: Record<string, string> = {
    host: `${domainPrefix}.lambda-url.${REGION}.on.aws`,
    "user-agent": "termline-lambda-test",
    "x-amzn-trace-id": `Root=1-${now.getTime().toString(16)}-${randomUUID().slice(0, 24)}`,
    "x-forwarded-for": "203.0.113.7",
    "x-forwarded-proto": "https",
    "x-forwarded-port": "443",
    accept: "application/json",
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(text === undefined
      ? {}
      : { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) }),
    ...headers,
  };
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    headers: sent,
    ...(rawQueryString
      ? { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQueryString)) }
      : {}),
    requestContext: {
      accountId: "anonymous",
      apiId: domainPrefix,
      domainName: sent.host ?? "",
      domainPrefix,
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "termline-lambda-test",
      },
      requestId: randomUUID(),
      routeKey: "$default",
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(text === undefined ? {} : { body: base64 ? Buffer.from(text).toString("base64") : text }),
    isBase64Encoded: text !== undefined && base64,
  };
}

/** What an EventBridge schedule (sst.aws.CronV2 / a rule) delivers to its target. */
export function scheduledEvent(at = new Date()): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: ACCOUNT,
    time: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: REGION,
    resources: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/termline-test-alerts`],
    detail: {},
  };
}

/** What a rule on the bus delivers for an entry that PutEvents accepted. */
export function busEvent(entry: WireEntry, at = new Date()): EventBridgeEvent<string, unknown> {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": entry.DetailType ?? "",
    source: entry.Source ?? "",
    account: ACCOUNT,
    time: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: REGION,
    resources: entry.Resources ?? [],
    detail: JSON.parse(entry.Detail ?? "{}"),
  };
}

export const streamEvent = (Records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records });
