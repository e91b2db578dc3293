// `npm run bench`: the server next to hand-written baselines, scenario by scenario, on this
// machine (bench/options.ts lists the options). It makes a database of its own on PostgreSQL (and
// a PGlite directory for the PGlite scenario) with a deterministic dataset, starts the production
// build of the server (dist/server.js, NODE_ENV=production) and the baseline server on free ports,
// checks that both give the same answer to each scenario, then times them in interleaved rounds
// (server, baseline[, PGlite], server, baseline, ...) so that a machine that gets busier part-way
// weighs on every side alike. The report goes to bench/results/<timestamp>.md and .json.
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import pg from 'pg';
import { checkSameAnswers } from './check.js';
import { preparePglite, preparePostgres, type PgliteDirectory, type PostgresDatabase } from './databases.js';
import { explainBaselines } from './explain.js';
import { timeSlot, warmUp, type Backends, type Counters, type Slot, type Target } from './measure.js';
import { readOptions } from './options.js';
import { serverArgs, startNode, stop, type Started } from './processes.js';
import { rssMegabytes } from './proc.js';
import { markdown, median, ratioSummary, writeReport, type Run, type ScenarioResult } from './report.js';
import { rssReport, selectScenarios } from './scenarios/index.js';
import type { Scenario, Side } from './scenarios/scenario.js';

const root = path.resolve(import.meta.dirname, '..');
const options = readOptions(process.argv.slice(2));
const selected = selectScenarios(options.scenarios);
const needsPglite = selected.some((scenario) => scenario.sides.includes('pglite'));
const applicationNames = { server: 'commerce-graph-bench-server', baseline: 'commerce-graph-bench-baseline' };
const withApplicationName = (url: string, name: string) => `${url}?application_name=${name}`;

async function serverCounters(port: number): Promise<Counters> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const counter = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { requests: counter('commerce_graph_requests_total'), statements: counter('commerce_graph_sql_statements_total') };
}

// The server's environment: production, metrics on (its SQL statement counter), no rate limits,
// no request log, an SSN key made for this run (which the baseline gets too).
const piiKey = randomBytes(32).toString('base64');
const serverEnv = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  METRICS_ENABLED: 'true',
  RATE_LIMIT_PER_KEY: '0',
  RATE_LIMIT_PER_ADDRESS: '0',
  HOST: '127.0.0.1',
  PII_ENCRYPTION_KEY: piiKey,
};

let database: PostgresDatabase | undefined;
let pglite: PgliteDirectory | undefined;
const started: Started[] = [];
const admin = { client: undefined as pg.Client | undefined };

async function cleanUp() {
  for (const running of started) await stop(running).catch(() => {});
  await admin.client?.end().catch(() => {});
  await database?.drop().catch((error: unknown) => console.error(`could not drop ${database?.name}: ${error}`));
  pglite?.remove();
}

async function timeScenario(scenario: Scenario, targets: Record<Side, Target | undefined>, backends: Backends): Promise<ScenarioResult> {
  const sides = scenario.sides.map((side) => {
    const target = targets[side];
    if (!target) throw new Error(`${scenario.name}: no ${side} running`);
    return target;
  });
  process.stdout.write(`${scenario.name}: checking the answers ...`);
  await checkSameAnswers(
    scenario,
    sides.map((target) => ({
      side: target.side,
      port: target.port,
      request: scenario.checkRequests
        ? () => (target.side === 'baseline' ? scenario.checkRequests!.baseline() : scenario.checkRequests!.server(keyOf(target.side)))
        : target.request,
    })),
  );
  process.stdout.write(' the same; warming up ...');
  for (const target of sides) await warmUp(target, scenario, options.warmUpSeconds);
  console.log('');
  const slots: Slot[] = [];
  const ratios: number[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    const roundSlots: Slot[] = [];
    for (const target of sides) roundSlots.push(await timeSlot(target, scenario, options.seconds, round, backends));
    slots.push(...roundSlots);
    const rate = (side: Side) => roundSlots.find((slot) => slot.side === side)!.requestsPerSecond;
    ratios.push(rate(scenario.ratio[0]) / rate(scenario.ratio[1]));
    console.log(
      `  round ${round}: ${roundSlots.map((slot) => `${slot.side} ${slot.requestsPerSecond.toFixed(0)} req/s (load ${slot.loadAverage.toFixed(2)})`).join(', ')}`,
    );
  }
  const result = { scenario, slots, ratios };
  const { median: middle, min, max } = ratioSummary(result);
  console.log(`  ${scenario.ratio.join(' / ')}: ${middle.toFixed(2)}x (${min.toFixed(2)}-${max.toFixed(2)}x), goal ${scenario.goal}`);
  return result;
}

const keys: Partial<Record<Side, string>> = {};
const keyOf = (side: Side) => keys[side] ?? '';

try {
  console.log(`Preparing the PostgreSQL database${needsPglite ? ' and the PGlite directory' : ''} ...`);
  database = await preparePostgres(options.adminUrl, root);
  keys.server = database.apiKey;
  if (needsPglite) {
    pglite = await preparePglite(root);
    keys.pglite = pglite.apiKey;
  }
  // The baseline is bundled as the server is built, so that neither runs through tsx.
  const baselineFile = path.join(root, 'dist', 'bench', 'baseline-server.js');
  await build({
    entryPoints: [path.join(root, 'bench', 'baseline-server.ts')],
    outfile: baselineFile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });

  const server = await startNode(serverArgs(root), { ...serverEnv, DATABASE_URL: withApplicationName(database.url, applicationNames.server) }, root);
  started.push(server);
  const baseline = await startNode(
    [baselineFile],
    { DATABASE_URL: withApplicationName(database.url, applicationNames.baseline), PII_ENCRYPTION_KEY: piiKey },
    root,
  );
  started.push(baseline);
  const pgliteServer = pglite ? await startNode(serverArgs(root), { ...serverEnv, DATABASE_URL: '', DATA_DIR: pglite.dataDir }, root) : undefined;
  if (pgliteServer) started.push(pgliteServer);
  const idleMegabytes = rssMegabytes(server.pid);

  admin.client = new pg.Client({ connectionString: withApplicationName(database.url, 'commerce-graph-bench-runner') });
  await admin.client.connect();
  const backends: Backends = { admin: admin.client, database: database.name };

  const serverTarget = (side: 'server' | 'pglite', running: Started): Target => ({
    side,
    port: running.port,
    pid: running.pid,
    counters: () => serverCounters(running.port),
    request: () => current!.serverRequest(keyOf(side)),
    ...(side === 'server' && { applicationName: applicationNames.server }),
  });
  let current: Scenario | undefined;
  const targets: Record<Side, Target | undefined> = {
    server: serverTarget('server', server),
    baseline: {
      side: 'baseline',
      port: baseline.port,
      pid: baseline.pid,
      counters: async () => (await (await fetch(`http://127.0.0.1:${baseline.port}/metrics`)).json()) as Counters,
      request: () => current!.baselineRequest(),
      applicationName: applicationNames.baseline,
    },
    pglite: pgliteServer && serverTarget('pglite', pgliteServer),
  };

  console.log('EXPLAIN ANALYZE of the baseline statements ...');
  const plans = await explainBaselines(admin.client);
  for (const plan of plans)
    console.log(`  ${plan.statement}: ${plan.executionMs.toFixed(2)} ms, sequential scans: ${plan.sequentialScans.join('; ') || 'none'}`);

  const timedFrom = new Date();
  const results: ScenarioResult[] = [];
  for (const scenario of selected) {
    current = scenario;
    results.push(await timeScenario(scenario, targets, backends));
  }
  const nested = results.find((result) => result.scenario.name === rssReport.measuredDuring);
  const run: Run = {
    started: timedFrom,
    machine: `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${(await admin.client.query<{ version: string }>('SELECT version()')).rows[0].version.split(' ').slice(0, 2).join(' ')}; load average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' / ')} at the end`,
    options: { rounds: options.rounds, seconds: options.seconds, warmUpSeconds: options.warmUpSeconds },
    results,
    ...(nested && {
      rss: { idleMegabytes, samples: nested.slots.filter((slot) => slot.side === 'server').flatMap((slot) => slot.rssMegabytes), goal: rssReport.goal },
    }),
    plans,
  };
  await cleanUp();
  const file = writeReport(run, path.join(root, 'bench', 'results'));
  console.log(`\n${markdown(run).split('\n## Baseline statements')[0]}`);
  if (run.rss) console.log(`RSS under the nested read: max ${Math.max(...run.rss.samples).toFixed(0)} MB, median ${median(run.rss.samples).toFixed(0)} MB`);
  console.log(`Written to ${path.relative(root, file)} (and .json)`);
  process.exit(0);
} catch (error) {
  await cleanUp();
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
