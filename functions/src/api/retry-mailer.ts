import { SESv2Client } from "@aws-sdk/client-sesv2";
import { sesMailer } from "../mail/ses.ts";

/**
 * What sends an admin's retry of a failed mail, the only mail the API sends. A module of its
 * own so the Lambda handler imports it, SES's client and the MIME builder, on the first retry.
 */
export const retryMailer = (configurationSet: string | undefined) =>
  sesMailer(new SESv2Client({ maxAttempts: 1 }), { configurationSet });
