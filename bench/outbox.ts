// `npm run bench:outbox`: what following changes costs the ingest scenario, and how long a change
// takes to reach a webhook receiver. One production server (dist/server.js) on a PostgreSQL
// database of its own, driven with the ingest scenario's requests (public POST /api/webevents, 64
// clients, bench/scenarios/ingest.ts) in interleaved slots:
//   plain     no webhook endpoint, no subscriber;
//   followed  one webhook endpoint for web_event.created (a receiver on loopback, in this process)
//             and four SSE subscribers of webEventCreated, each reading every event.
// For each followed slot: the delivery lag of each of its events, from the write (the event's
// createdAt, set as the write is sent) to its arrival at the receiver, once every delivery of the
// slot arrived; and duplicates (a Webhook-Id received twice). The 1-minute load average is printed
// with every slot.
//   npm run bench:outbox
//   npm run bench:outbox -- --rounds 5 --seconds 10
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchServerEnv, runScript, serverArgs, startNode, stop, type Started } from './processes.js';
import { ingestSingle } from './scenarios/ingest.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' }, seconds: { type: 'string' } } });
const rounds = Math.max(3, Number(values.rounds ?? 3));
const seconds = Number(values.seconds ?? 5);
const subscribers = 4;
const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN);
const median = (numbers: number[]) =>
  percentile(
    [...numbers].sort((a, b) => a - b),
    50,
  );

/** The receiver: every POST answered 200 at once; its arrival time by Webhook-Id. */
async function startReceiver() {
  const arrivals = new Map<string, { lag: number; count: number }>();
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const arrived = Date.now();
      const id = String(request.headers['webhook-id']);
      const seen = arrivals.get(id);
      if (seen) seen.count += 1;
      else arrivals.set(id, { lag: arrived - Date.parse((JSON.parse(body) as { createdAt: string }).createdAt), count: 1 });
      response.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, arrivals, close: () => server.close() };
}

/** An SSE subscriber reading every event as it comes; resolves with a function that closes it. */
async function subscribe(port: number, apiKey: string, counted: { events: number }) {
  const controller = new AbortController();
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: apiKey },
    body: JSON.stringify({ query: 'subscription { webEventCreated { id name accountId } }' }),
  });
  if (!response.ok || !response.body) throw new Error(`the subscription answered ${response.status}`);
  const reading = (async () => {
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    // A line may arrive in two chunks: the last, unfinished one waits for the next.
    let rest = '';
    try {
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        const lines = (rest + decoder.decode(read.value, { stream: true })).split('\n');
        rest = lines.pop() ?? '';
        counted.events += lines.filter((line) => line === 'event: next').length;
      }
    } catch {
      // Closed by the benchmark.
    }
  })();
  return async () => {
    controller.abort();
    await reading;
  };
}

async function graphql(port: number, apiKey: string, query: string, variables: object = {}) {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: apiKey },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!;
}

async function drive(port: number) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: ingestSingle.connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const { method, path: route, headers, body } = ingestSingle.serverRequest('');
          return { ...request, method, path: route, headers: { ...headers }, body };
        },
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}

const name = `commerce_graph_bench_outbox_${process.pid}_${randomBytes(3).toString('hex')}`;
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}"`);
let server: Started | undefined;
const receiver = await startReceiver();
try {
  const env = { DATABASE_URL: url.toString() };
  await runScript('scripts/migrate-deploy.ts', [], env, root);
  const apiKey = (await runScript('scripts/apikey.ts', ['create', '--name', 'bench outbox', '--scopes', 'read,admin'], env, root)).trim().split('\n').at(-1)!;
  server = await startNode(
    serverArgs(root),
    {
      ...env,
      ...benchServerEnv(),
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      SUBSCRIPTIONS_PER_KEY: String(subscribers),
      // The subscribers read as fast as events come; this only bounds a stall.
      SUBSCRIPTION_MAX_WAITING: '100000',
    },
    root,
  );
  const port = server.port;
  console.log(`warming up (${seconds} s) ...`);
  await drive(port);

  const plain: number[] = [];
  const followed: number[] = [];
  const lags: number[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const alone = await drive(port);
    plain.push(alone.requestsPerSecond);
    console.log(
      `round ${round} plain:    ${alone.requestsPerSecond.toFixed(0)} req/s, p50 ${alone.p50} ms, p99 ${alone.p99} ms, failures ${alone.failures}, load ${loadavg()[0].toFixed(1)}`,
    );

    // The plain slot's writes still in flight commit before the endpoint and the subscribers come.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const created = await graphql(
      port,
      apiKey,
      'mutation($url: String!) { createWebhookEndpoint(url: $url, events: [WEB_EVENT_CREATED]) { endpoint { id } } }',
      {
        url: receiver.url,
      },
    );
    const endpointId = (created.createWebhookEndpoint as { endpoint: { id: string } }).endpoint.id;
    const counted = { events: 0 };
    const closers = await Promise.all(Array.from({ length: subscribers }, () => subscribe(port, apiKey, counted)));
    // A subscription listens a moment after its answer starts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    receiver.arrivals.clear();
    const watched = await drive(port);
    followed.push(watched.requestsPerSecond);
    // Every delivery of the slot delivered and every event read by every subscriber: then the
    // figures are whole. Writes still in flight when the load stopped commit first: the count of
    // stored deliveries is taken again until it holds still.
    const deliveriesDb = new pg.Client({ connectionString: url.toString() });
    await deliveriesDb.connect();
    const storedNow = async () =>
      Number((await deliveriesDb.query(`SELECT count(*) AS n FROM "WebhookDelivery" WHERE "endpointId" = $1`, [endpointId])).rows[0].n);
    let expected = await storedNow();
    const deadline = Date.now() + 120_000;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const now = await storedNow();
      const settled = now === expected && receiver.arrivals.size >= expected && counted.events >= subscribers * expected;
      expected = now;
      if (settled || Date.now() > deadline) break;
    }
    await deliveriesDb.end();
    await Promise.all(closers.map((close) => close()));
    await graphql(port, apiKey, 'mutation($id: String!) { deleteWebhookEndpoint(id: $id) }', { id: endpointId });
    const slotLags = [...receiver.arrivals.values()].map((arrival) => arrival.lag).sort((a, b) => a - b);
    const duplicates = [...receiver.arrivals.values()].reduce((sum, arrival) => sum + arrival.count - 1, 0);
    lags.push(...slotLags);
    console.log(
      `round ${round} followed: ${watched.requestsPerSecond.toFixed(0)} req/s, p50 ${watched.p50} ms, p99 ${watched.p99} ms, failures ${watched.failures}, load ${loadavg()[0].toFixed(1)}; ` +
        `deliveries ${receiver.arrivals.size}/${expected}, duplicates ${duplicates}, lag p50 ${percentile(slotLags, 50)} ms, p99 ${percentile(slotLags, 99)} ms, max ${slotLags.at(-1)} ms; ` +
        `each of ${subscribers} subscribers received ${(counted.events / subscribers).toFixed(0)} events`,
    );
  }
  lags.sort((a, b) => a - b);
  const ratios = plain.map((value, index) => followed[index] / value);
  console.log(
    `\ningest req/s, median: plain ${median(plain).toFixed(0)}, followed ${median(followed).toFixed(0)}; followed/plain ${median(ratios).toFixed(2)}x (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
  );
  console.log(`delivery lag over ${lags.length} deliveries: p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms`);
} finally {
  if (server) await stop(server);
  receiver.close();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
