import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface DynamoConnection {
  /** DynamoDB Local (or another emulator); omitted = the default AWS configuration chain. */
  endpoint?: string;
  region?: string;
  maxAttempts?: number;
}

export interface DynamoClients {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/** One place decides how we talk to DynamoDB, so local and AWS differ only in the endpoint. */
export function clientConfig(connection: DynamoConnection = {}): DynamoDBClientConfig {
  const { endpoint, region, maxAttempts } = connection;
  const config: DynamoDBClientConfig = {};
  if (maxAttempts !== undefined) config.maxAttempts = maxAttempts;
  if (endpoint !== undefined) {
    config.endpoint = endpoint;
    config.region = region ?? "us-east-1";
    // DynamoDB Local checks that a signature exists, never which key made it.
    config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  } else if (region !== undefined) {
    config.region = region;
  }
  return config;
}

export function createDynamoClients(connection: DynamoConnection = {}): DynamoClients {
  const client = new DynamoDBClient(clientConfig(connection));
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc };
}

export function createStreamsClient(connection: DynamoConnection = {}): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient(clientConfig(connection));
}
