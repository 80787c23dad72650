import { join } from "node:path";
import { startDynamoDbLocal } from "@termline/store/local";
import { readConfig } from "./config.ts";
import { StartupProblem } from "./preflight.ts";
import { LOCAL_TABLES } from "./tables.ts";
import { type Wiring, wire } from "./wiring.ts";

/**
 * Runs a maintenance task against the local database when `npm start` is not running; the
 * running server owns the files, so then the admin endpoint is the way.
 */
export async function withLocalDatabase(task: (wiring: Wiring) => Promise<void>): Promise<void> {
  const config = readConfig();
  const running = await fetch(`http://localhost:${config.port}/api/v1/health`).then(
    () => true,
    () => false,
  );
  if (running)
    throw new StartupProblem(
      `Termline is running on port ${config.port}: use POST /api/v1/admin/rebuild with an admin token, or stop it first.`,
    );
  const database = await startDynamoDbLocal({
    dataDir: join(config.dataDir, "dynamodb"),
  });
  try {
    await task(
      await wire({ endpoint: database.endpoint, tables: LOCAL_TABLES, tokens: config.tokens }),
    );
  } finally {
    await database.stop();
  }
}
