// Rate limits per API key, and per client address for calls without a key.
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { TokenBuckets } from '../src/rate-limit/token-bucket.js';
import { createYogaServer } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';

const server = createYogaServer({
  rateLimit: { perKey: 5, perAddress: 3, windowSeconds: 60, trustProxy: false, failedKeysPerAddress: 2 },
  bodyLimitBytes: 1_048_576,
  graphqlLimits: config.graphqlLimits,
});

const fromAddress = (address: string) => ({ req: { socket: { remoteAddress: address } } });

const postEvent = (address: string, headers: Record<string, string> = {}) =>
  server.fetch(
    'http://localhost/api/webevents',
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: 'Page View' }) },
    fromAddress(address),
  );

describe('public calls, per client address', () => {
  it('answers 429 Too Many Requests with Retry-After once an address is over its rate', async () => {
    const statuses: number[] = [];
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await postEvent('192.0.2.10');
      statuses.push(response.status);
      remaining.push(response.headers.get('ratelimit-remaining'));
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining).toEqual(['2', '1', '0', '0']);
    const refused = await postEvent('192.0.2.10');
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ error: { code: 429, message: 'Too Many Requests' }, success: false, errors: [{ message: 'Too Many Requests' }] });
  });

  it('counts each address on its own', async () => {
    expect((await postEvent('192.0.2.20')).status).toBe(200);
  });
});

describe('the probes', () => {
  const probe = (path: string, address: string) => server.fetch(`http://localhost${path}`, {}, fromAddress(address));

  it('/ready asks the database, so it has the per-address rate', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await probe('/ready', '192.0.2.30')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('/health costs nothing and has no rate', async () => {
    for (let i = 0; i < 10; i += 1) expect((await probe('/health', '192.0.2.40')).status).toBe(200);
    expect((await probe('/ready', '192.0.2.40')).status).toBe(200);
    for (let i = 0; i < 3; i += 1) await probe('/ready', '192.0.2.40');
    expect((await probe('/health', '192.0.2.40')).status).toBe(200);
  });
});

describe('calls with an API key, per key', () => {
  it('limits the key wherever it calls from, GraphQL and REST together', async () => {
    const key = await testApiKey(['read']);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const path = i % 2 ? 'http://localhost/api/states?limit=1' : 'http://localhost/graphql?query=%7B__typename%7D';
      const response = await server.fetch(path, { headers: { authorization: key } }, fromAddress(`198.51.100.${i}`));
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const graphql = await server.fetch('http://localhost/graphql?query=%7B__typename%7D', { headers: { authorization: key } });
    expect(graphql.status).toBe(429);
    expect(await graphql.json()).toEqual({ errors: [{ message: 'Too Many Requests', extensions: { code: 'RATE_LIMITED' } }] });
  });
});

describe('keys that do not work', () => {
  it('are refused with 401, and with 429 once an address keeps trying', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await postEvent('203.0.113.5', { authorization: `Bearer cg_guess${i}` })).status);
    expect(statuses).toEqual([401, 401, 429]);
  });
});

describe('token buckets', () => {
  it('refill at the steady rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, 60, () => now);
    for (let i = 0; i < 60; i += 1) expect(buckets.take('a').allowed).toBe(true);
    const refused = buckets.take('a');
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });
});
