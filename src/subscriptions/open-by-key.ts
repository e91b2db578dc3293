// The subscriptions each API key holds open on this replica: how many (SUBSCRIPTIONS_PER_KEY
// bounds them), and a way to end them when their key is revoked while they run (outside attack
// D2), since a stream checks its key only when it opens. A revocation anywhere is announced to
// every replica (auth/key-revocations.ts), which then asks the database which of its subscribers'
// keys are revoked and ends their streams with an error that says so. A revocation made where no
// announcement reaches (`npm run apikey:revoke` without REDIS_URL) is found by a check every
// `cacheMilliseconds` while subscriptions are open, as a cached key is dropped.
import { cacheMilliseconds } from '../auth/api-keys.js';
import { onRevocation } from '../auth/key-revocations.js';
import { prisma } from '../db.js';
import { log } from '../logger.js';
import { Interrupted, type LiveStream } from './live-stream.js';

const openByKey = new Map<string, Set<LiveStream<unknown>>>();
let listening = false;
let sweep: NodeJS.Timeout | undefined;

/** How many subscriptions `keyId` holds open here. */
export const openCount = (keyId: string): number => openByKey.get(keyId)?.size ?? 0;

/** Counts `stream` as `keyId`'s until it ends (call the result then). */
export function holdOpen(keyId: string, stream: LiveStream<unknown>): () => void {
  if (!listening) {
    listening = true;
    onRevocation(() => void endRevoked());
  }
  const streams = openByKey.get(keyId) ?? new Set<LiveStream<unknown>>();
  openByKey.set(keyId, streams);
  streams.add(stream);
  sweep ??= setInterval(() => void endRevoked(), cacheMilliseconds).unref();
  return () => {
    streams.delete(stream);
    if (streams.size === 0 && openByKey.get(keyId) === streams) openByKey.delete(keyId);
    if (openByKey.size === 0 && sweep) {
      clearInterval(sweep);
      sweep = undefined;
    }
  };
}

/** Ends the streams of every key here that the database says is revoked. */
async function endRevoked(): Promise<void> {
  if (openByKey.size === 0) return;
  try {
    const revoked = await prisma.apiKey.findMany({ where: { id: { in: [...openByKey.keys()] }, revokedAt: { not: null } }, select: { id: true } });
    for (const { id } of revoked) for (const stream of openByKey.get(id) ?? []) stream.interrupt(new Interrupted('key revoked'));
  } catch (error) {
    // The next announcement or sweep asks again.
    log.warn({ err: error }, 'the keys of open subscriptions could not be checked for revocation');
  }
}
