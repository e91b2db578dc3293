// Tells every replica that a key was revoked, so each empties its key cache at once rather than
// when the cached entry ends (auth/api-keys.ts), and ends the key's open subscriptions
// (subscriptions/open-by-key.ts). Through Redis pub/sub when REDIS_URL is set, and to this
// process's own listeners directly.
import { onAnnouncement, redis, redisEnabled, redisName } from '../redis.js';

const channel = () => redisName('api-keys:revoked');

// This process's own listeners, told at once: without Redis nothing else would tell them.
const listeners = new Set<() => void>();

/** Announces a revocation to every replica (after it is committed). */
export async function announceRevocation(): Promise<void> {
  for (const listener of listeners) listener();
  // The revocation is committed whatever becomes of its announcement. While Redis cannot be
  // reached (the connection logs that once), each replica empties its key cache when it gets
  // Redis back, since it may have missed an announcement (redis.ts), else within the cache's life.
  if (redisEnabled())
    await redis()
      .publish(channel(), '1')
      .catch(() => {});
}

/**
 * Calls `forget` whenever a key is revoked anywhere, and whenever the subscription (re)connects:
 * an announcement made while this replica could not hear it is lost, so its cache goes too.
 */
export function onRevocation(forget: () => void): void {
  listeners.add(forget);
  onAnnouncement(channel(), forget);
}
