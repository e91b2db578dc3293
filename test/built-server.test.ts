// `npm start` runs the bundle (dist/server.js: src/ and most of node_modules in one file, made by
// scripts/build.mjs), not the sources the other tests run through tsx. What the bundle could break
// is what finds files next to its modules, or is left out of it and loaded at run time: PGlite and
// its template, Prisma's query compiler, GraphiQL's page, Swagger UI's files, the migrations. This
// bundles the server afresh into a folder of its own and starts it as `npm start` does.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOptions } from '../bench/processes.js';
import { slowTestTimeout } from './helpers/timeouts.js';
import { freePort } from './helpers/free-port.js';

const run = promisify(execFile);
const outdir = path.resolve('node_modules', '.cache', 'commerce-graph', `built-server-${process.pid}`);
const port = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-graph-built-'));
const env = {
  ...process.env,
  PORT: String(port),
  LOG_LEVEL: 'info',
  ...(process.env.TEST_DATABASE === 'postgres' ? {} : { DATA_DIR: dataDir, DATABASE_URL: '' }),
};
let server: ChildProcess;
let output = '';

const url = (pathname: string) => `http://127.0.0.1:${port}${pathname}`;

describe('the bundled server (npm start)', () => {
  beforeAll(async () => {
    await run(process.execPath, ['scripts/build.mjs', '--outdir', outdir]);
    // With the start script's Node options, and V8 telling each heap limit it sets (--trace-gc-verbose).
    server = spawn(process.execPath, [...startOptions(process.cwd()), '--trace-gc-verbose', path.join(outdir, 'server.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      for (const stream of [server.stdout!, server.stderr!]) {
        stream.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('commerce-graph on')) resolve();
        });
      }
      server.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output.slice(-500)}`)));
    });
  }, slowTestTimeout);

  afterAll(() => {
    if (server?.exitCode === null) server.kill('SIGKILL');
    rmSync(outdir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers GraphQL, and reaches the database through Prisma', async () => {
    const response = await fetch(url('/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    // /ready sends a query through Prisma: its query compiler is loaded from node_modules.
    expect((await fetch(url('/ready'))).status).toBe(200);
  });

  it('serves GraphiQL and Swagger UI from their packages', async () => {
    const graphiql = await fetch(url('/graphql'), { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('graphiql');
    const docs = await fetch(url('/api/docs'));
    expect(await docs.text()).toContain('/api/docs/swagger-ui-bundle.js');
    const bundle = await fetch(url('/api/docs/swagger-ui-bundle.js'));
    expect(bundle.status).toBe(200);
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    const openapi = await fetch(url('/api/openapi.json'));
    expect(((await openapi.json()) as { info: { version: string } }).info.version).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it.runIf(process.env.TEST_DATABASE === 'pglite')('starts an empty data directory from the template, owner-only', () => {
    const entries = [dataDir, ...readdirSync(dataDir, { recursive: true }).map((name) => path.join(dataDir, String(name)))];
    expect(entries.map((entry) => path.relative(dataDir, entry))).toContain('PG_VERSION');
    const open = entries.filter((entry) => {
      const stat = statSync(entry);
      return (stat.mode & 0o777) !== (stat.isDirectory() ? 0o700 : 0o600) && path.basename(entry) !== 'pg_internal.init';
    });
    expect(open).toEqual([]);
    // The template has every migration: none was applied at start.
    expect(output).not.toContain('applied migrations');
  });

  // src/heap-growth.ts: after a full collection, the old space may grow to 2.5 times what was live
  // (V8's own choice went to 4 under load, and RSS past 200 MB). The server's start collects at
  // least once (the schema is built after the option is set); V8 writes the factor of each limit.
  it.runIf(process.env.TEST_DATABASE === 'postgres')('lets V8 grow its heap to 2.5 times what was live, on PostgreSQL', () => {
    const limits = output.match(/\[HeapController\] Limit: .*/g) ?? [];
    expect(limits.length).toBeGreaterThan(0);
    expect(limits.at(-1)).toMatch(/\(2\.5\)$/);
  });

  it('points its stack traces at the sources', () => {
    const map = JSON.parse(readFileSync(path.join(outdir, 'server.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.some((source) => source.endsWith('src/server.ts'))).toBe(true);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const stopped = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    expect(await stopped).toBe(0);
  });
});
