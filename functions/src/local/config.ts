import { resolve } from "node:path";
import { DEFAULT_TOKENS, type Principal, parseTokens } from "../api/auth.ts";

export interface LocalConfig {
  port: number;
  /** The interface to listen on: loopback unless HOST exposes it on purpose. */
  host: string;
  dataDir: string;
  tokens: Map<string, Principal>;
  seed: "reference" | "none";
  tokensAreDefault: boolean;
  /** The local clock: real time, or shifted so it reads TERMLINE_NOW at start (to try alert days). */
  clock: () => Date;
  alertIntervalMs: number;
  /** The From of every mail; the local SMTP server accepts any. */
  mailFrom: string;
  /** Where links in mail point: this server, unless TERMLINE_PUBLIC_URL says otherwise. */
  publicUrl: string | undefined;
}

function clockFrom(now: string | undefined): () => Date {
  if (now === undefined) return () => new Date();
  const start = Date.parse(now);
  if (Number.isNaN(start))
    throw new Error(
      `TERMLINE_NOW must be an ISO instant such as 2027-12-24T06:00:00Z (got "${now}").`,
    );
  const offset = start - Date.now();
  return () => new Date(Date.now() + offset);
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1000)
    throw new Error(
      `${name} must be a whole number of milliseconds, at least 1000 (got "${value}").`,
    );
  return number;
}

/** Reads the settings `npm start` documents; a bad value is one line that says what to change. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a number from 0 (any free port) to 65535 (got "${env.PORT}").`);
  const seed = env.TERMLINE_SEED ?? "reference";
  if (seed !== "reference" && seed !== "none")
    throw new Error(`TERMLINE_SEED must be "reference" or "none" (got "${seed}").`);
  return {
    port,
    host: env.HOST ?? "127.0.0.1",
    dataDir: resolve(env.TERMLINE_DATA_DIR ?? ".termline"),
    tokens: parseTokens(env.TERMLINE_TOKENS ?? DEFAULT_TOKENS),
    seed,
    tokensAreDefault: env.TERMLINE_TOKENS === undefined,
    clock: clockFrom(env.TERMLINE_NOW),
    alertIntervalMs: positive(
      "TERMLINE_ALERT_INTERVAL_MS",
      env.TERMLINE_ALERT_INTERVAL_MS,
      60 * 60 * 1000,
    ),
    mailFrom: env.TERMLINE_MAIL_FROM ?? "Termline <alerts@termline.localhost>",
    publicUrl: env.TERMLINE_PUBLIC_URL?.replace(/\/+$/, ""),
  };
}
