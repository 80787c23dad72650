export * from "./alert-schedule.ts";
export * from "./derive.ts";
