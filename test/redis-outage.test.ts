// A server whose Redis cannot be reached, from the start or from some moment on, keeps serving:
// writes (which publish their changes through Redis), reads, rate-limited requests, a key's
// revocation (announced through Redis) and a subscription (whose events travel through Redis).
// The outage is a warning in the log, once per connection, never an uncaught error.
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../src/auth/api-keys.js';
import { freePort } from './helpers/free-port.js';
import { graphqlTo, postTo, redisUrl, startReplicas, stopReplicas, subscribeTo, uniqueRedisPrefix, type Replica } from './helpers/replicas.js';

/** A TCP proxy to the test Redis that the test can cut: every connection through it ends, and no new one is taken. */
async function redisProxy(): Promise<{ url: string; cut(): Promise<void>; freeze(): void }> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  let frozen = false;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    // Frozen, it takes what the server sends and answers nothing, in either direction.
    client.on('data', (chunk) => frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => frozen || client.write(chunk));
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    freeze() {
      frozen = true;
    },
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** Writes anonymously and with a key, reads, and revokes a key, each answered in good time; then the server is still there. */
async function servesEverything(replica: Replica, name: string) {
  const { secret: admin } = await createApiKey(`${name} admin`, ['read', 'write', 'admin']);
  const { key: doomed } = await createApiKey(`${name} doomed`, ['read']);
  const started = Date.now();
  for (let i = 0; i < 3; i += 1) {
    const anonymous = await postTo(replica, '/api/webevents', { name: 'Outage', anonymousId: `${name}-${i}` });
    expect(anonymous.status).toBe(200);
  }
  const created = await graphqlTo(
    replica,
    admin,
    `mutation { createLead(input: { id: "led_outage_${name}", email: "o@example.com", phoneNumber: "555-0100" }) { id } }`,
  );
  expect(await created.json()).toEqual({ data: { createLead: { id: `led_outage_${name}` } } });
  const read = await graphqlTo(replica, admin, '{ webEvents(first: 10) { edges { node { id } } } }');
  expect(read.status).toBe(200);
  const revoked = await graphqlTo(replica, admin, 'mutation($id: String!) { revokeApiKey(nameOrId: $id) }', { id: doomed.id });
  expect(await revoked.json()).toEqual({ data: { revokeApiKey: true } });
  // Neither refused nor delayed: a few requests in well under the time a retry loop would take.
  expect(Date.now() - started).toBeLessThan(5_000);
  // A crash comes a moment after the write, when the publication's failure surfaces.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect(replica.child.exitCode).toBeNull();
  expect(replica.child.signalCode).toBeNull();
  expect((await postTo(replica, '/api/webevents', { name: 'Outage', anonymousId: `${name}-after` })).status).toBe(200);
  expect(replica.output()).not.toMatch(/MaxRetriesPerRequestError|Unhandled|uncaught/i);
}

describe.runIf(process.env.TEST_DATABASE === 'postgres')('a server whose Redis cannot be reached', () => {
  const prefix = uniqueRedisPrefix();
  const started: Replica[] = [];
  afterAll(() => stopReplicas(started, prefix), 30_000);

  it('serves writes and reads when nothing listens at REDIS_URL, and warns once per connection', async () => {
    const [replica] = await startReplicas(1, prefix, { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, WEBHOOKS_DISPATCH: 'false' });
    started.push(replica);
    const { secret } = await createApiKey('outage subscriber', ['read']);
    const events = await subscribeTo(replica, 'subscription { webEventCreated(filter: { name: ["Outage"] }) { id } }', secret);
    expect(events.status).toBe(200);
    await servesEverything(replica, 'never');
    const warnings = replica.output().match(/Redis cannot be reached/g) ?? [];
    expect(warnings.length).toBeGreaterThan(0);
    // One per connection (commands, subscriber), not one per attempt or request.
    expect(warnings.length).toBeLessThanOrEqual(2);
    await events.close();
  }, 60_000);

  it('notices a Redis that stops answering mid-run: warns, serves, and trusts no cached key meanwhile', async () => {
    const proxy = await redisProxy();
    const [replica] = await startReplicas(1, prefix, { REDIS_URL: proxy.url, WEBHOOKS_DISPATCH: 'false' });
    started.push(replica);
    const { secret, key } = await createApiKey('silent redis reader', ['read']);
    const typename = () => fetch(`${replica.url}/graphql?query=%7B__typename%7D`, { headers: { authorization: secret } }).then((response) => response.status);
    // Redis answers: the key is looked up once and cached.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await typename()).toBe(200);
    proxy.freeze();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(replica.output()).toMatch(/Redis does not answer|Redis cannot be reached/);
    // Revoked where this replica cannot hear of it (this process announces nothing through Redis).
    expect(await revokeApiKey(key.id)).toBe(true);
    expect(await typename()).toBe(401);
    await servesEverything(replica, 'silent');
    await proxy.cut();
  }, 60_000);

  it('serves writes and reads after its Redis goes away mid-run', async () => {
    const proxy = await redisProxy();
    const [replica] = await startReplicas(1, prefix, { REDIS_URL: proxy.url, WEBHOOKS_DISPATCH: 'false' });
    started.push(replica);
    const { secret } = await createApiKey('mid-run subscriber', ['read']);
    const events = await subscribeTo(replica, 'subscription { webEventCreated(filter: { name: ["Outage"] }) { id } }', secret);
    expect((await postTo(replica, '/api/webevents', { name: 'Outage', anonymousId: 'before' })).status).toBe(200);
    expect((await events.next()).event).toBe('next');
    await proxy.cut();
    await servesEverything(replica, 'mid-run');
    expect(replica.output()).toMatch(/Redis cannot be reached/);
    await events.close();
  }, 60_000);
});
