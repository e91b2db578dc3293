// A server or command that cannot go on ends with one line that says what went wrong and where
// (a path, a port, a role: configuration, not personal data) and a non-zero exit, never a stack
// trace and never a password. The port in use is in test/data-dir-permissions.test.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd } from './helpers/server-process.js';
import { freePort } from './helpers/free-port.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'commerce-graph-failures-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const port = await freePort();
const serverEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...process.env, DATABASE_URL: '', PORT: String(port), LOG_LEVEL: 'warn', ...extra });
const dataDirLine = (dataDir: string, problem: string) =>
  `error: cannot use the data directory ${dataDir} (DATA_DIR): ${problem}. ` +
  'Set DATA_DIR to a directory this user may write, or DATABASE_URL to use a PostgreSQL server.\n';

// None of these reaches a database: once, in the PGlite project.
describe.runIf(process.env.TEST_DATABASE === 'pglite')('one line for what went wrong', () => {
  it('names a DATA_DIR that is a file', async () => {
    const file = path.join(scratch, 'a-file');
    writeFileSync(file, '');
    const { code, stderr } = await runToEnd('src/server.ts', [], serverEnv({ DATA_DIR: file }));
    expect(stderr).toBe(dataDirLine(file, 'it exists and is not a directory'));
    expect(code).toBe(1);
  });

  it('names a DATA_DIR below a file', async () => {
    const file = path.join(scratch, 'another-file');
    writeFileSync(file, '');
    const dataDir = path.join(file, 'data');
    const { code, stderr } = await runToEnd('src/server.ts', [], serverEnv({ DATA_DIR: dataDir }));
    expect(stderr).toBe(dataDirLine(dataDir, 'a part of its path is a file, not a directory'));
    expect(code).toBe(1);
  });

  it('fails at once on a DATA_DIR that cannot be made (under /proc), rather than spinning', async () => {
    // Without PII_ENCRYPTION_KEY, as a new user starts it: the key file in DATA_DIR is made first.
    const { PII_ENCRYPTION_KEY: _, ...withoutKey } = serverEnv({ DATA_DIR: '/proc/commerce-graph-nope' });
    const { code, stderr } = await runToEnd('src/server.ts', [], withoutKey, 20_000);
    expect(stderr).toBe(dataDirLine('/proc/commerce-graph-nope', 'it cannot be created there'));
    expect(code).toBe(1);
  });

  it('names the data directory when its key file cannot be read', async () => {
    const dataDir = path.join(scratch, 'key-is-a-directory');
    mkdirSync(path.join(dataDir, 'pii.key'), { recursive: true, mode: 0o700 });
    const { PII_ENCRYPTION_KEY: _, ...withoutKey } = serverEnv({ DATA_DIR: dataDir });
    const { code, stderr } = await runToEnd('src/server.ts', [], withoutKey);
    expect(stderr).toBe(dataDirLine(dataDir, 'a file it keeps there (pii.key, the lock) is a directory'));
    expect(code).toBe(1);
  });

  // root may write anywhere: there is nothing to refuse it.
  it.skipIf(process.getuid?.() === 0)('names a DATA_DIR the user may not write', async () => {
    const closed = path.join(scratch, 'closed');
    mkdirSync(closed, { mode: 0o500 });
    const dataDir = path.join(closed, 'data');
    const { code, stderr } = await runToEnd('src/server.ts', [], serverEnv({ DATA_DIR: dataDir }));
    expect(stderr).toBe(dataDirLine(dataDir, 'permission denied'));
    expect(code).toBe(1);
  });

  it('says which levels LOG_LEVEL may name', async () => {
    const { code, stderr } = await runToEnd('src/server.ts', [], serverEnv({ DATA_DIR: 'memory://', LOG_LEVEL: 'loud' }));
    expect(stderr).toBe('error: LOG_LEVEL "loud" is not a level: use one of trace, debug, info, warn, error, fatal, silent\n');
    expect(code).toBe(1);
  });

  it('says what PORT may be', async () => {
    const { code, stderr } = await runToEnd('src/server.ts', [], serverEnv({ DATA_DIR: 'memory://', PORT: '99999' }));
    expect(stderr).toBe('error: PORT must be a whole number from 0 to 65535\n');
    expect(code).toBe(1);
  });

  it('says DATABASE_URL is not a URL, without quoting it', async () => {
    const { code, stderr } = await runToEnd('src/server.ts', [], serverEnv({ DATABASE_URL: 'postgresql://u:secret-word@127.0.0.1:notaport/db' }));
    expect(stderr).toBe('error: DATABASE_URL is not a URL: postgresql://user:password@host:5432/database\n');
    expect(code).toBe(1);
  });

  it('names the option a migration command does not know', async () => {
    const { code, stderr } = await runToEnd('scripts/migrate-create.ts', ['--bogus'], serverEnv({ DATA_DIR: path.join(scratch, 'unused') }));
    expect(stderr).toMatch(/^error: Unknown option '--bogus'/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(code).not.toBe(0);
  });

  it('prints the usage of an API-key command given an option it does not know', async () => {
    const { code, stdout, stderr } = await runToEnd('scripts/apikey.ts', ['create', '--bogus'], serverEnv({ DATA_DIR: path.join(scratch, 'unused') }));
    expect(stderr).toBe('usage: npm run apikey:create -- --name <label> [--scopes read,write,pii:read,admin]\n');
    expect(stdout).toBe('');
    expect(code).toBe(2);
    expect(existsSync(path.join(scratch, 'unused'))).toBe(false);
  });
});

describe.runIf(process.env.TEST_DATABASE === 'pglite')('npm run schema:print', () => {
  it('needs no database: it makes no data directory, and prints while a server holds one', async () => {
    const missing = path.join(scratch, 'never-made');
    const out = path.join(scratch, 'schema.graphql');
    const first = await runToEnd('scripts/print-schema.ts', [out], serverEnv({ DATA_DIR: missing }));
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(existsSync(missing)).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync('schema.graphql', 'utf8'));

    // A directory held by a live process (this one), as a running server holds it.
    const held = mkdtempSync(path.join(scratch, 'held-'));
    writeFileSync(path.join(held, 'commerce-graph.lock'), JSON.stringify({ pid: process.pid }));
    const second = await runToEnd('scripts/print-schema.ts', [out], serverEnv({ DATA_DIR: held }));
    expect(second).toMatchObject({ code: 0, stderr: '' });
  });
});

describe.runIf(process.env.TEST_DATABASE === 'postgres')('a PostgreSQL role the server refuses', () => {
  it('is named, with the database URL’s user and never its password', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.username = 'commerce_graph_no_such_role';
    url.password = 'not-to-be-shown';
    const expected =
      'error: authentication failed for the role "commerce_graph_no_such_role" of DATABASE_URL: ' +
      'the role does not exist on that server, or pg_hba.conf does not let it connect\n';
    const env = serverEnv({ DATABASE_URL: url.toString() });
    const [command, server] = await Promise.all([runToEnd('scripts/apikey.ts', ['list'], env), runToEnd('src/server.ts', [], env)]);
    for (const { code, stderr } of [command, server]) {
      expect(stderr).toBe(expected);
      expect(code).toBe(1);
    }
  });
});
