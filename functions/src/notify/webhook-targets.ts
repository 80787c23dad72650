import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Webhooks leave the platform: they must not reach the machine itself, its private network or
 * the cloud's metadata service (169.254.169.254), or an admin could use deliveries and their
 * failure list as a port scanner. Operators may allow named hosts (a receiver on the same
 * machine in development and tests) with TERMLINE_WEBHOOK_ALLOW_HOSTS=host1,host2.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(network, prefix, "ipv6");

export class WebhookTargetRefused extends Error {}

const allowedHosts = () =>
  new Set(
    (process.env.TERMLINE_WEBHOOK_ALLOW_HOSTS ?? "")
      .split(",")
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  );

function isBlocked(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return blocked.check(mapped, "ipv4");
  return blocked.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * Refuses a URL whose host is, or resolves to, a private, loopback, link-local or metadata
 * address. A host that does not resolve now is left to the delivery, which checks again (and
 * so also defeats a name that resolves elsewhere later).
 */
export async function assertPublicTarget(
  url: string,
  options: { requireResolution?: boolean } = {},
): Promise<void> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (allowedHosts().has(host)) return;
  let addresses: string[];
  try {
    addresses = isIP(host)
      ? [host]
      : (await lookup(host, { all: true })).map(({ address }) => address);
  } catch (error) {
    if (options.requireResolution)
      throw new WebhookTargetRefused(`${host} does not resolve`, { cause: error });
    return;
  }
  const refused = addresses.find(isBlocked);
  if (refused)
    throw new WebhookTargetRefused(
      `${host} is a private, loopback, link-local or metadata address (${refused}); webhooks go to public hosts only`,
    );
}

/** `fetch` that checks where it is going first; redirects are never followed by the notifier. */
export const guardedFetch: typeof fetch = async (input, init) => {
  await assertPublicTarget(String(input instanceof Request ? input.url : input), {
    requireResolution: true,
  });
  return fetch(input, init);
};
