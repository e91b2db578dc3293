// The Prisma client: a module singleton on the driver adapter the configuration selects.
// PGlite (embedded PostgreSQL in DATA_DIR) by default; @prisma/adapter-pg when DATABASE_URL is set.
// The same migrations are applied to either at start, by connectDatabase().
//
// Nothing is opened when this module loads: the database (and PGlite's data directory) is opened
// by the first query or migration. Printing the schema (npm run schema:print) imports everything
// and needs no database; it must neither create DATA_DIR nor fail because a server holds it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { config } from './config.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { createPrivateDataDir, dataDirFailure, restrictToOwner } from './data-dir-permissions.js';
import { type Prisma, PrismaClient } from './generated/prisma/client.js';
import { copyPgliteTemplate, pgliteMemoryTemplate } from './pglite-template.js';
import { applyMigrations, type InTransaction } from './migrations/apply-migrations.js';
import { rememberFileSizes } from './pglite-file-sizes.js';
import { pglitePreparedReads, type PreparedRead } from './pglite-prepared.js';
import { pgliteTransactions } from './migrations/pglite-transactions.js';
import { rawResultTypes } from './raw-result-types.js';
import { type ReplicaCurrent, replicaFirst, replicaFirstAdapter } from './read-replica.js';
import { replicaLagGuard } from './replica-lag.js';
import { replicaMayServe } from './read-scope.js';

// Each adapter is imported only when it is the one in use: a server on PostgreSQL never loads PGlite.
interface Database {
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** A transaction on one connection of its own, for migrations (several statements at once). */
  inTransaction: InTransaction;
  close: () => Promise<void>;
  /** PostgreSQL's pool, which Prisma shares: reads prepared once per connection go through it. */
  pool?: import('pg').Pool;
  /** The pool's type parsers for a write sent past Prisma (runWrite): values as Prisma's raw queries give them. */
  writeTypes?: ReturnType<typeof rawResultTypes>;
  /** DATABASE_REPLICA_URL's: reads first, then the primary (src/read-replica.ts). */
  replica?: { factory: SqlDriverAdapterFactory; pool: import('pg').Pool; current: ReplicaCurrent };
  /** PGlite's: reads prepared once (src/pglite-prepared.ts). */
  preparedRead?: PreparedRead;
}

// PostgreSQL's settings for PGlite, over those of its data directory (postgresql.conf, left as
// initdb wrote it). shared_buffers: with initdb's 128 MB the process is resident for all of them
// from its first second on (PGlite's shared memory is WebAssembly memory: idle RSS 295 MB against
// 167 MB with 16 MB, PGlite alone); pages past these 16 MB are read again from the files, which
// the operating system keeps cached. random_page_cost: PostgreSQL's 4 is for disks that seek; PGlite's
// pages are in its buffers or the operating system's cache, and the planner's sequential scans of
// small tables, started again for every row of a subquery, each cost PGlite an lseek through
// JavaScript. With 1.1 (the usual figure for SSDs) the nested GraphQL read's subqueries use their
// indexes: 7.4 against 9.3 ms of CPU per statement, the same answer (2026-11-30).
const pgliteSettings = ['-c', 'shared_buffers=16MB', '-c', 'random_page_cost=1.1'];

async function createAdapterFactory(): Promise<Database> {
  if (config.databaseUrl) {
    const [{ PrismaPg }, { default: pg }] = await Promise.all([import('@prisma/adapter-pg'), import('pg')]);
    // Without a time-out, a request waits for ever on a database that accepts connections but does
    // not answer (lost behind the network) or on a pool that stays full: give up and answer 503.
    const connection = { connectionString: config.databaseUrl, connectionTimeoutMillis: config.databaseConnectTimeoutMs };
    const inTransaction: InTransaction = async (work) => {
      const client = new pg.Client(connection);
      await client.connect();
      try {
        await client.query('BEGIN');
        // Without parameters pg sends the simple query protocol, which takes several statements.
        const result = await work({
          script: async (sql) => void (await client.query(sql)),
          query: async <T>(sql: string, parameters?: unknown[]) => (await client.query(sql, parameters)).rows as T[],
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        await client.end();
      }
    };
    const pool = new pg.Pool(connection);
    // Prisma listens for the errors of idle connections only once it has connected.
    pool.on('error', () => {});
    let replica: Database['replica'];
    if (config.databaseReplicaUrl) {
      // A replica that stops answering (a frozen machine: nothing refused, nothing answered) would
      // hold each read, and the lag check, for ever: a query unanswered after the connection's
      // time-out fails, and replicaFirst sends the read to the primary and sets the replica aside.
      const replicaPool = new pg.Pool({ ...connection, connectionString: config.databaseReplicaUrl, query_timeout: config.databaseConnectTimeoutMs });
      replicaPool.on('error', () => {});
      // The primary's pool is the main client's to close: the replica client's adapter only borrows it.
      const current = replicaLagGuard({ replica: replicaPool, primary: pool }, config.databaseReplicaMaxLagMs);
      replica = {
        factory: replicaFirstAdapter(new PrismaPg(replicaPool, { disposeExternalPool: true }), new PrismaPg(pool), current),
        pool: replicaPool,
        current,
      };
    }
    return {
      factory: new PrismaPg(pool, { disposeExternalPool: true, statementNameGenerator: statementName }),
      inTransaction,
      close: async () => {},
      pool,
      writeTypes: rawResultTypes(pg.types),
      replica,
    };
  }
  const onDisk = config.dataDir !== 'memory://';
  if (onDisk) openDataDir(config.dataDir);
  // PGlite's WebAssembly (9 MB) compiles on other threads from the first moment, while this one
  // builds the schema (server.ts opens the database first): PGlite itself would start compiling
  // only once it is created.
  const wasmFile = path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm');
  const [pgliteModule, { PrismaPGlite }, pgliteWasmModule] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
    readFile(wasmFile).then((bytes) => WebAssembly.compile(bytes)),
  ]);
  const { PGlite } = pgliteModule;
  const template = pgliteMemoryTemplate(config.dataDir);
  const pglite = new PGlite(config.dataDir, {
    ...(template && { loadDataDir: template }),
    pgliteWasmModule,
    startParams: [...PGlite.defaultStartParams, ...pgliteSettings],
  });
  const close = async () => {
    await pglite.close();
    if (onDisk) restrictToOwner(config.dataDir);
  };
  // Before any query runs: a query waits for waitReady, after this.
  pglite.waitReady.then(
    () => rememberFileSizes(pglite.Module),
    () => {},
  );
  return { factory: new PrismaPGlite(pglite), inTransaction: pgliteTransactions(pglite), close, preparedRead: pglitePreparedReads(pglite, pgliteModule) };
}

/** Makes the data directory ready for PGlite: created, locked, owner-only, a new one from the template. */
function openDataDir(dataDir: string): void {
  try {
    createPrivateDataDir(dataDir);
    // The lock before the modes: another process may have the directory open and be writing it.
    acquireDataDirLock(dataDir);
    copyPgliteTemplate(dataDir);
    restrictToOwner(dataDir);
  } catch (error) {
    throw dataDirFailure(dataDir, error);
  }
  // PGlite writes its relation cache files 0644: whatever ends the process (a port in use after a
  // first start, an uncaught error), what it leaves is owner-only. Synchronous, as 'exit' requires.
  process.once('exit', () => {
    try {
      restrictToOwner(dataDir);
    } catch {
      // Nothing more can be done while exiting; the next start restricts it again.
    }
  });
}

let opened: Promise<Database> | undefined;
const database = () => (opened ??= createAdapterFactory());

export const databaseKind = config.databaseUrl ? 'postgresql' : 'pglite';

// Prisma asks the factory for a connection at the first query, not before.
const lazyFactory: SqlMigrationAwareDriverAdapterFactory = {
  provider: 'postgres',
  adapterName: databaseKind === 'postgresql' ? '@prisma/adapter-pg' : 'pglite-prisma-adapter',
  connect: async () => (await database()).factory.connect(),
  connectToShadowDb: async () => (await database()).factory.connectToShadowDb(),
};

// Query events cost a little on every statement: on only where statements are counted (the test
// suite, and /metrics when it is enabled).
const countStatements = config.metrics || !!process.env.VITEST;

type StatementListener = (sql: string) => void;
const statementListeners = new Set<StatementListener>();

function newClient(adapter: SqlDriverAdapterFactory): PrismaClient {
  const client = new PrismaClient({ adapter, log: countStatements ? [{ emit: 'event', level: 'query' }] : [] });
  if (countStatements) {
    client.$on('query' as never, (event: { query: string }) => {
      for (const listener of statementListeners) listener(event.query);
    });
  }
  return client;
}

/** The primary: every write, and every read that is not sent to the replica. */
export const prisma = newClient(lazyFactory);

// Reads on the replica, falling back to the primary: a client of its own, so that Prisma never
// batches a read of the primary's with one of the replica's.
const replicaClient = config.databaseReplicaUrl
  ? newClient({ provider: 'postgres', adapterName: '@prisma/adapter-pg', connect: async () => (await database()).replica!.factory.connect() })
  : undefined;

/**
 * The client for a read made now: the replica's when there is one and the read is part of a
 * request that has written nothing (src/read-scope.ts), otherwise the primary's.
 */
export function reader(): PrismaClient {
  return replicaClient && replicaMayServe() ? replicaClient : prisma;
}

// The write core's statements (writes/sql.ts: one text per shape of write, sent again and again)
// and the webhook dispatcher's claim, prepared by name on each connection of the primary:
// PostgreSQL parsed and planned a createLead's statement (its CTEs write the audit entry, the
// status history and the outbox) for about as much CPU as it ran it. The first texts get names,
// for good (a name must always stand for one text on a connection that has it); later ones run
// unnamed, as every other statement does. A prepared createLead statement holds about 0.6 MB of
// the backend's memory, so 64 of them at most about 40 MB per connection.
const maxPreparedWrites = 64;
const preparedWrites = new Map<string, string>();

/** Marks a write statement's text to be prepared by name; gives the text back. */
export function preparedWrite(sql: string): string {
  if (!preparedWrites.has(sql) && preparedWrites.size < maxPreparedWrites) preparedWrites.set(sql, `write_${preparedWrites.size}`);
  return sql;
}

/** The prepared name of a statement Prisma sends, or '' (node-postgres' unnamed statement) for any other. */
const statementName = (query: { sql: string }) => preparedWrites.get(query.sql) ?? '';

/**
 * Runs one statement of the write core and resolves with its rows, as `client.$queryRawUnsafe`
 * would. A statement that stands alone (`client` is the primary's client, not a transaction) goes
 * on PostgreSQL through node-postgres directly, on the pool Prisma shares and under the name
 * preparedWrite gave its text: Prisma's client took about 4% of the server's CPU for a
 * createLead's statement (serializing the parameters, its engine's request, mapping the rows
 * twice), for a statement whose text, parameters (text, JSON text, arrays of text) and rows
 * (src/raw-result-types.ts) node-postgres handles alike. Its errors are node-postgres' own
 * (a DatabaseError with the SQLSTATE), which src/database-error.ts reads as it reads Prisma's.
 */
export async function runWrite<Row>(client: Prisma.TransactionClient, sql: string, values: unknown[]): Promise<Row[]> {
  if (client !== prisma) return client.$queryRawUnsafe<Row[]>(sql, ...values);
  const { pool, writeTypes } = await database();
  if (!pool) return prisma.$queryRawUnsafe<Row[]>(sql, ...values);
  for (const listener of statementListeners) listener(sql);
  return (await pool.query({ name: preparedWrites.get(sql) ?? '', text: sql, values, types: writeTypes })).rows as Row[];
}

/** Calls `listener` with every SQL statement Prisma sends until the returned function is called. */
export function onSqlStatement(listener: StatementListener): () => void {
  statementListeners.add(listener);
  return () => statementListeners.delete(listener);
}

/**
 * Runs one read statement. With a name, it is prepared once per connection under that name (one
 * name for one text, always): on PostgreSQL a statement that builds a whole document is planned in
 * several milliseconds, run in less than one; PGlite's one session keeps it for the process's life
 * (src/pglite-prepared.ts). Prisma prepares none of its own. Without a name, PGlite runs it
 * through Prisma.
 */
export async function queryPrepared<Row>(name: string | undefined, sql: string, parameters: unknown[]): Promise<Row[]> {
  const { pool, replica, preparedRead } = await database();
  if (!pool) {
    if (!name || !preparedRead) return prisma.$queryRawUnsafe<Row[]>(sql, ...parameters);
    for (const listener of statementListeners) listener(sql);
    return preparedRead<Row>(name, sql, parameters);
  }
  for (const listener of statementListeners) listener(sql);
  const query = { name, text: sql, values: parameters };
  if (!replica || !replicaMayServe()) return (await pool.query(query)).rows as Row[];
  return replicaFirst(replica.current, async (on) => (await (on === 'replica' ? replica.pool : pool).query(query)).rows as Row[]);
}

/** Applies the pending migrations and resolves with the names of those it applied. */
export async function migrateDatabase(): Promise<string[]> {
  return applyMigrations((await database()).inTransaction);
}

let ready: Promise<string[]> | undefined;

/** Migrates once per process, however many callers wait for it. */
export function connectDatabase(): Promise<string[]> {
  ready ??= migrateDatabase();
  return ready;
}

/** Closes the database, if it was opened. */
export async function disconnectDatabase(): Promise<void> {
  if (replicaClient) await replicaClient.$disconnect();
  await prisma.$disconnect();
  if (opened) await (await opened).close();
}
