// The embedded data directory holds the database's pages and write-ahead log: emails and birth
// dates in clear. It must be its owner's alone, also when an older version left it readable by
// every user of the machine, and so must every file the server writes there afterwards.
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers/server-process.js';

/** Every directory and file under `dir` (symbolic links left out), with `dir` itself first. */
const entriesOf = (dir: string) =>
  [dir, ...readdirSync(dir, { recursive: true }).map((name) => path.join(dir, String(name)))].filter((entry) => !lstatSync(entry).isSymbolicLink());

const modeOf = (entry: string) => statSync(entry).mode & 0o777;

// It runs its own server on its own directory: once is enough, in the PGlite project.
describe.runIf(process.env.TEST_DATABASE === 'pglite')('the embedded data directory', () => {
  it('is made owner-only at start (0700 directories, 0600 files), and what the server writes stays so', async () => {
    // A directory as an older version left it: a database in it, and everything readable by all.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-graph-modes-'));
    const older = new PGlite(dataDir);
    await older.query('SELECT 1');
    await older.close();
    for (const entry of entriesOf(dataDir)) chmodSync(entry, statSync(entry).isDirectory() ? 0o777 : 0o666);

    const port = 22_000 + (process.pid % 20_000);
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

    const open = entriesOf(dataDir).filter((entry) => (statSync(entry).isDirectory() ? modeOf(entry) !== 0o700 : modeOf(entry) !== 0o600));
    expect(open.map((entry) => `${path.relative(dataDir, entry) || '.'} ${modeOf(entry).toString(8)}`)).toEqual([]);
    expect(entriesOf(dataDir).length).toBeGreaterThan(100);
    rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);
});
