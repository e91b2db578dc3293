// Where the server's CPU goes under one scenario's load: `npx tsx bench/profile.ts --scenario
// create-lead [--seconds 15] [--top 40]` (after `npm run build`). Makes a database of its own (as
// `npm run bench` does), starts the production build with `--cpu-prof`, loads it with the
// scenario's requests and clients, stops it (SIGTERM, so the profile is written) and prints the
// functions and the packages with the most self time. The .cpuprofile stays in bench/results/
// (git ignores it), for Chrome's DevTools. `--pglite` runs the server on a PGlite directory loaded
// with the same dataset instead (the database's own work then shows in the profile as WebAssembly).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { preparePglite, preparePostgres } from './databases.js';
import { benchServerEnv, serverArgs, startNode, stop } from './processes.js';
import { selectScenarios } from './scenarios/index.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'create-lead' },
    seconds: { type: 'string', default: '15' },
    top: { type: 'string', default: '40' },
    pglite: { type: 'boolean', default: false },
  },
});
const [scenario] = selectScenarios([values.scenario]);
const root = process.cwd();
const profileDir = path.join(root, 'bench', 'results', `profile-${scenario.name}-${Date.now()}`);
mkdirSync(profileDir, { recursive: true });

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The package a script belongs to (node_modules/<name>), or the project's own file. */
function owner(url: string): string {
  if (!url) return '(native / V8)';
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged) return packaged[1];
  if (url.startsWith('node:')) return 'node:*';
  return url.includes('/dist/') ? `dist/${path.basename(url)}` : url;
}

function summarise(profile: Profile, top: number) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfCount = new Map<number, number>();
  for (const sample of profile.samples) selfCount.set(sample, (selfCount.get(sample) ?? 0) + 1);
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, count] of selfCount) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const name = `${functionName || '(anonymous)'} ${url ? `${owner(url)}:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
    byOwner.set(owner(url), (byOwner.get(owner(url)) ?? 0) + count);
  }
  const print = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`  ${((100 * count) / total).toFixed(1).padStart(5)}%  ${name}`);
  };
  print('self time by function', byFunction);
  print('self time by package', byOwner);
}

const database = values.pglite
  ? await preparePglite(root)
  : await preparePostgres(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test', root);
try {
  const server = await startNode(
    ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, ...serverArgs(root)],
    {
      ...benchServerEnv(),
      METRICS_ENABLED: 'true',
      ...('dataDir' in database ? { DATABASE_URL: '', DATA_DIR: database.dataDir } : { DATABASE_URL: database.url }),
    },
    root,
  );
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: scenario.connections,
    duration: Number(values.seconds),
    requests: [
      {
        setupRequest: (request) => {
          const { method, path: requestPath, headers, body } = scenario.serverRequest(database.apiKey);
          return { ...request, method, path: requestPath, headers: { ...headers }, ...(body !== undefined && { body }) };
        },
      },
    ],
  });
  await stop(server);
  console.log(`${scenario.name}: ${result.requests.average} req/s, ${result.non2xx} non-2xx, ${result.errors} errors, load ${os.loadavg()[0].toFixed(2)}`);
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  summarise(JSON.parse(readFileSync(path.join(profileDir, file), 'utf8')) as Profile, Number(values.top));
  console.log(`\n${path.relative(root, path.join(profileDir, file))}`);
} finally {
  if ('dataDir' in database) database.remove();
  else await database.drop();
}
