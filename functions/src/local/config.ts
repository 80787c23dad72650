import { resolve } from "node:path";
import { DEFAULT_TOKENS, type Principal, parseTokens } from "../api/auth.ts";

export interface LocalConfig {
  port: number;
  dataDir: string;
  tokens: Map<string, Principal>;
  seed: "reference" | "none";
  tokensAreDefault: boolean;
}

/** Reads the settings `npm start` documents; a bad value is one line that says what to change. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`PORT must be a number from 1 to 65535 (got "${env.PORT}").`);
  const seed = env.TERMLINE_SEED ?? "reference";
  if (seed !== "reference" && seed !== "none")
    throw new Error(`TERMLINE_SEED must be "reference" or "none" (got "${seed}").`);
  return {
    port,
    dataDir: resolve(env.TERMLINE_DATA_DIR ?? ".termline"),
    tokens: parseTokens(env.TERMLINE_TOKENS ?? DEFAULT_TOKENS),
    seed,
    tokensAreDefault: env.TERMLINE_TOKENS === undefined,
  };
}
