// The Prisma client: a module singleton on the driver adapter the configuration selects.
// PGlite (embedded PostgreSQL in DATA_DIR) by default; @prisma/adapter-pg when DATABASE_URL is set.
// The same migrations are applied to either at start, by connectDatabase().
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { config } from './config.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { createPrivateDataDir, restrictToOwner } from './data-dir-permissions.js';
import { PrismaClient } from './generated/prisma/client.js';
import { applyMigrations, type AppliedMigration } from './migrations/apply-migrations.js';

// Each adapter is imported only when it is the one in use: a server on PostgreSQL never loads PGlite.
async function createAdapterFactory(): Promise<{ factory: SqlMigrationAwareDriverAdapterFactory; close: () => Promise<void> }> {
  if (config.databaseUrl) {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    // Without a time-out, a request waits for ever on a database that accepts connections but does
    // not answer (lost behind the network) or on a pool that stays full: give up and answer 503.
    const factory = new PrismaPg({ connectionString: config.databaseUrl, connectionTimeoutMillis: config.databaseConnectTimeoutMs });
    return { factory, close: async () => {} };
  }
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import('@electric-sql/pglite'), import('pglite-prisma-adapter')]);
  const onDisk = config.dataDir !== 'memory://';
  if (onDisk) {
    createPrivateDataDir(config.dataDir);
    // The lock before the modes: another process may have the directory open and be writing it.
    acquireDataDirLock(config.dataDir);
    restrictToOwner(config.dataDir);
  }
  const pglite = new PGlite(config.dataDir);
  const close = async () => {
    await pglite.close();
    if (onDisk) restrictToOwner(config.dataDir);
  };
  return { factory: new PrismaPGlite(pglite), close };
}

const adapter = await createAdapterFactory();

export const databaseKind = config.databaseUrl ? 'postgresql' : 'pglite';

// Query events cost a little on every statement: on only where statements are counted (the test
// suite, and /metrics when it is enabled).
const countStatements = config.metrics || !!process.env.VITEST;

export const prisma = new PrismaClient({
  adapter: adapter.factory,
  log: countStatements ? [{ emit: 'event', level: 'query' }] : [],
});

type StatementListener = (sql: string) => void;
const statementListeners = new Set<StatementListener>();
if (countStatements) {
  prisma.$on('query' as never, (event: { query: string }) => {
    for (const listener of statementListeners) listener(event.query);
  });
}

/** Calls `listener` with every SQL statement Prisma sends until the returned function is called. */
export function onSqlStatement(listener: StatementListener): () => void {
  statementListeners.add(listener);
  return () => statementListeners.delete(listener);
}

/** The migrations the database records as applied; undefined before the first. */
async function appliedMigrations(): Promise<AppliedMigration[] | undefined> {
  const [{ exists }] = await prisma.$queryRawUnsafe<{ exists: boolean }[]>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`);
  if (!exists) return undefined;
  return prisma.$queryRawUnsafe<AppliedMigration[]>(
    `SELECT migration_name AS name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
}

/** Applies the pending migrations and resolves with the names of those it applied. */
export function migrateDatabase(): Promise<string[]> {
  return applyMigrations(adapter.factory, appliedMigrations);
}

let ready: Promise<string[]> | undefined;

/** Migrates once per process, however many callers wait for it. */
export function connectDatabase(): Promise<string[]> {
  ready ??= migrateDatabase();
  return ready;
}

export async function disconnectDatabase(): Promise<void> {
  await prisma.$disconnect();
  await adapter.close();
}
