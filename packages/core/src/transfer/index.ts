export * from "./decide-import.ts";
export * from "./export-document.ts";
export * from "./format-schema.ts";
