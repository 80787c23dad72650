/** Which catalog kind an event field names: the decider's own map, so pickers and checks agree. */
export { kindOfField } from "../../../packages/core/src/catalog/field-kinds.ts";

/** Words that stand where ids would: they are not catalog entries. */
export const WORD_VALUES: Record<string, string> = {
  all: "all of the grantor's products",
  "any-cloud": "any cloud",
};
