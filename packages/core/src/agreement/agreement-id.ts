import * as z from "zod";

/**
 * An agreement's id. Apart from decide.ts, whose command and event schemas a module that only
 * names agreements (the API's read schemas) should not have to build.
 */
export const AgreementId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "use lowercase letters, digits and dashes, at most 80");
