// The embedded data directory holds the database's pages and write-ahead log: emails and birth
// dates in clear. It must be its owner's alone, also when an older version left it readable by
// every user of the machine, and so must every file the server writes there afterwards.
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, startServer } from './helpers/server-process.js';
import { freePort } from './helpers/free-port.js';

/** Every directory and file under `dir` (symbolic links left out), with `dir` itself first. */
const entriesOf = (dir: string) =>
  [dir, ...readdirSync(dir, { recursive: true }).map((name) => path.join(dir, String(name)))].filter((entry) => !lstatSync(entry).isSymbolicLink());

const modeOf = (entry: string) => statSync(entry).mode & 0o777;

/** Entries open to others than the owner (a directory not 0700, a file not 0600), as "path mode". */
const notOwnerOnly = (dataDir: string) =>
  entriesOf(dataDir)
    .filter((entry) => (statSync(entry).isDirectory() ? modeOf(entry) !== 0o700 : modeOf(entry) !== 0o600))
    .map((entry) => `${path.relative(dataDir, entry) || '.'} ${modeOf(entry).toString(8)}`);

/** Entries readable or writable by others, as "path mode"; tolerant of files that come and go. */
function openToOthers(dataDir: string): string[] {
  if (!existsSync(dataDir)) return [];
  const open: string[] = [];
  for (const name of readdirSync(dataDir, { recursive: true }).map(String)) {
    const stat = lstatSync(path.join(dataDir, name), { throwIfNoEntry: false });
    if (stat && !stat.isSymbolicLink() && (stat.mode & 0o077) !== 0) open.push(`${name} ${(stat.mode & 0o777).toString(8)}`);
  }
  return open;
}

const parents: string[] = [];
afterAll(() => {
  for (const parent of parents) rmSync(parent, { recursive: true, force: true });
});

/** A data directory that does not exist yet, in a temporary directory removed after the file's tests. */
function newDataDir(): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'commerce-graph-modes-'));
  parents.push(parent);
  return path.join(parent, 'data');
}

// It runs its own server on its own directory: once is enough, in the PGlite project.
describe.runIf(process.env.TEST_DATABASE === 'pglite')('the embedded data directory', () => {
  it('is made owner-only at start (0700 directories, 0600 files), and what the server writes stays so', async () => {
    // A directory as an older version left it: a database in it, and everything readable by all.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-graph-modes-'));
    parents.push(dataDir);
    const older = new PGlite(dataDir);
    await older.query('SELECT 1');
    await older.close();
    for (const entry of entriesOf(dataDir)) chmodSync(entry, statSync(entry).isDirectory() ? 0o777 : 0o666);

    const port = await freePort();
    const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '' };
    const server = (await startServer(env)).child;
    try {
      // Writes that reach the write-ahead log, and the files made after the start.
      const response = await fetch(`http://127.0.0.1:${port}/api/webevents`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Signup',
          account: { consumer: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', birthDate: '1990-05-15', phoneNumber: '555-0199' } },
        }),
      });
      expect(response.status).toBe(200);
      // While it runs: the directory is closed to others, and only PGlite's relation cache files
      // (catalog entries, written 0644 whatever the umask) are not owner-only inside it.
      expect(modeOf(dataDir)).toBe(0o700);
      const readable = entriesOf(dataDir)
        .filter((entry) => (modeOf(entry) & 0o077) !== 0)
        .map((entry) => path.basename(entry));
      expect(new Set(readable)).toEqual(new Set(readable.length ? ['pg_internal.init'] : []));
      const stopped = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }

    expect(notOwnerOnly(dataDir)).toEqual([]);
    expect(entriesOf(dataDir).length).toBeGreaterThan(100);
  }, 90_000);

  it('made from nothing, is owner-only from the moment each file exists', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    // Looks at the directory every few milliseconds while the server makes it and starts: a file
    // unpacked 0666 and restricted later is caught in between. Only PGlite's relation cache files
    // are 0644 while it runs (see the first test).
    const seen = new Set<string>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const entry of openToOthers(dataDir)) if (!entry.includes('pg_internal.init')) seen.add(entry);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const server = (await startServer({ ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '' })).child;
    try {
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      const stopped = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      watching = false;
      await watcher;
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    expect([...seen]).toEqual([]);
    expect(notOwnerOnly(dataDir)).toEqual([]);
    expect(entriesOf(dataDir).length).toBeGreaterThan(100);
  }, 90_000);

  it('made by a first start that fails (its port in use), is left owner-only, with one line naming the port', async () => {
    const dataDir = newDataDir();
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '', LOG_LEVEL: 'warn' };
      const { code, stderr } = await runToEnd('src/server.ts', [], env);
      expect(stderr).toBe(`error: port ${port} is in use on 127.0.0.1: stop what listens there, or choose another with PORT\n`);
      expect(code).toBe(1);
    } finally {
      blocker.close();
    }
    expect(notOwnerOnly(dataDir)).toEqual([]);
    expect(entriesOf(dataDir).length).toBeGreaterThan(100);
    expect(existsSync(path.join(dataDir, 'commerce-graph.lock'))).toBe(false);
  }, 90_000);
});
