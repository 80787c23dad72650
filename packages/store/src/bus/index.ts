export * from "./eventbridge-bus.ts";
export * from "./local-bus.ts";
export * from "./publish-failed-error.ts";
