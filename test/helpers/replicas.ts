// Several server processes on one PostgreSQL database (this test file's) and one Redis, as
// replicas behind a load balancer run. Each test file gets a Redis prefix of its own, so files
// running in parallel never share a key or a channel; its keys are removed at the end.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { startServer, type ServerProcess } from './server-process.js';
import { subscribe } from './sse.js';

export const redisUrl = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export interface Replica extends ServerProcess {
  url: string;
}

/** A Redis prefix no other test run uses. */
export const uniqueRedisPrefix = () => `test:${process.pid}:${randomBytes(4).toString('hex')}:`;

/** Starts `count` servers on this file's PostgreSQL database and Redis under `prefix`. */
export async function startReplicas(count: number, prefix: string, env: NodeJS.ProcessEnv = {}): Promise<Replica[]> {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const port = await freePort();
      const server = await startServer({ ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, REDIS_PREFIX: prefix, ...env });
      return { ...server, url: `http://127.0.0.1:${port}` };
    }),
  );
}

export async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/** Stops the replicas and removes every Redis key under `prefix`. */
export async function stopReplicas(replicas: Replica[], prefix: string): Promise<void> {
  await Promise.all(replicas.map((replica) => stop(replica.child)));
  const client = new Redis(redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await client.quit();
}

/** A JSON POST to `path` of the replica, with `key` as its authorization when there is one. */
export const postTo = (replica: Replica, path: string, body: unknown, key?: string) =>
  fetch(`${replica.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: key } : {}) },
    body: JSON.stringify(body),
  });

/** A GraphQL operation sent to the replica with `key`. */
export const graphqlTo = (replica: Replica, key: string, query: string, variables: object = {}) => postTo(replica, '/graphql', { query, variables }, key);

/** A subscription opened on the replica with `key`, over server-sent events. */
export const subscribeTo = (replica: Replica, query: string, key: string) => subscribe(fetch, `${replica.url}/graphql`, query, key);
