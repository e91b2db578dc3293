// Export and aggregates at a million web events (issue 13), on the machine's PostgreSQL:
// - the server's RSS, sampled every 100 ms, while one client reads GET /api/webevents?format=ndjson
//   (and csv) to the end: the goal is under 300 MB;
// - the time of an aggregate over HTTP (GraphQL groupedAggregates and REST /aggregate: web events
//   per day with their distinct accounts) next to the hand-written SQL that answers the same
//   question, run directly with pg: interleaved rounds, median and range, with the load average.
//
//   npm run build && npx tsx bench/export-aggregate.ts [--events 1000000] [--rounds 5]
import { loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { growWebEvents } from './dataset.js';
import { preparePostgres } from './databases.js';
import { rssMegabytes } from './proc.js';
import { benchServerEnv, serverArgs, startNode, stop } from './processes.js';
import { median } from './report.js';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const events = argument('events', 1_000_000);
const rounds = Math.max(3, argument('rounds', 5));
const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');

console.log(`Preparing a database with ${events.toLocaleString('en')} web events (load ${load()}) ...`);
const database = await preparePostgres(adminUrl, root);
const server = { current: undefined as Awaited<ReturnType<typeof startNode>> | undefined };
try {
  await growWebEvents(database.url, events);
  server.current = await startNode(serverArgs(root), { ...benchServerEnv(), DATABASE_URL: database.url }, root);
  const { pid, port } = server.current;
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${database.apiKey}` };

  // Export: read the whole answer, counting lines, while sampling the server's memory.
  for (const format of ['ndjson', 'csv']) {
    const idle = rssMegabytes(pid);
    const samples: number[] = [];
    const sampler = setInterval(() => samples.push(rssMegabytes(pid)), 100);
    const started = performance.now();
    const response = await fetch(`${base}/api/webevents?format=${format}`, { headers });
    let lines = 0;
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (const byte of chunk) if (byte === 10) lines += 1;
    }
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `export ${format}: ${response.status}, ${lines.toLocaleString('en')} lines, ${(bytes / 2 ** 20).toFixed(0)} MB in ${seconds.toFixed(1)} s ` +
        `(${Math.round(lines / seconds).toLocaleString('en')} lines/s); server RSS idle ${idle.toFixed(0)} MB, max ${Math.max(...samples).toFixed(0)} MB, ` +
        `median ${median(samples).toFixed(0)} MB; load ${load()}`,
    );
  }

  // Aggregates: the same question three ways, interleaved.
  const graphql = `{ webEvents { groupedAggregates(groupBy: [{ field: eventTime, truncate: DAY }], first: 1000) { keys count accounts: countDistinct(field: accountId) } } }`;
  const sql = `SELECT to_char(date_trunc('day', "eventTime"), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS day, count(*)::int, count(DISTINCT "accountId")::int
    FROM "WebEvent" GROUP BY 1 ORDER BY 1 LIMIT 1000`;
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const sides: Record<string, () => Promise<number>> = {
    'GraphQL groupedAggregates': async () => {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ query: graphql }),
      });
      const body = (await response.json()) as { data: { webEvents: { groupedAggregates: unknown[] } } };
      return body.data.webEvents.groupedAggregates.length;
    },
    'REST /aggregate': async () => {
      const response = await fetch(`${base}/api/webevents/aggregate?groupBy=eventTime:day&countDistinct=accountId&groupLimit=1000`, { headers });
      return ((await response.json()) as { data: { groups: unknown[] } }).data.groups.length;
    },
    'hand-written SQL (pg, no HTTP)': async () => (await client.query(sql)).rows.length,
  };
  const times = new Map<string, number[]>(Object.keys(sides).map((name) => [name, []]));
  const loads: string[] = [];
  const groups = new Set<number>();
  for (let round = 0; round <= rounds; round += 1) {
    for (const [name, run] of Object.entries(sides)) {
      const started = performance.now();
      groups.add(await run());
      // Round 0 warms caches and plans; it is not counted.
      if (round > 0) times.get(name)!.push(performance.now() - started);
    }
    loads.push(load());
  }
  await client.end();
  console.log(`aggregate, web events per day with distinct accounts (${[...groups].join('/')} groups), ${rounds} interleaved rounds:`);
  for (const [name, values] of times) {
    console.log(`  ${name}: median ${median(values).toFixed(0)} ms (${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)})`);
  }
  console.log(`  load average over the rounds: ${loads[0]} ... ${loads.at(-1)}`);
} finally {
  if (server.current) await stop(server.current);
  await database.drop();
}
