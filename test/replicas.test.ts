// Three server processes on one PostgreSQL and one Redis: the per-key rate and the failed-key
// counter hold across them, and a key revoked on one is refused by another within a second,
// although each caches the keys it has seen for 10 seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.js';
import { graphqlTo, postTo, startReplicas, stop, stopReplicas, subscribeTo, uniqueRedisPrefix, type Replica } from './helpers/replicas.js';
import { startReceiver } from './helpers/webhook-receiver.js';
import { createEndpoint } from '../src/webhooks/endpoints.js';
import { prisma } from '../src/db.js';

const prefix = uniqueRedisPrefix();
const perKey = 30;
const failedKeys = 4;
let replicas: Replica[] = [];

const typename = (replica: Replica, key: string, address = '192.0.2.1') =>
  fetch(`${replica.url}/graphql?query=%7B__typename%7D`, { headers: { authorization: key, 'x-forwarded-for': address } });

describe.runIf(process.env.TEST_DATABASE === 'postgres')('three replicas sharing Redis', () => {
  beforeAll(async () => {
    replicas = await startReplicas(3, prefix, {
      RATE_LIMIT_PER_KEY: String(perKey),
      RATE_LIMIT_FAILED_KEYS: String(failedKeys),
      RATE_LIMIT_PER_ADDRESS: '1000000',
      // Each test calls from an address of its own (X-Forwarded-For), so their bad keys do not add up.
      TRUST_PROXY: 'true',
      // The dispatcher test below starts replicas of its own.
      WEBHOOKS_DISPATCH: 'false',
    });
  }, 120_000);

  afterAll(() => stopReplicas(replicas, prefix), 30_000);

  it('allow a key its rate once in all, not once each', async () => {
    const { secret } = await createApiKey('rate across replicas', ['read']);
    // Twice the rate, spread over the three at once.
    const statuses = await Promise.all(Array.from({ length: perKey * 2 }, (_, i) => typename(replicas[i % 3], secret).then((response) => response.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(perKey);
    expect(statuses.filter((status) => status === 429)).toHaveLength(perKey);
    const refused = await typename(replicas[1], secret);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
  });

  it('refuse a key revoked on one replica on every other within a second', async () => {
    const { secret: admin } = await createApiKey('replica admin', ['admin']);
    const { secret, key } = await createApiKey('revoked across replicas', ['read']);
    // Every replica has the key in its cache now.
    for (const replica of replicas) expect((await typename(replica, secret)).status).toBe(200);
    const revoked = await graphqlTo(replicas[0], admin, 'mutation($id: String!) { revokeApiKey(nameOrId: $id) }', { id: key.id });
    expect(await revoked.json()).toEqual({ data: { revokeApiKey: true } });
    const started = Date.now();
    const refusedAfter = await Promise.all(
      replicas.slice(1).map(async (replica) => {
        while ((await typename(replica, secret)).status !== 401) {
          if (Date.now() - started > 5_000) return Number.POSITIVE_INFINITY;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        return Date.now() - started;
      }),
    );
    for (const milliseconds of refusedAfter) expect(milliseconds).toBeLessThan(1_000);
  });

  it('end the open subscriptions of a key revoked on one replica on every replica within a second', async () => {
    const { secret: admin } = await createApiKey('subscription revoker', ['admin']);
    const { secret, key } = await createApiKey('revoked subscriber', ['read']);
    const streams = await Promise.all(replicas.map((replica) => subscribeTo(replica, 'subscription { leadChanged { change id lead { email } } }', secret)));
    expect(streams.map((stream) => stream.status)).toEqual([200, 200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const revoked = await graphqlTo(replicas[0], admin, 'mutation($id: String!) { revokeApiKey(nameOrId: $id) }', { id: key.id });
    expect(await revoked.json()).toEqual({ data: { revokeApiKey: true } });
    const started = Date.now();
    const endings = await Promise.all(
      streams.map(async (stream) => {
        const error = await stream.next(5_000);
        const complete = await stream.next(1_000);
        return { error: error.data?.errors?.[0], after: Date.now() - started, complete: complete.event };
      }),
    );
    for (const ending of endings) {
      expect(ending.error).toMatchObject({ message: expect.stringMatching(/revoked/), extensions: { code: 'UNAUTHENTICATED' } });
      expect(ending.complete).toBe('complete');
      expect(ending.after).toBeLessThan(1_000);
    }
  });

  it('count tries with a bad key from one address across all of them', async () => {
    const statuses = [];
    for (let i = 0; i < failedKeys + 2; i += 1) statuses.push((await typename(replicas[i % 3], `cg_not-a-key-${i}`, '192.0.2.2')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('deliver to a subscriber on one replica the events and lead changes another replica wrote', async () => {
    const { secret } = await createApiKey('replica subscriber', ['read']);
    const { secret: writer } = await createApiKey('replica writer', ['read', 'write']);
    const events = await subscribeTo(replicas[0], 'subscription { webEventCreated(filter: { name: ["Across"] }) { id name } }', secret);
    const leads = await subscribeTo(replicas[0], 'subscription { leadChanged { change id lead { email } } }', secret);
    expect([events.status, leads.status]).toEqual([200, 200]);
    // The subscriptions reach Redis a moment after their answers start.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const posted = await postTo(replicas[1], '/api/webevents', { id: 'wev_across_1', name: 'Across' });
    expect(posted.status).toBe(200);
    expect((await events.next()).data?.data).toEqual({ webEventCreated: { id: 'wev_across_1', name: 'Across' } });
    const created = await graphqlTo(
      replicas[2],
      writer,
      'mutation { createLead(input: { id: "led_across_1", email: "x@example.com", phoneNumber: "555-0100" }) { id } }',
    );
    expect(await created.json()).toEqual({ data: { createLead: { id: 'led_across_1' } } });
    expect((await leads.next()).data?.data).toEqual({ leadChanged: { change: 'CREATED', id: 'led_across_1', lead: { email: 'x@example.com' } } });
    await Promise.all([events.close(), leads.close()]);
  });

  it('deliver every webhook whose dispatching replica was killed mid-delivery from another replica', { timeout: 120_000 }, async () => {
    // Every first attempt is held unanswered; every later one is taken.
    const receiver = await startReceiver((request) => (request.headers['webhook-attempt'] === '1' ? 'hang' : { status: 200 }));
    const { key } = await createApiKey('webhook owner', ['admin', 'write']);
    const { endpoint } = await createEndpoint(key.id, receiver.url, ['lead.created']);
    const dispatching = { WEBHOOKS_DISPATCH: 'true', WEBHOOK_TIMEOUT_MS: '3000', WEBHOOK_POLL_MS: '200' };
    const [first] = await startReplicas(1, prefix, dispatching);
    const { secret } = await createApiKey('webhook writer', ['write']);
    const leads = Array.from({ length: 5 }, (_, i) => `led_killed_${i}`);
    for (const id of leads) {
      const created = await graphqlTo(first, secret, `mutation { createLead(input: { id: "${id}", email: "k@example.com", phoneNumber: "555-0100" }) { id } }`);
      expect(await created.json()).toEqual({ data: { createLead: { id } } });
    }
    // All five are in flight, held by the receiver, when the replica dies.
    for (let waited = 0; receiver.received.length < leads.length && waited < 200; waited += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(leads.length);
    await stop(first.child, 'SIGKILL');
    const [second] = await startReplicas(1, prefix, dispatching);
    try {
      for (let waited = 0; receiver.received.length < 2 * leads.length && waited < 600; waited += 1) await new Promise((resolve) => setTimeout(resolve, 50));
      const firstAttempts = receiver.received.slice(0, leads.length).map((request) => request.headers['webhook-id']);
      const again = receiver.received.slice(leads.length).map((request) => request.headers['webhook-id']);
      expect(new Set(firstAttempts).size).toBe(leads.length);
      expect([...again].sort()).toEqual([...firstAttempts].sort());
      const settled = async () => prisma.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, select: { status: true, attempts: true } });
      let deliveries = await settled();
      for (let waited = 0; deliveries.some((delivery) => delivery.status !== 'delivered') && waited < 100; waited += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        deliveries = await settled();
      }
      expect(deliveries).toEqual(Array(leads.length).fill({ status: 'delivered', attempts: 2 }));
    } finally {
      await stop(second.child);
      await receiver.close();
    }
  });
});
