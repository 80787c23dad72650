import {
  DEADLINE_APPROACHING,
  ENTITLEMENT_CHANGED,
  eventTypes,
  NotFoundError,
  UnacceptableRequestError,
} from "@termline/core";
import * as z from "zod";
import type { SecretBox } from "../aws/secret-box.ts";
import { newWebhookSecret } from "../notify/signature.ts";
import { assertPublicTarget, WebhookTargetRefused } from "../notify/webhook-targets.ts";
import type { Runtime } from "./runtime.ts";
import { registerTenant } from "./tenants.ts";

/** Every committed event type, the alert, a changed answer, or "*" for all of them. */
export const webhookEventTypes: readonly string[] = [
  ...eventTypes,
  DEADLINE_APPROACHING,
  ENTITLEMENT_CHANGED,
];
const EventSelector = z
  .string()
  .refine((type) => type === "*" || webhookEventTypes.includes(type), {
    message: `use "*" or one of: ${webhookEventTypes.join(", ")}`,
  })
  .meta({ description: `"*" or one of: ${webhookEventTypes.join(", ")}` });

export const WebhookInput = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: "use an http or https URL" })
      .max(2000)
      .meta({
        description: "Where to POST; https in production.",
        example: "https://example.com/termline",
      }),
    events: z.array(EventSelector).min(1).max(100),
    format: z
      .enum(["json", "slack"])
      .default("json")
      .meta({ description: "`slack` sends a Slack incoming-webhook message ({ text, blocks })." }),
  })
  .strict();
export type WebhookInput = z.input<typeof WebhookInput>;

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  format: "json" | "slack";
  createdAt: string;
}
/** Only the service and the notifier see the secret; the API shows it once, on creation. */
export interface WebhookWithSecret extends Webhook {
  secret: string;
}

const PREFIX = "webhook#";
const keyOf = (id: string) => `${PREFIX}${id}`;

function toWebhook(item: Record<string, unknown>): WebhookWithSecret {
  return {
    id: String(item.id),
    url: String(item.url),
    events: Array.isArray(item.events) ? item.events.map(String) : [],
    format: item.format === "slack" ? "slack" : "json",
    createdAt: String(item.createdAt),
    secret: String(item.secret),
  };
}

const withoutSecret = ({ secret: _secret, ...webhook }: WebhookWithSecret): Webhook => webhook;

/** Without a box (tests that build a runtime by hand), secrets are kept as they are. */
const PLAIN: SecretBox = { seal: async (secret) => secret, open: async (stored) => stored };
const boxOf = (runtime: Runtime) => runtime.secretBox ?? PLAIN;

/** The subscription with its secret opened, for signing a delivery. */
async function opened(runtime: Runtime, tenant: string, webhook: WebhookWithSecret) {
  const secret = await boxOf(runtime).open(webhook.secret, { tenant, webhookId: webhook.id });
  return { ...webhook, secret };
}

/**
 * The secret is made here, never chosen by the caller, so it always has 256 bits. Signing
 * needs the secret itself, not a hash, so it is stored sealed by the runtime's secret box
 * (KMS on AWS, bound to the tenant and the subscription) and opened only to sign.
 */
export async function createWebhook(
  runtime: Runtime,
  tenant: string,
  input: WebhookInput,
): Promise<WebhookWithSecret> {
  const { url, events, format } = WebhookInput.parse(input);
  try {
    await assertPublicTarget(url);
  } catch (error) {
    if (!(error instanceof WebhookTargetRefused)) throw error;
    throw new UnacceptableRequestError(`url: ${error.message}`, {
      errors: [{ path: "url", message: error.message }],
    });
  }
  const webhook: WebhookWithSecret = {
    id: `wh-${runtime.newId()}`,
    url,
    events: [...new Set(events)],
    format,
    createdAt: runtime.clock().toISOString(),
    secret: newWebhookSecret(),
  };
  const sealed = await boxOf(runtime).seal(webhook.secret, { tenant, webhookId: webhook.id });
  await runtime.viewStore.putItem(
    tenant,
    keyOf(webhook.id),
    { ...webhook, secret: sealed, itemType: "webhook" },
    { ifAbsent: true },
  );
  // A tenant with only catalog events has no agreement to register it: the local notifier
  // resumes unfinished deliveries and replays of the tenants listed there.
  await registerTenant(runtime, tenant);
  return webhook;
}

export async function listWebhooks(runtime: Runtime, tenant: string): Promise<Webhook[]> {
  return (await webhooksWithSecrets(runtime, tenant)).map(withoutSecret);
}

/** Read without opening its secret: the API, which may not decrypt, reads subscriptions so. */
export async function getWebhook(runtime: Runtime, tenant: string, id: string): Promise<Webhook> {
  const item = await runtime.viewStore.getItem(tenant, keyOf(id));
  if (!item) throw new NotFoundError(`webhook "${id}" does not exist`);
  return withoutSecret(toWebhook(item));
}

/** For signing only: the notifier is the one function allowed to open the secret. */
export async function webhookWithSecret(
  runtime: Runtime,
  tenant: string,
  id: string,
): Promise<WebhookWithSecret> {
  const item = await runtime.viewStore.getItem(tenant, keyOf(id));
  if (!item) throw new NotFoundError(`webhook "${id}" does not exist`);
  return opened(runtime, tenant, toWebhook(item));
}

export async function deleteWebhook(runtime: Runtime, tenant: string, id: string): Promise<void> {
  await getWebhook(runtime, tenant, id);
  await runtime.viewStore.deleteItem(tenant, keyOf(id));
}

async function webhooksWithSecrets(runtime: Runtime, tenant: string) {
  const items = await runtime.viewStore.listItems(tenant, PREFIX);
  return items.map(toWebhook).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The tenant's subscriptions that want this detail-type; only ever read within one tenant. */
export async function subscriptionsFor(
  runtime: Runtime,
  tenant: string,
  detailType: string,
): Promise<WebhookWithSecret[]> {
  const all = await webhooksWithSecrets(runtime, tenant);
  const wanted = all.filter(({ events }) => events.includes("*") || events.includes(detailType));
  return Promise.all(wanted.map((webhook) => opened(runtime, tenant, webhook)));
}
