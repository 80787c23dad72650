export * from "./catalog.ts";
export * from "./catalog-event-types.ts";
export * from "./catalog-events.ts";
export * from "./decide-catalog.ts";
export * from "./evolve-catalog.ts";
export * from "./field-kinds.ts";
export * from "./references.ts";
