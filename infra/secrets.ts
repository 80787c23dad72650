/**
 * The KMS key that seals webhook signing secrets in the views table
 * (functions/src/aws/secret-box.ts): the API may only encrypt with it (a secret is sealed when
 * its subscription is created), the notifier may only decrypt (it signs deliveries). Nobody
 * else, and no person through these roles, can read a secret back from the table.
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
