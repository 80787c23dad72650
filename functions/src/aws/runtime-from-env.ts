import { randomUUID } from "node:crypto";
import { createDynamoClients, EventStore, ViewStore } from "@termline/store";
import type { Runtime } from "../services/runtime.ts";
import { required } from "./deployment-env.ts";
import type { SecretBox } from "./secret-box.ts";

/** The runtime on AWS: real tables named by the deployment, the real clock. */
export function runtimeFromEnv(env: NodeJS.ProcessEnv = process.env): Runtime {
  const { doc } = createDynamoClients();
  return {
    eventStore: new EventStore(doc, required("TERMLINE_EVENTS_TABLE", env)),
    viewStore: new ViewStore(doc, required("TERMLINE_VIEWS_TABLE", env)),
    clock: () => new Date(),
    newId: randomUUID,
    ...(env.TERMLINE_SECRETS_KEY ? { secretBox: lazySecretBox(env) } : {}),
  };
}

/**
 * The KMS box, loaded on first use: only the API (sealing) and the notifier (opening) ever
 * call it, so the other functions do not pay for the KMS client at cold start.
 */
function lazySecretBox(env: NodeJS.ProcessEnv): SecretBox {
  let box: Promise<SecretBox> | undefined;
  const get = () => {
    box ??= import("./secret-box.ts").then(({ secretBoxFromEnv }) => secretBoxFromEnv(env));
    return box;
  };
  return {
    seal: async (secret, owner) => (await get()).seal(secret, owner),
    open: async (stored, owner) => (await get()).open(stored, owner),
  };
}
