export type { StreamHandler } from "./deliver-batch.ts";
export * from "./dynamodb-local.ts";
export * from "./lambda-records.ts";
export * from "./stream-poller.ts";
export * from "./system-records.ts";
