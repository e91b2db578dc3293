// Every way PostgreSQL can refuse to serve is a 503 with Retry-After (SERVICE_UNAVAILABLE in
// GraphQL, the ErrorModel under /api), never a 500: reproduced against the real server on this
// file's own database (test/setup/database.ts), as the superuser, and restored afterwards.
// test/database-outage.test.ts covers a stopped cluster.
import { createServer, type Server } from 'node:net';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PrismaClient } from '../src/generated/prisma/client.js';
import { log } from '../src/logger.js';
import { knownDatabaseError } from '../src/mask-error.js';
import { yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';

const onPostgres = process.env.TEST_DATABASE === 'postgres';
const databaseUrl = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/none');
const database = databaseUrl.pathname.slice(1);
const adminUrl = Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString();

async function admin<T extends pg.QueryResultRow>(sql: string, url = adminUrl) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const terminateSessions = () => admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`);

async function call(method: string, path: string, body?: unknown) {
  const response = await yoga.fetch(`http://localhost${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: await testApiKey() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body, GraphQL's or the ErrorModel
  const answer = (await response.json()) as Record<string, any>;
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: answer };
}

const graphql = (query: string) => call('POST', '/graphql', { query });

/** What each kind of request answers now. */
const everyKindOfRequest = async () => ({
  graphqlRead: await graphql('{ states(first: 1) { totalCount } }'),
  graphqlWrite: await graphql('mutation { createAgent(input: { model: "gpt-4o" }) { id } }'),
  restRead: await call('GET', '/api/states'),
  ingest: await call('POST', '/api/webevents', { name: 'View' }),
  batch: await call('POST', '/api/webevents/batch', { batch: [{ name: 'View' }, { name: 'Click' }] }),
  graphqlBatch: await graphql('mutation { createWebEvents(input: [{ name: "View" }, { name: "Click" }]) { ok } }'),
});

function expectUnavailable(answers: Awaited<ReturnType<typeof everyKindOfRequest>>) {
  for (const [kind, answer] of Object.entries(answers)) {
    expect([kind, answer.status, answer.retryAfter]).toEqual([kind, 503, expect.stringMatching(/^\d+$/)]);
    if (kind.startsWith('graphql')) expect(answer.body.errors[0].extensions.code, kind).toBe('SERVICE_UNAVAILABLE');
    else
      expect(answer.body, kind).toEqual({ error: { code: 503, message: 'Service Unavailable' }, success: false, errors: [{ message: 'Service Unavailable' }] });
  }
}

describe.runIf(onPostgres)('PostgreSQL refuses to serve', () => {
  beforeAll(async () => {
    expect((await graphql('{ states(first: 1) { totalCount } }')).status).toBe(200); // the key is made and cached
  });

  it('the database does not accept connections (ALLOW_CONNECTIONS false, its sessions terminated): 503, then serves again', async () => {
    const warnings = vi.spyOn(log, 'warn');
    await admin(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    try {
      await terminateSessions();
      expectUnavailable(await everyKindOfRequest());
      // The readiness probe says so too, with Retry-After like every other 503.
      const ready = await call('GET', '/ready');
      expect([ready.status, ready.retryAfter, ready.body]).toEqual([503, '5', { status: 'unavailable', database: 'down' }]);
      // An operator hears of it in the log, once rather than once per request.
      const said = warnings.mock.calls.filter(([, message]) => message === 'the database cannot serve: requests that need it answer 503');
      expect(said).toHaveLength(1);
    } finally {
      warnings.mockRestore();
      await admin(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    }
    const after = await everyKindOfRequest();
    expect(Object.values(after).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('its sessions are terminated while requests wait on them (pg_terminate_backend): 503, nothing stored', async () => {
    const locker = new pg.Client({ connectionString: databaseUrl.toString() });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE "WebEvent", "Agent" IN ACCESS EXCLUSIVE MODE');
    const waiting = Promise.all([
      call('GET', '/api/webevents'),
      call('POST', '/api/webevents', { id: 'wev_terminated01', name: 'View' }),
      call('POST', '/api/webevents/batch', { batch: [{ id: 'wev_terminated02', name: 'View' }] }),
      graphql('mutation { createAgent(input: { id: "ai_terminated01", model: "gpt-4o" }) { id } }'),
    ]);
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const [{ count }] = await admin<{ count: string }>(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${database}' AND wait_event_type = 'Lock'`);
      if (Number(count) >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND wait_event_type = 'Lock'`);
    const answers = await waiting;
    await locker.query('ROLLBACK');
    await locker.end();
    expect(answers.map((answer) => [answer.status, answer.retryAfter])).toEqual(answers.map(() => [503, expect.stringMatching(/^\d+$/)]));
    const stored = await admin<{ id: string }>(
      `SELECT id FROM "WebEvent" WHERE id LIKE 'wev_terminated%' UNION SELECT id FROM "Agent" WHERE id = 'ai_terminated01'`,
      databaseUrl.toString(),
    );
    expect(stored).toEqual([]);
    expect((await graphql('{ states(first: 1) { totalCount } }')).status).toBe(200);
  });
});

describe.runIf(onPostgres)('the shape of each refusal, as the driver adapter reports it', () => {
  const role = `cg_limited_${process.pid}`;
  let silent: Server | undefined;

  afterAll(async () => {
    silent?.close();
    await admin(`DROP ROLE IF EXISTS ${role}`);
  });

  async function errorOf(adapter: PrismaPg): Promise<unknown> {
    const client = new PrismaClient({ adapter });
    try {
      await client.$queryRaw`SELECT 1`;
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await client.$disconnect().catch(() => {});
    }
  }

  it('too many connections (53300) is SERVICE_UNAVAILABLE', async () => {
    await admin(`CREATE ROLE ${role} LOGIN CONNECTION LIMIT 0`);
    const url = Object.assign(new URL(databaseUrl), { username: role }).toString();
    const error = await errorOf(new PrismaPg({ connectionString: url }));
    expect(knownDatabaseError(error)?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', http: { status: 503 } });
  });

  it('a connection or pool time-out is SERVICE_UNAVAILABLE', async () => {
    // A server that accepts connections and never answers: a database lost behind the network.
    silent = createServer(() => {});
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const error = await errorOf(new PrismaPg({ connectionString: `postgresql://postgres@127.0.0.1:${port}/none`, connectionTimeoutMillis: 200 }));
    expect(knownDatabaseError(error)?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', http: { status: 503 } });
  });

  it('a transaction that cannot start in its time (P2028: every connection busy, as under a burst of writes) is SERVICE_UNAVAILABLE', async () => {
    const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl.toString(), max: 1 }) });
    try {
      const holding = client.$transaction(async (tx) => tx.$executeRaw`SELECT pg_sleep(1)`, { timeout: 10_000 });
      const error = await client.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 100 }).catch((caught: unknown) => caught);
      await holding;
      expect((error as { code?: string }).code).toBe('P2028');
      expect(knownDatabaseError(error)?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', http: { status: 503 } });
    } finally {
      await client.$disconnect();
    }
  });
});
