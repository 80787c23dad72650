/** zod's `locales` namespace in the Lambda bundles (see plugins.mjs): English, the default, only. */
export { default as en } from "zod/v4/locales/en.js";
