// `npm run bench:startup`: how fast the production server (`npm start`: node dist/server.js)
// answers its first request, and how much memory it holds once idle, on PostgreSQL, on an existing
// PGlite directory and on an empty one. Rounds are interleaved (PostgreSQL, existing, empty,
// PostgreSQL, ...) so a busy machine weighs on each alike; it prints the median with the range and
// the load average.
//   npm run bench:startup                  5 rounds
//   npm run bench:startup -- --rounds 9
//   npm run bench:startup -- --dist dist --dist dist-before    two builds, interleaved too
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startOptions } from './processes.js';

const { values } = parseArgs({ options: { rounds: { type: 'string' }, dist: { type: 'string', multiple: true } } });
const rounds = Number(values.rounds ?? 5);
// A build to compare is a copy of dist/ in a folder of its own at the project's root (its modules
// find node_modules, prisma/migrations and package.json from there): cp -r dist dist-before before
// rebuilding, then --dist dist --dist dist-before.
const builds = values.dist ?? ['dist'];
const root = path.resolve(import.meta.dirname, '..');
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const port = 4700 + Math.floor(Math.random() * 200);

interface Start {
  /** From spawning the process to the first answered GraphQL request, in ms. */
  firstAnswer: number;
  /** Resident memory after the first answer and two idle seconds, in MB. */
  idleRss: number;
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function startOnce(env: Record<string, string>, build = builds[0]): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, [...startOptions(root), path.join(build, 'server.js')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', PORT: String(port), ...env },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited with ${child.exitCode ?? child.signalCode}`);
      const answered = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      }).then(
        (response) => response.ok,
        () => false,
      );
      if (answered) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const firstAnswer = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return { firstAnswer, idleRss: rssOf(child.pid!) };
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const range = (numbers: number[]) => `${Math.min(...numbers).toFixed(0)}-${Math.max(...numbers).toFixed(0)}`;

const database = `commerce_graph_startup_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
const existingDir = mkdtempSync(path.join(tmpdir(), 'commerce-graph-startup-'));

const setups: Record<string, () => Record<string, string>> = {
  PostgreSQL: () => ({ DATABASE_URL: databaseUrl }),
  'PGlite, existing directory': () => ({ DATA_DIR: existingDir, DATABASE_URL: '' }),
  'PGlite, empty directory': () => ({ DATA_DIR: mkdtempSync(path.join(tmpdir(), 'commerce-graph-startup-')), DATABASE_URL: '' }),
};
const label = (build: string, name: string) => (builds.length > 1 ? `${name} (${build})` : name);
const results = new Map<string, Start[]>(Object.keys(setups).flatMap((name) => builds.map((build) => [label(build, name), []] as const)));
const loads: number[] = [];
try {
  // The first start of each migrates its database: a warm-up, not measured.
  await startOnce(setups.PostgreSQL());
  await startOnce(setups['PGlite, existing directory']());
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, setup] of Object.entries(setups)) {
      // Each build goes first in every other round.
      for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
        const env = setup();
        results.get(label(build, name))!.push(await startOnce(env, build));
        if (env.DATA_DIR && env.DATA_DIR !== existingDir) rmSync(env.DATA_DIR, { recursive: true, force: true });
        loads.push(loadavg()[0]);
      }
    }
  }
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.end();
  rmSync(existingDir, { recursive: true, force: true });
}

console.log(
  `npm start (node ${builds.map((build) => path.join(build, 'server.js')).join(' vs ')}), ${rounds} interleaved rounds; load average ${range(loads)} (1 min) on ${process.env.HOSTNAME ?? 'this machine'}`,
);
console.log('| database | first answer, median ms (range) | idle RSS, median MB (range) |');
console.log('| --- | ---: | ---: |');
for (const [name, starts] of results) {
  const firstAnswers = starts.map((start) => start.firstAnswer);
  const rss = starts.map((start) => start.idleRss);
  console.log(`| ${name} | ${median(firstAnswers).toFixed(0)} (${range(firstAnswers)}) | ${median(rss).toFixed(0)} (${range(rss)}) |`);
}
