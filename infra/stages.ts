/**
 * Per-stage settings, committed with the code so every deploy of a stage gets the same domain,
 * alarm address and mail sender whichever shell runs it. Nothing here is secret: a domain, an
 * address and an SES identity are public. Edit the `prod` entry before the first production
 * deploy; personal stages (`npx sst deploy --stage alice`) take `personalStage`. Plain
 * TypeScript (no SST globals), so the tests load it as it is.
 */
export interface StageSettings {
  /** A name in a Route 53 hosted zone of the account; without it, the `*.cloudfront.net` address. */
  domain?: string;
  /** Subscribed to the OpsAlarms topic (AWS mails a confirmation first); without it, nobody is. */
  opsEmail?: string;
  /** The SES identity mail comes from: a domain (`alerts@<domain>`) or one address. */
  mailSender: string;
}

const personalStage: StageSettings = { mailSender: "alerts@example.com" };

const production: StageSettings = {
  // domain: "termline.example.com",
  opsEmail: "ops@example.com",
  mailSender: "alerts@example.com",
};

export const stages: Record<string, StageSettings> = {
  prod: production,
  production,
};

const PLACEHOLDER = /(^|[@.])example\.com$/;

/** The variables this file replaced; a deployer who still sets one is told where it went. */
const MOVED_FROM_SHELL = ["TERMLINE_DOMAIN", "TERMLINE_OPS_EMAIL", "TERMLINE_MAIL_SENDER"];

export function settingsFor(
  stage: string,
  env: Record<string, string | undefined> = process.env,
): StageSettings {
  const moved = MOVED_FROM_SHELL.filter((name) => env[name] !== undefined);
  if (moved.length > 0)
    throw new Error(
      `${moved.join(", ")} ${moved.length === 1 ? "is" : "are"} no longer read from the shell: set the stage "${stage}" in infra/stages.ts instead, and unset ${moved.length === 1 ? "it" : "them"}`,
    );
  const settings = stages[stage];
  if (!settings) return personalStage;
  // A named stage serves people: alarms and mail to a placeholder would reach nobody, silently.
  const placeholders = Object.entries(settings).filter(([, value]) => PLACEHOLDER.test(value));
  if (placeholders.length > 0)
    throw new Error(
      `infra/stages.ts: stage "${stage}" still has placeholder ${placeholders.map(([key]) => key).join(", ")}; set real values before deploying it`,
    );
  return settings;
}
