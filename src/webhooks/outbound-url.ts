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

/** The 16 bytes of an IPv6 address (`isIP(address) === 6`), a dotted IPv4 tail included. */
function ipv6Bytes(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const hex = dotted
    ? `${address.slice(0, dotted.index)}${((+dotted[1] << 8) | +dotted[2]).toString(16)}:${((+dotted[3] << 8) | +dotted[4]).toString(16)}`
    : address;
  const [head, tail] = hex.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const words = tail === undefined ? groups(head) : [...groups(head), ...Array(8 - groups(head).length - groups(tail).length).fill(0), ...groups(tail)];
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

// IPv6 prefixes whose addresses carry an IPv4 address, which is the one reached: IPv4-mapped
// (::ffff:0:0/96), IPv4-compatible (::/96), NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48)
// in their last 32 bits; 6to4 (2002::/16) in bits 16 to 48.
const embeddingPrefixes: { prefix: number[]; at: number }[] = [
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], at: 12 },
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], at: 12 },
  { prefix: [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], at: 12 },
  { prefix: [0, 0x64, 0xff, 0x9b, 0, 1], at: 12 },
  { prefix: [0x20, 0x02], at: 2 },
];

/** The IPv4 address an IPv6 address carries (see embeddingPrefixes), or undefined. */
function embeddedIpv4(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  const embedding = embeddingPrefixes.find(({ prefix }) => prefix.every((byte, i) => bytes[i] === byte));
  // :: and ::1 are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones.
  if (!embedding || bytes.slice(0, 15).every((byte) => byte === 0)) return undefined;
  return bytes.slice(embedding.at, embedding.at + 4).join('.');
}

export function isPublic(address: string): boolean {
  if (isIP(address) !== 6) return !notPublicNetworks.check(address, 'ipv4');
  // An IPv4 address written inside an IPv6 one (::ffff:127.0.0.1, 64:ff9b::7f00:1) is the IPv4 address.
  const ipv4 = embeddedIpv4(address);
  if (ipv4) return isPublic(ipv4);
  return !notPublicNetworks.check(address, 'ipv6');
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
