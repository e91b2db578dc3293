// `npm run bench`: the performance of commerce-graph next to hand-written baselines, in one run on
// this machine. It makes a database of its own on the machine's PostgreSQL, loads a deterministic
// dataset, starts the server and the baseline server, drives each scenario with autocannon over
// loopback, and prints one table (also written to bench/results/latest.md).
//   npm run bench                      PostgreSQL (BENCH_DATABASE_URL, default the local `test` server)
//   npm run bench -- --seconds 10      longer runs
//   npm run bench -- --pglite          the server on PGlite (no baseline: it needs a PostgreSQL server)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { entities } from '../src/model/entities.js';
import { selectionFor } from '../src/rest/selection.js';
import { growWebEvents, loadDataset, sizes } from './dataset.js';
import { measure, type Load, type Measurement, type Target } from './load.js';

const { values } = parseArgs({ options: { pglite: { type: 'boolean' }, seconds: { type: 'string' }, 'growth-total': { type: 'string' } } });
const seconds = Number(values.seconds ?? 6);
const growthTotal = Number(values['growth-total'] ?? 1_000_000);
const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

function databaseUrl(name: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function start(script: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => /listening|commerce-graph on/.test(chunk.toString()) && resolve(child));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

function runScript(script: string, args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${script} exited with ${code}`)))));
}

async function prometheusCounter(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
}

// --- the database and the servers --------------------------------------------------------------
const usePglite = !!values.pglite;
const benchUrl = databaseUrl('commerce_graph_bench');
const serverEnv: Record<string, string> = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  METRICS_ENABLED: 'true',
  RATE_LIMIT_PER_KEY: '0',
  RATE_LIMIT_PER_ADDRESS: '0',
  PORT: '4561',
  // Production mode wants the SSN key from the environment: one made for this run.
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};
if (usePglite) {
  serverEnv.DATA_DIR = mkdtempSync(path.join(tmpdir(), 'commerce-graph-bench-'));
  serverEnv.DATABASE_URL = '';
} else {
  serverEnv.DATABASE_URL = benchUrl;
}

console.log(`Preparing the ${usePglite ? 'PGlite' : 'PostgreSQL'} database ...`);
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS commerce_graph_bench WITH (FORCE)');
await admin.query('CREATE DATABASE commerce_graph_bench');
await admin.end();
// The dataset is made with SQL on PostgreSQL; PGlite gets the same rows by its own migrations plus
// the same SQL, run through PGlite itself before the server opens the directory.
if (usePglite) {
  await runScript('bench/load-pglite.ts', [], serverEnv);
} else {
  await runScript('scripts/migrate-deploy.ts', [], serverEnv);
  await loadDataset(benchUrl);
}
const key = (await runScript('scripts/apikey.ts', ['create', '--name', 'bench', '--scopes', 'read,write'], serverEnv)).trim().split('\n').at(-1)!;

const server = await start('src/server.ts', serverEnv);
const ours: Target = { name: 'commerce-graph', port: 4561, pid: server.pid!, statements: () => prometheusCounter(4561, 'commerce_graph_sql_statements_total') };
let baseline: Target | undefined;
let baselineProcess: ChildProcess | undefined;
if (!usePglite) {
  baselineProcess = await start('bench/baseline-server.ts', { DATABASE_URL: benchUrl, PORT: '4562' });
  baseline = {
    name: 'baseline',
    port: 4562,
    pid: baselineProcess.pid!,
    statements: async () => ((await (await fetch('http://127.0.0.1:4562/metrics')).json()) as { statements: number }).statements,
  };
}

// --- the scenarios ------------------------------------------------------------------------------
const auth = { authorization: `Bearer ${key}` };
const graphql = (query: string) => () => JSON.stringify({ query });
const leadsBody = graphql(`query Leads { leads(first: 100) { edges { node { ${selectionFor(entities.Lead, 3)} } } } }`);
const eventIds = () => `wev_bench${String(1 + Math.floor(Math.random() * sizes.webEvents)).padStart(7, '0')}`;
// Variables, as clients send them: the document is the same every time, so Yoga's parse and
// validation caches serve it.
const lookupQuery = `query Lookup($id: String!) { webEvent(id: $id) { ${selectionFor(entities.WebEvent, 2)} } }`;
let sequence = 0;
const newEvent = () => {
  sequence += 1;
  const n = `${process.pid}x${sequence}`;
  return {
    id: `wev_n${n}`,
    name: 'User Login',
    anonymousId: `anon_${n}`,
    account: {
      id: `acc_n${n}`,
      lead: 'Lead ID',
      anonymousIds: [`anon_${n}`],
      consumer: {
        id: `con_n${n}`,
        ssn: '123-45-6789',
        email: 'example@example.com',
        lastName: 'Doe',
        birthDate: '1990-05-15',
        firstName: 'John',
        phoneNumber: '555-0199',
      },
    },
  };
};
const eventsPerBatch = 100;
const batchBody = () => JSON.stringify({ batch: Array.from({ length: eventsPerBatch }, newEvent) });

interface Row {
  scenario: string;
  variant: string;
  result: Measurement;
  baseline?: Measurement;
  itemLabel?: string;
}
const rows: Row[] = [];

async function scenario(name: string, variant: string, load: Load, baselineLoad?: Load, itemLabel?: string) {
  process.stdout.write(`  ${name}: ${variant} ...`);
  const result = await measure(ours, load, seconds);
  const base = baseline && baselineLoad ? await measure(baseline, baselineLoad, seconds) : undefined;
  rows.push({ scenario: name, variant, result, baseline: base, itemLabel });
  console.log(` ${result.requestsPerSecond.toFixed(0)} req/s${base ? ` (baseline ${base.requestsPerSecond.toFixed(0)})` : ''}`);
}

console.log(`Running scenarios, ${seconds} s each ...`);
const leadsBaseline: Load = { method: 'GET', path: '/leads?limit=100', connections: 10 };
await scenario('1. nested read, 100 leads', 'GraphQL', { method: 'POST', path: '/graphql', headers: auth, body: leadsBody, connections: 10 }, leadsBaseline);
await scenario(
  '1. nested read, 100 leads',
  'REST depth=3',
  { method: 'GET', path: '/api/leads?depth=3&limit=100', headers: auth, connections: 10 },
  leadsBaseline,
);
const lookupBaseline: Load = { method: 'GET', path: () => `/webevents/${eventIds()}`, connections: 10 };
await scenario(
  '2. lookup, event depth 2',
  'GraphQL',
  { method: 'POST', path: '/graphql', headers: auth, body: () => JSON.stringify({ query: lookupQuery, variables: { id: eventIds() } }), connections: 10 },
  lookupBaseline,
);
await scenario(
  '2. lookup, event depth 2',
  'REST',
  { method: 'GET', path: () => `/api/webevents/${eventIds()}?depth=2`, headers: auth, connections: 10 },
  lookupBaseline,
);
await scenario(
  '3. ingest, 64 clients',
  'POST /api/webevents',
  { method: 'POST', path: '/api/webevents', body: () => JSON.stringify(newEvent()), connections: 64 },
  { method: 'POST', path: '/webevents', body: () => JSON.stringify(newEvent()), connections: 64 },
);
await scenario(
  '4. batch ingest, 100 events/request',
  'POST /api/webevents/batch',
  { method: 'POST', path: '/api/webevents/batch?depth=0', body: batchBody, connections: 8, itemsPerRequest: eventsPerBatch },
  { method: 'POST', path: '/webevents/batch', body: batchBody, connections: 8, itemsPerRequest: eventsPerBatch },
  'events/s',
);

const listQuery = (after: string) =>
  JSON.stringify({
    query: `query List($after: String) { webEvents(first: 50, after: $after, filter: { name: { equals: "Page View" } }, orderBy: [{ field: createdAt, direction: DESC }]) { edges { node { id name anonymousId accountId createdAt } } } }`,
    variables: { after },
  });
// A cursor in the middle of the list (the cursor of the event made at the middle minute): a page
// deep inside it, which an OFFSET scan would pay for. Cursors carry [fields, createdAt, id].
const middleCursor = (total: number) => {
  const n = Math.floor(total / 2) - (Math.floor(total / 2) % 4);
  const createdAt = new Date(Date.UTC(2026, 0, 1) + n * 30_000).toISOString();
  return Buffer.from(JSON.stringify(['createdAt,id', createdAt, `wev_bench${String(n).padStart(7, '0')}`])).toString('base64url');
};
const growth: Record<string, Measurement> = {};
for (const total of [sizes.webEvents, growthTotal]) {
  if (total > sizes.webEvents) {
    process.stdout.write(`  growing web events to ${total.toLocaleString('en')} ...`);
    const started = Date.now();
    if (usePglite) console.log(' skipped on PGlite');
    else {
      await growWebEvents(benchUrl, total);
      console.log(` ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    if (usePglite) break;
  }
  const label = total.toLocaleString('en');
  await scenario(`5. growth, ${label} events`, 'scenario 1 (GraphQL)', { method: 'POST', path: '/graphql', headers: auth, body: leadsBody, connections: 10 });
  growth[`leads ${total}`] = rows.at(-1)!.result;
  await scenario(`5. growth, ${label} events`, 'filtered page, mid-list cursor', {
    method: 'POST',
    path: '/graphql',
    headers: auth,
    body: () => listQuery(middleCursor(total)),
    connections: 10,
  });
  growth[`list ${total}`] = rows.at(-1)!.result;
}

server.kill('SIGTERM');
baselineProcess?.kill('SIGTERM');

// --- the table ----------------------------------------------------------------------------------
const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const lines = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${usePglite ? 'PGlite' : 'PostgreSQL'}; ${seconds} s per run after a 1 s warm-up.`,
  '',
  '| scenario | variant | req/s | items/s | p50 ms | p99 ms | SQL/req | RSS MB | baseline req/s | baseline SQL/req | ratio |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(({ scenario: name, variant, result, baseline: base }) =>
    [
      name,
      variant,
      fixed(result.requestsPerSecond),
      fixed(result.itemsPerSecond),
      fixed(result.p50, 1),
      fixed(result.p99, 1),
      fixed(result.statementsPerRequest, 2),
      fixed(result.rssMegabytes),
      base ? fixed(base.requestsPerSecond) : '',
      base ? fixed(base.statementsPerRequest, 2) : '',
      base ? `${(result.requestsPerSecond / base.requestsPerSecond).toFixed(2)}x` : '',
    ]
      .join(' | ')
      .replace(/^/, '| ')
      .replace(/$/, ' |'),
  ),
  '',
];
const failures = rows.filter((row) => row.result.failures > 0 || (row.baseline?.failures ?? 0) > 0);
if (failures.length) lines.push(`Failed requests in: ${failures.map((row) => `${row.scenario} ${row.variant}`).join('; ')}`, '');
const small = growth[`list ${sizes.webEvents}`];
const large = growth[`list ${growthTotal}`];
if (small && large) {
  lines.push(
    `Growth: filtered page p50 ${fixed(large.p50, 1)} ms at ${growthTotal.toLocaleString('en')} events vs ${fixed(small.p50, 1)} ms at ${sizes.webEvents.toLocaleString('en')} (${(large.p50 / small.p50).toFixed(2)}x); nested read p50 ${(growth[`leads ${growthTotal}`].p50 / growth[`leads ${sizes.webEvents}`].p50).toFixed(2)}x.`,
    '',
  );
}
const table = lines.join('\n');
console.log(`\n${table}`);
writeFileSync(path.join(root, 'bench', 'results', usePglite ? 'latest-pglite.md' : 'latest.md'), `${table}\n`);
process.exit(0);
