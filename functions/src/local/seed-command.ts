import { readConfig } from "./config.ts";
import { seedReferenceCase } from "./seed.ts";
import { withLocalDatabase } from "./with-local-database.ts";

/** `npm run seed`: loads the reference case into every configured tenant that has no agreements. */
withLocalDatabase(async ({ runtime }) => {
  const tenants = new Set([...readConfig().tokens.values()].map(({ tenant }) => tenant));
  for (const tenant of tenants)
    console.log(`${tenant}: ${await seedReferenceCase(runtime, tenant)} events recorded`);
}).catch((error: unknown) => {
  console.error(
    `Seeding failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
  );
  process.exit(1);
});
