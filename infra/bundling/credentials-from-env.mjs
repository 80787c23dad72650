/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (see plugins.mjs):
 * the SDK clients' default credentials are the environment's, as Lambda sets them for the
 * execution role. Anywhere else a bundle needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";

export const defaultProvider = (init = {}) => fromEnv(init);
