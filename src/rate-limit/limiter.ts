// A request rate per caller, in this process (token buckets) or, with REDIS_URL, shared by every
// replica through Redis (rate-limiter-flexible): each caller has a counter of `limit` requests per
// window of `windowSeconds`, counted atomically in Redis, so three replicas together allow what
// one would. While Redis cannot be reached, each replica counts on its own (the library's
// insurance limiter), so an outage of Redis degrades the limit rather than refusing every request.
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { redis, redisEnabled, redisName } from '../redis.js';
import { TokenBuckets, type Decision } from './token-bucket.js';

export type { Decision };

export interface RateLimiter {
  readonly limit: number;
  take(caller: string): Promise<Decision>;
}

function inProcess(limit: number, windowSeconds: number): RateLimiter {
  const buckets = new TokenBuckets(limit, windowSeconds);
  return { limit, take: async (caller) => buckets.take(caller) };
}

const decisionOf = (limit: number, allowed: boolean, result: RateLimiterRes): Decision => {
  const seconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  return { allowed, limit, remaining: Math.max(0, result.remainingPoints), resetSeconds: seconds, retryAfterSeconds: allowed ? 0 : seconds };
};

/** A limiter whose counters live in Redis under `keyPrefix`. */
export function sharedRateLimiter(client: Redis, keyPrefix: string, limit: number, windowSeconds: number): RateLimiter {
  const counters = new RateLimiterRedis({
    storeClient: client,
    keyPrefix,
    points: limit,
    duration: windowSeconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: limit, duration: windowSeconds }),
  });
  return {
    limit,
    async take(caller) {
      try {
        return decisionOf(limit, true, await counters.consume(caller));
      } catch (refusal) {
        // The library refuses with the counter's state, and fails with an Error only for a bug.
        if (refusal instanceof RateLimiterRes) return decisionOf(limit, false, refusal);
        throw refusal;
      }
    },
  };
}

/** The limiter named `name`: shared through Redis when REDIS_URL is set, else this process's. A limit of 0 is none. */
export function rateLimiter(name: string, limit: number, windowSeconds: number): RateLimiter {
  if (!redisEnabled() || limit === 0) return inProcess(limit, windowSeconds);
  return sharedRateLimiter(redis(), redisName(`rate:${name}`), limit, windowSeconds);
}
