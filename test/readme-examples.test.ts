// Every example in README.md runs as written, against a fresh server: the shell blocks in one bash
// session, in order (so a KEY made in one is used by the next), every curl must answer 2xx without
// GraphQL errors; every GraphQL block must answer without errors. The first queries a new user
// sends (the Jeeps, the nested leads) must find data: the README seeds before them. A README
// change that breaks an example fails here.
//
// Not run: the lines that install, start or stop things (npm ci, npm start, npm run dev, ...),
// which this test does itself, and the ones that need the server stopped (db:deploy, db:migrate).
// `npm run db:seed` runs, through the running server, where the README has it.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from './helpers/server-process.js';
import { stopAndRemove, temporaryPath } from './helpers/temporary-directory.js';
import { freePort } from './helpers/free-port.js';

const run = promisify(execFile);
const readme = readFileSync(path.resolve('README.md'), 'utf8');
const blocks = (language: string) => [...readme.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1]);

const notRun = /^\s*(npm (ci|start|test|install)|npm run (dev|build|bench|typecheck|lint|format|db:migrate|db:deploy|schema:)|DATABASE_URL=|npx )/;

const dataDir = temporaryPath('commerce-graph-readme-');
const port = await freePort();
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', RATE_LIMIT_PER_ADDRESS: '1000' };
let server: ServerProcess;

// A curl that fails on an HTTP error or a GraphQL error, and shows what it got.
const strictCurl = `curl() {
  local out
  out=$(command curl --fail-with-body "$@") || { echo "FAILED: curl $*: $out" >&2; return 1; }
  if [[ "$out" == *'"errors"'* ]]; then echo "GraphQL errors: curl $*: $out" >&2; return 1; fi
  echo "$out"
}`;

describe.runIf(process.env.TEST_DATABASE === 'pglite')('the README', () => {
  beforeAll(async () => {
    server = await startServer(env);
  }, 90_000);

  afterAll(() => stopAndRemove(server?.child, dataDir));

  it('has its shell examples run as written', async () => {
    const lines = blocks('sh')
      .flatMap((block) => block.split('\n'))
      .filter((line) => !notRun.test(line));
    const script = ['set -euo pipefail', strictCurl, ...lines].join('\n').replaceAll('localhost:4000', `localhost:${port}`);
    expect(lines.filter((line) => /^\s*curl /.test(line)).length).toBeGreaterThanOrEqual(4);
    const { stdout } = await run('bash', ['-c', script], { env, maxBuffer: 16 * 1024 * 1024 });
    // The Jeeps: the seeded vehicles, before anything else was written.
    expect(stdout).toMatch(/"vehicles":\{"totalCount":[1-9]\d*,"edges":\[\{"node":\{"vin":/);
    expect(stdout).toContain('Lead successfully created.');
  }, 120_000);

  // admin: the webhook example registers an endpoint.
  it('has its GraphQL examples run as written', async () => {
    const { stdout } = await run('npx', ['tsx', 'scripts/apikey.ts', 'create', '--name', 'readme graphql', '--scopes', 'read,write,pii:read,admin'], { env });
    const key = stdout.trim().split('\n').at(-1)!;
    const examples = blocks('graphql');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const query of examples) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors?: unknown; data?: unknown };
      expect(body.errors, query.slice(0, 80)).toBeUndefined();
      expect(response.status).toBe(200);
      // A query finds what the seed (run by the shell examples, before this test) put there.
      if (query.trimStart().startsWith('{')) expect(JSON.stringify(body.data), query.slice(0, 80)).not.toMatch(/"totalCount":0\b|"edges":\[\]/);
      // The nested leads: seeded ones, with their sales reps (a lead the REST example made has none).
      if (query.includes('salesRep {')) expect(JSON.stringify(body.data)).toMatch(/"salesRep":\{"firstName":"\w+"/);
    }
  }, 60_000);
});
