import { withLocalDatabase } from "./with-local-database.ts";

/** `npm run rebuild`: refolds every agreement of every tenant from the log and rewrites the views. */
withLocalDatabase(async ({ projector }) => {
  const { streams, events, failed } = await projector.rebuildAll();
  console.log(`Rebuilt ${streams - failed.length} of ${streams} views from ${events} events.`);
  for (const { tenant, agreementId, reason } of failed)
    console.error(`Not rebuilt: ${tenant}/${agreementId}: ${reason}`);
  if (failed.length > 0) process.exitCode = 1;
}).catch((error: unknown) => {
  console.error(
    `Rebuild failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
  );
  process.exit(1);
});
