// Two builds of the server against each other, interleaved (A, B, A, B, ...), on one database:
// `npx tsx bench/ab.ts --before <dir holding dist/server.js> --scenario create-lead [--rounds 5]
// [--seconds 5] [--warm-up 2] [--env NAME=value] [--a-env NAME=value] [--b-env ...] [--a-node '<node
// options>'] [--b-node ...] [--a-sql <file>] [--b-sql <file>] [--pglite]` (after `npm run build`; B is
// this tree's dist/; --before . with different node options or environment compares those: a
// side's node options come after `npm start`'s, so they override them; --env is both sides',
// --a-env and --b-env one side's, over it). --a-sql and --b-sql run that file's SQL on the database
// before each of the side's slots (two versions of a database function against each other, one
// build on both sides). With --pglite each side runs on a copy of one PGlite directory loaded with
// the dataset (DATABASE_URL empty), and the CPU per request is the one process's. With
// --b-web-events <n> side B runs on a database of its own, the same dataset with its web events
// grown to n (one build on both sides: how a request's cost grows with the table).
// A change is kept when B's req/s over A's, in rounds run side by side on the same busy machine,
// says it pays; each round prints both sides' req/s, CPU ms per request (process + PostgreSQL
// backends) and the load average. Figures printed, nothing written.
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { preparePglite, preparePostgres, type PostgresDatabase } from './databases.js';
import { growWebEvents } from './dataset.js';
import { timeSlot, warmUp, type Target } from './measure.js';
import { benchServerEnv, startNode, startOptions, stop, type Started } from './processes.js';
import { median } from './report.js';
import { selectScenarios } from './scenarios/index.js';

const { values } = parseArgs({
  options: {
    before: { type: 'string' },
    scenario: { type: 'string', multiple: true, default: ['create-lead'] },
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
    'warm-up': { type: 'string', default: '2' },
    env: { type: 'string', multiple: true, default: [] },
    'a-env': { type: 'string', multiple: true, default: [] },
    'b-env': { type: 'string', multiple: true, default: [] },
    'a-node': { type: 'string', default: '' },
    'b-node': { type: 'string', default: '' },
    pglite: { type: 'boolean', default: false },
    'a-sql': { type: 'string' },
    'b-sql': { type: 'string' },
    'b-web-events': { type: 'string' },
  },
});
if (!values.before) throw new Error('--before <dir> names the build to compare with (a directory with dist/server.js)');
const root = process.cwd();
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const database = await preparePostgres(adminUrl, root);
const grown = values['b-web-events'] ? await preparePostgres(adminUrl, root) : undefined;
if (grown) await growWebEvents(grown.url, Number(values['b-web-events']));
const started: Started[] = [];
const pglite = values.pglite ? await preparePglite(root) : undefined;
const admin = new pg.Client({ connectionString: `${database.url}?application_name=commerce-graph-ab-runner` });
try {
  await admin.connect();
  const envOf = (pairs: string[]) => Object.fromEntries(pairs.map((pair) => pair.split(/=(.*)/s).slice(0, 2)));
  const env = { ...benchServerEnv(), METRICS_ENABLED: 'true', ...envOf(values.env) };
  const sqlOf = (file: string | undefined) => (file ? readFileSync(file, 'utf8') : undefined);
  const sides = [
    {
      name: 'A',
      script: path.resolve(values.before, 'dist', 'server.js'),
      node: values['a-node'].split(' ').filter(Boolean),
      env: envOf(values['a-env']),
      sql: sqlOf(values['a-sql']),
      database,
    },
    {
      name: 'B',
      script: path.join(root, 'dist', 'server.js'),
      node: values['b-node'].split(' ').filter(Boolean),
      env: envOf(values['b-env']),
      sql: sqlOf(values['b-sql']),
      database: grown ?? database,
    },
  ];
  const scenarios = selectScenarios(values.scenario);
  let current = scenarios[0];
  const targets: (Target & { name: string; sql?: string; database: PostgresDatabase })[] = [];
  const prepare = async (target: { sql?: string }) => {
    if (target.sql) await admin.query(target.sql);
  };
  for (const side of sides) {
    const applicationName = `commerce-graph-ab-${side.name}`;
    // Each side a directory of its own (a PGlite directory is one process's), the same data in both.
    const dataDir = pglite && `${pglite.dataDir}-${side.name}`;
    if (pglite && dataDir) cpSync(pglite.dataDir, dataDir, { recursive: true });
    const running = await startNode(
      [...startOptions(root), ...side.node, side.script],
      {
        ...env,
        ...side.env,
        ...(dataDir ? { DATABASE_URL: '', DATA_DIR: dataDir } : { DATABASE_URL: `${side.database.url}?application_name=${applicationName}` }),
      },
      root,
    );
    started.push(running);
    targets.push({
      name: side.name,
      sql: side.sql,
      database: side.database,
      side: 'server',
      port: running.port,
      pid: running.pid,
      ...(!pglite && { applicationName }),
      counters: async () => {
        const text = await (await fetch(`http://127.0.0.1:${running.port}/metrics`)).text();
        const counter = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
        return { requests: counter('commerce_graph_requests_total'), statements: counter('commerce_graph_sql_statements_total') };
      },
      request: () => current.serverRequest(pglite?.apiKey ?? side.database.apiKey),
    });
  }
  for (const scenario of scenarios) {
    current = scenario;
    for (const target of targets) {
      await prepare(target);
      await warmUp(target, scenario, Number(values['warm-up']));
    }
    const ratios: number[] = [];
    console.log(`${scenario.name}:`);
    for (let round = 1; round <= Number(values.rounds); round += 1) {
      // Alternate which side goes first, so that neither always follows the other's load.
      const order = round % 2 === 1 ? targets : [...targets].reverse();
      const rates = new Map<string, number>();
      const line: string[] = [];
      for (const target of order) {
        await prepare(target);
        const slot = await timeSlot(target, scenario, Number(values.seconds), round, { admin, database: target.database.name });
        rates.set(target.name, slot.requestsPerSecond);
        line.push(
          `${target.name} ${slot.requestsPerSecond.toFixed(0)} req/s (CPU ${slot.processCpuMsPerRequest.toFixed(2)}${slot.databaseCpuMsPerRequest === undefined ? '' : ` + ${slot.databaseCpuMsPerRequest.toFixed(2)}`} ms, ${slot.failures} failed, load ${slot.loadAverage.toFixed(1)})`,
        );
      }
      ratios.push(rates.get('B')! / rates.get('A')!);
      console.log(`  round ${round}: ${line.join(', ')}; B/A ${ratios.at(-1)!.toFixed(2)}`);
    }
    console.log(`  B/A median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`);
  }
} finally {
  for (const running of started) await stop(running).catch(() => {});
  await admin.end().catch(() => {});
  await database.drop();
  await grown?.drop();
  if (pglite) for (const suffix of ['', '-A', '-B']) rmSync(`${pglite.dataDir}${suffix}`, { recursive: true, force: true });
}
