import { startDynamoDbLocal } from "@termline/store/local";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** One in-memory DynamoDB Local for the whole run; each test file makes its own tables. */
    dynamoEndpoint: string;
  }
}

/** DynamoDB Local takes seconds to start, so the run shares one (or reuses DYNAMODB_ENDPOINT). */
export default async function setup(project: TestProject) {
  // The AWS SDK warns that it will need Node 22 from 2027; Lambda runs 22+, so it is only noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const existing = process.env.DYNAMODB_ENDPOINT;
  if (existing) {
    project.provide("dynamoEndpoint", existing);
    return;
  }
  const local = await startDynamoDbLocal({});
  project.provide("dynamoEndpoint", local.endpoint);
  return () => local.stop();
}
