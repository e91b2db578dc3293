// Tells every replica that a key was revoked, so each empties its key cache at once rather than
// when the cached entry ends (auth/api-keys.ts). Through Redis pub/sub when REDIS_URL is set;
// without it there is one process, whose own cache the revocation has emptied already.
import { onAnnouncement, redis, redisEnabled, redisName } from '../redis.js';

const channel = () => redisName('api-keys:revoked');

/** Announces a revocation to every replica (after it is committed). */
export async function announceRevocation(): Promise<void> {
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
  onAnnouncement(channel(), forget);
}
