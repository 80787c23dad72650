export * from "./alert-schedule.ts";
export * from "./deadline-index.ts";
export * from "./derive.ts";
