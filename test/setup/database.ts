// Runs before each test file, before the application is imported: points src/db.ts at a clean
// database. PGlite: a new in-memory instance. PostgreSQL: a database of this file's own, created
// afresh on the server of TEST_DATABASE_URL, so files can run in parallel without sharing rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

const adminUrl = process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/test';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

if (process.env.TEST_DATABASE === 'postgres') {
  const name = `commerce_graph_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Databases left by test processes that died before their clean-up ran.
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'commerce_graph_test_%'`);
  for (const { datname } of rows) {
    const pid = Number(/^commerce_graph_test_(\d+)_/.exec(datname)?.[1]);
    if (pid && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
  }
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();

  afterAll(async () => {
    const { disconnectDatabase } = await import('../../src/db.js');
    await disconnectDatabase().catch(() => {});
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  });
} else {
  delete process.env.DATABASE_URL;
  process.env.DATA_DIR = 'memory://';
}

beforeAll(async () => {
  const { connectDatabase } = await import('../../src/db.js');
  await connectDatabase();
});
