// The Prisma client: a module singleton on the driver adapter the configuration selects.
// PGlite (embedded PostgreSQL in DATA_DIR) by default; @prisma/adapter-pg when DATABASE_URL is set.
// The same migrations are applied to either at start, by connectDatabase().
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { config } from './config.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { createPrivateDataDir, restrictToOwner } from './data-dir-permissions.js';
import { PrismaClient } from './generated/prisma/client.js';
import { applyMigrations } from './migrations/apply-migrations.js';

// Each adapter is imported only when it is the one in use: a server on PostgreSQL never loads PGlite.
async function createAdapterFactory(): Promise<{ factory: SqlMigrationAwareDriverAdapterFactory; close: () => Promise<void> }> {
  if (config.databaseUrl) {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    return { factory: new PrismaPg({ connectionString: config.databaseUrl }), close: async () => {} };
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

/** Applies the pending migrations and resolves with the names of those it applied. */
export function migrateDatabase(): Promise<string[]> {
  return applyMigrations(adapter.factory);
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
