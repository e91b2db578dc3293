// The benchmark's databases: one of its own on the machine's PostgreSQL (a unique name, dropped at
// the end) and, for the PGlite scenario, a PGlite directory, both migrated by the project's own
// migrations and loaded with the same dataset (bench/dataset.ts), each with an API key.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadDataset } from './dataset.js';
import { runScript } from './processes.js';

const benchKeyScopes = 'read,write';

async function createApiKey(env: Record<string, string>, root: string): Promise<string> {
  const output = await runScript('scripts/apikey.ts', ['create', '--name', 'bench', '--scopes', benchKeyScopes], env, root);
  return output.trim().split('\n').at(-1)!;
}

export interface PostgresDatabase {
  name: string;
  url: string;
  apiKey: string;
  drop: () => Promise<void>;
}

export async function preparePostgres(adminUrl: string, root: string): Promise<PostgresDatabase> {
  const name = `commerce_graph_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const drop = async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  };
  try {
    await runScript('scripts/migrate-deploy.ts', [], { DATABASE_URL: url.toString() }, root);
    await loadDataset(url.toString());
    return { name, url: url.toString(), apiKey: await createApiKey({ DATABASE_URL: url.toString() }, root), drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

export interface PgliteDirectory {
  dataDir: string;
  apiKey: string;
  remove: () => void;
}

export async function preparePglite(root: string): Promise<PgliteDirectory> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-graph-bench-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '' };
  await runScript('bench/load-pglite.ts', [], env, root);
  return { dataDir, apiKey: await createApiKey(env, root), remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
