// A database outage, on a PostgreSQL cluster this test starts itself on its own port (never the
// machine's shared one): requests fail fast with 503, /health stays up, /ready says the database is
// down, and when it returns the server serves again without a restart, having lost nothing.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers/server-process.js';
import { freePort } from './helpers/free-port.js';

const binaries = ['/usr/lib/postgresql'].flatMap((root) => (existsSync(root) ? readdirSync(root).map((version) => path.join(root, version, 'bin')) : []))[0];
const port = await freePort();
const directory = mkdtempSync(path.join(tmpdir(), 'commerce-graph-outage-'));
const dataDir = path.join(directory, 'data');
const asPostgres = (command: string, args: string[]) => {
  // initdb and the server refuse to run as root: run them as the postgres user when we are root.
  const [file, fileArgs] =
    process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path.join(binaries, command), ...args]] : [path.join(binaries, command), args];
  return execFileSync(file, fileArgs, { stdio: 'pipe' }).toString();
};
const pgCtl = (action: 'start' | 'stop') =>
  asPostgres('pg_ctl', [
    '-D',
    dataDir,
    '-w',
    '-l',
    path.join(directory, 'log'),
    ...(action === 'start' ? ['-o', `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1`] : ['-m', 'fast']),
    action,
  ]);
const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
let server: ChildProcess | undefined;

afterAll(() => {
  server?.kill('SIGKILL');
  try {
    pgCtl('stop');
  } catch {
    // already stopped
  }
  rmSync(directory, { recursive: true, force: true });
});

describe.runIf(process.env.TEST_DATABASE === 'postgres' && !!binaries)('the database goes away and comes back', () => {
  it('fails fast with 503, keeps /health up, reports /ready down, then serves again', async () => {
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', directory]);
    asPostgres('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres']);
    pgCtl('start');
    const httpPort = await freePort();
    server = (await startServer({ ...process.env, DATABASE_URL: url, PORT: String(httpPort), RATE_LIMIT_PER_ADDRESS: '0' })).child;
    const base = `http://127.0.0.1:${httpPort}`;
    const post = (id: string) =>
      fetch(`${base}/api/webevents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, name: 'View' }) });

    const before = ['wev_outage000001', 'wev_outage000002', 'wev_outage000003'];
    for (const id of before) expect((await post(id)).status).toBe(200);

    pgCtl('stop');
    const started = Date.now();
    const during = await post('wev_outage000004');
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ error: { code: 503, message: 'Service Unavailable' }, success: false, errors: [{ message: 'Service Unavailable' }] });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    expect([ready.status, await ready.json()]).toEqual([503, { status: 'unavailable', database: 'down' }]);

    pgCtl('start');
    let back = 0;
    for (let attempt = 0; attempt < 20 && back !== 200; attempt += 1) {
      back = (await post('wev_outage000005')).status;
      if (back !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(back).toBe(200);
    expect((await fetch(`${base}/ready`)).status).toBe(200);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM "WebEvent" WHERE id LIKE 'wev_outage%' ORDER BY id`);
    await client.end();
    expect(rows.map((row) => row.id)).toEqual([...before, 'wev_outage000005']);
  }, 120_000);
});
