// The HTTP agent webhook deliveries are sent through. Checking a URL's addresses and then letting
// fetch resolve the name again to connect leaves a gap a DNS answer can change in (DNS rebinding: a
// public address for the check, 127.0.0.1 for the connection). Here the connection resolves the
// name once, refuses it unless every address is public, and connects to those very addresses; TLS
// still names the host (SNI and the certificate check). A kept-alive connection was checked when it
// was opened. IP literals are not resolved, so they are checked before (outbound-url.ts).
import { lookup as systemLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent } from 'undici';
import { isPublic, notPublic } from './outbound-url.js';

/** The code of the error a connection to an address that is not public fails with. */
export const addressNotPublic = 'ERR_WEBHOOK_ADDRESS_NOT_PUBLIC';

type Resolve = (hostname: string, options: LookupOptions & { all: true }, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;

/** A `net.connect` lookup that hands the connection only addresses it checked, and none when one is not public. */
export function publicOnlyLookup(resolve: Resolve = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      if (addresses.length === 0 || !addresses.every(({ address }) => isPublic(address))) {
        return callback(Object.assign(new Error(`${hostname} ${notPublic}`), { code: addressNotPublic }), '', 0);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** The agent a dispatcher sends through: connections only to public addresses unless private ones are allowed. */
export function outboundAgent(allowPrivate: boolean): Agent {
  return new Agent(allowPrivate ? {} : { connect: { lookup: publicOnlyLookup() } });
}
