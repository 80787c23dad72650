/**
 * The KMS key that seals webhook signing secrets in the views table
 * (functions/src/aws/secret-box.ts): the API encrypts with it (a secret is sealed when its
 * subscription is created) and never decrypts; the notifier alone decrypts, to sign deliveries
 * and the replays admins ask for through the API. No other function, and no table export or
 * backup, can read a secret back.
 */
export const webhookSecretsKey = new aws.kms.Key("WebhookSecretsKey", {
  description: $interpolate`Termline ${$app.stage}: webhook signing secrets`,
  enableKeyRotation: true,
  deletionWindowInDays: 30,
});

/** What the functions that seal or open secrets are given (read by `secretBoxFromEnv`). */
export const secretsEnvironment = { TERMLINE_SECRETS_KEY: webhookSecretsKey.arn };

export const sealSecretsPermission: sst.aws.FunctionPermissionArgs = {
  actions: ["kms:Encrypt"],
  resources: [webhookSecretsKey.arn],
};

export const openSecretsPermission: sst.aws.FunctionPermissionArgs = {
  actions: ["kms:Decrypt"],
  resources: [webhookSecretsKey.arn],
};
