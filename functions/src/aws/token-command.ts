import { parseArgs } from "node:util";
import { createDynamoClients, ViewStore } from "@termline/store";
import { type Role, roles } from "../api/auth.ts";
import { createToken, revokeToken } from "../api/token-registry.ts";
import { required } from "./deployment-env.ts";

/**
 * `npm run token -- create --tenant acme --role editor --name alice` prints a new token once;
 * `npm run token -- revoke --token tl_…` refuses it from then on. It talks to the deployed
 * views table named by TERMLINE_VIEWS_TABLE, with the caller's AWS credentials.
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    tenant: { type: "string" },
    role: { type: "string" },
    name: { type: "string" },
    token: { type: "string" },
  },
});

async function main() {
  const viewStore = new ViewStore(createDynamoClients().doc, required("TERMLINE_VIEWS_TABLE"));
  const [command] = positionals;
  if (command === "create") {
    const { tenant, role, name } = values;
    if (!tenant || !name || !roles.includes(role as Role))
      throw new Error(`create needs --tenant, --name and --role (${roles.join(", ")})`);
    const token = await createToken(viewStore, { tenant, role: role as Role, name }, new Date());
    console.log(`Token for ${name} (${role}, tenant ${tenant}). It is shown only now:\n${token}`);
  } else if (command === "revoke") {
    if (!values.token) throw new Error("revoke needs --token");
    console.log(
      (await revokeToken(viewStore, values.token, new Date())) ? "Revoked." : "No such token.",
    );
  } else {
    throw new Error('say "create" or "revoke"');
  }
}

main().catch((error: unknown) => {
  console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
