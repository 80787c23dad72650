/**
 * One CloudFront distribution for the whole app: the API at `/api`, the web UI at `/`. A
 * stage's `domain` in infra/stages.ts (a name in a Route 53 hosted zone of the account) serves
 * it on that domain; otherwise it answers on its `*.cloudfront.net` address.
 *
 * No origin access control: the API reads bearer tokens from `Authorization`, and
 * `protection: "oac-with-edge-signing"` would have Lambda@Edge overwrite that header with its
 * SigV4 signature, so every request would arrive unauthenticated (DEPLOY.md, Security notes).
 */
import { settingsFor } from "./stages";

const { domain } = settingsFor($app.stage);

export const router = new sst.aws.Router("Router", domain ? { domain } : {});
