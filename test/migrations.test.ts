// Migrations: applied at start, idempotent, in step with prisma/schema.prisma, and with foreign
// keys for every strict relation but none for the soft references.
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { connectDatabase, migrateDatabase, prisma } from '../src/db.js';
import { migrationsDir } from '../src/migrations/migrations-folder.js';
import { nextMigrationSql } from '../src/migrations/next-migration.js';
import { softReferenceConstraints } from '../src/migrations/soft-references.js';
import { slowTestTimeout } from './helpers/timeouts.js';

describe('migrations', { timeout: slowTestTimeout }, () => {
  it('were all applied at start, recorded as prisma migrate deploy records them', async () => {
    const folders = (await readdir(migrationsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    // On PGlite a new database starts from a template with them applied (src/pglite-template.ts).
    await connectDatabase();
    const rows = await prisma.$queryRaw<{ migration_name: string; finished_at: Date | null; checksum: string }[]>`
      SELECT migration_name, finished_at, checksum FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((row) => row.migration_name)).toEqual(folders.sort());
    expect(rows.every((row) => row.finished_at !== null && /^[0-9a-f]{64}$/.test(row.checksum))).toBe(true);
  });

  it('apply nothing the second time', async () => {
    await connectDatabase();
    expect(await migrateDatabase()).toEqual([]);
  });

  it('match prisma/schema.prisma (run `npm run db:migrate -- --name x` after editing it)', async () => {
    expect(await nextMigrationSql()).toBe('');
  });

  it('give every strict relation a foreign key and the soft references none', async () => {
    const rows = await prisma.$queryRaw<{ conname: string }[]>`SELECT conname FROM pg_constraint WHERE contype = 'f'`;
    const names = rows.map((row) => row.conname);
    expect(names).toEqual(expect.arrayContaining(['Lead_salesRepId_fkey', 'Lead_consumerId_fkey', 'Address_cityStateCode_cityName_fkey']));
    for (const soft of softReferenceConstraints) expect(names).not.toContain(soft);
  });
});
