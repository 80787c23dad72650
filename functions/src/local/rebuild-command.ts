import { withLocalDatabase } from "./with-local-database.ts";

/** `npm run rebuild`: refolds every agreement of every tenant from the log and rewrites the views. */
withLocalDatabase(async ({ projector }) => {
  const { streams, events } = await projector.rebuildAll();
  console.log(`Rebuilt ${streams} agreement views from ${events} events.`);
}).catch((error: unknown) => {
  console.error(
    `Rebuild failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
  );
  process.exit(1);
});
