// Whether a webhook URL may be called: http or https, no credentials in it, and, unless
// WEBHOOK_ALLOW_PRIVATE_URLS is set, every address its host resolves to is public: no loopback,
// private, link-local, carrier-grade NAT, multicast or unspecified address, so a key with the admin
// scope cannot make the server call into its own network. Checked when an endpoint is registered
// and again before every delivery (a name may resolve elsewhere later), and at the connection
// itself (src/webhooks/outbound-agent.ts: the addresses checked are those connected to, so a name
// that answers a public address to the check and a private one to the connection gets nowhere).
// Redirects are never followed.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const notPublicNetworks = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  notPublicNetworks.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  notPublicNetworks.addSubnet(network, prefix, 'ipv6');

export function isPublic(address: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublic(mapped);
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  return !notPublicNetworks.check(address, family);
}

/** Why a URL whose host resolves to an address that is not public may not be called. */
export const notPublic = 'must not point to a loopback, private or link-local address';

/** Why this URL may not be called, or undefined when it may. */
export async function outboundUrlProblem(raw: string, allowPrivate: boolean): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an absolute http or https URL';
  if (url.username || url.password) return 'must not hold a user name or password';
  if (raw.length > 2048) return 'must be at most 2048 characters';
  if (allowPrivate) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
  } catch {
    return 'has a host name that does not resolve';
  }
  if (addresses.length === 0 || !addresses.every(isPublic)) return notPublic;
  return undefined;
}
