// The shared rate limiter on the machine's Redis: two limiters with one prefix (two replicas)
// count together, and a Redis that cannot be reached leaves each to count on its own rather than
// refusing or failing requests.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedRateLimiter } from '../src/rate-limit/limiter.js';
import { freePort } from './helpers/free-port.js';
import { redisUrl, uniqueRedisPrefix } from './helpers/replicas.js';

const prefix = uniqueRedisPrefix();
const client = new Redis(redisUrl);
const unreachable = new Redis(`redis://127.0.0.1:${await freePort()}`, { maxRetriesPerRequest: 1, lazyConnect: true });
unreachable.on('error', () => {});

afterAll(async () => {
  const keys = await client.keys(`${prefix}*`);
  if (keys.length > 0) await client.del(...keys);
  await client.quit();
  unreachable.disconnect();
});

describe('a rate limiter shared through Redis', () => {
  it('counts the calls of every replica against one limit', async () => {
    const [a, b] = [sharedRateLimiter(client, `${prefix}rate`, 5, 60), sharedRateLimiter(client, `${prefix}rate`, 5, 60)];
    const decisions = [];
    for (let i = 0; i < 8; i += 1) decisions.push(await (i % 2 ? a : b).take('key:one'));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false, false, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    expect(decisions[5].retryAfterSeconds).toBeGreaterThan(0);
    expect(decisions[5].retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await a.take('key:other')).allowed).toBe(true);
  });

  it('counts in the process while Redis cannot be reached', async () => {
    const limiter = sharedRateLimiter(unreachable, `${prefix}down`, 3, 60);
    const allowed = [];
    for (let i = 0; i < 4; i += 1) allowed.push((await limiter.take('key:one')).allowed);
    expect(allowed).toEqual([true, true, true, false]);
  });
});
