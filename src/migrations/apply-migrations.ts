// Applies prisma/migrations at start, as `prisma migrate deploy` would, keeping `_prisma_migrations`
// as it does (same table, same rows, sha256 checksums), so the Prisma CLI can take over the same
// database. The migrations are plain SQL, so this runs them itself rather than through Prisma's
// schema engine: the WebAssembly engine costs seconds and about 400 MB to load, which made a
// first start on an empty PGlite directory take 16 s and 850 MB (it is still what writes new
// migrations: npm run db:migrate).
//
// Unlike migrate deploy, the pending migrations are applied in one transaction: one that fails
// leaves nothing behind, not a half-applied migration to resolve by hand. Concurrent starts (two
// replicas) wait for each other on the advisory lock migrate deploy takes.
import { createHash, randomUUID } from 'node:crypto';
import { readMigrationsFolder } from './migrations-folder.js';

/** One connection inside one transaction. */
export interface MigrationSession {
  /** Runs SQL of several statements. */
  script(sql: string): Promise<void>;
  query<T>(sql: string, parameters?: unknown[]): Promise<T[]>;
}

/** Runs `work` in a transaction of its own, on one connection. */
export type InTransaction = <T>(work: (session: MigrationSession) => Promise<T>) => Promise<T>;

// The advisory lock `prisma migrate` takes, so that it and this never migrate at the same time.
const migrateLock = 72707369;

// Prisma's own definition of its table (schema engine, PostgreSQL).
const migrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Applies every pending migration; resolves with the names of those it applied, in order. */
export async function applyMigrations(inTransaction: InTransaction): Promise<string[]> {
  const { migrationDirectories } = await readMigrationsFolder();
  return inTransaction(async (session) => {
    await session.query(`SELECT pg_advisory_xact_lock(${migrateLock})`);
    await session.script(migrationsTable);
    const recorded = await session.query<{ name: string; finished: boolean }>(
      'SELECT migration_name AS name, finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL',
    );
    const unfinished = recorded.find((migration) => !migration.finished);
    if (unfinished) {
      throw new Error(
        `migration ${unfinished.name} failed earlier (a Prisma CLI run recorded it so): resolve it with \`prisma migrate resolve\`, then run it again`,
      );
    }
    const applied = new Set(recorded.map((migration) => migration.name));
    const names: string[] = [];
    for (const { path: name, migrationFile } of migrationDirectories) {
      if (applied.has(name) || migrationFile.content.tag !== 'ok') continue;
      const sql = migrationFile.content.value;
      const id = randomUUID();
      const checksum = createHash('sha256').update(sql).digest('hex');
      await session.query('INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ($1, $2, $3)', [id, checksum, name]);
      await session.script(sql);
      await session.query('UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
      names.push(name);
    }
    return names;
  });
}
