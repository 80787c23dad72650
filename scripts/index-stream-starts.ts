/**
 * `npm run index-stream-starts -- <events table>`: once, on a stage deployed before the events
 * table had its `streamsByTenant` index, gives each stream's first event the index's key, so a
 * tenant's `POST /admin/rebuild` finds the streams begun before it. Uses the AWS configuration
 * of the shell (AWS_PROFILE, AWS_REGION); it needs `dynamodb:Scan` and `dynamodb:UpdateItem` on
 * the table, which no function has. Safe to run again: it writes only what is missing.
 * `npm start` does the same by itself for a local database.
 */
import { createDynamoClients, indexStreamStarts } from "@termline/store";

const table = process.argv[2];
if (!table) {
  console.error("Usage: npm run index-stream-starts -- <events table> (the eventsTable output)");
  process.exit(2);
}
const { client } = createDynamoClients();
try {
  const written = await indexStreamStarts(client, table);
  console.log(`Indexed ${written} stream${written === 1 ? "" : "s"} of ${table}.`);
} catch (error) {
  console.error(`Not done: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  client.destroy();
}
