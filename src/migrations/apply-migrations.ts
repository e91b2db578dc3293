import { createHash } from 'node:crypto';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { noFilters, readMigrationsFolder } from './migrations-folder.js';
import { withSchemaEngine } from './schema-engine.js';

/** A migration `_prisma_migrations` records as applied: its folder name and the sha256 of its SQL. */
export interface AppliedMigration {
  name: string;
  checksum: string;
}

/**
 * Applies every pending migration in prisma/migrations, as `prisma migrate deploy` would. The
 * schema engine (WebAssembly: hundreds of megabytes and seconds to load) is loaded only when
 * something is pending: `applied` tells what the database has, or undefined when it has no
 * migrations table yet.
 */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  applied: () => Promise<AppliedMigration[] | undefined>,
): Promise<string[]> {
  const migrationsList = await readMigrationsFolder();
  const done = await applied();
  const isApplied = (folder: (typeof migrationsList.migrationDirectories)[number]) => {
    const sql = folder.migrationFile.content.tag === 'ok' ? folder.migrationFile.content.value : '';
    const checksum = createHash('sha256').update(sql).digest('hex');
    return done?.some((migration) => migration.name === folder.path && migration.checksum === checksum);
  };
  if (done && migrationsList.migrationDirectories.every(isApplied)) return [];
  return withSchemaEngine(adapterFactory, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return appliedMigrationNames;
  });
}
