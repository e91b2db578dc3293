// `npm run db:migrate -- --name <name>`: writes the next migration from the edited
// prisma/schema.prisma into prisma/migrations, in Prisma's standard layout.
import '../src/one-line-failures.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lockfileContent, migrationsDir } from '../src/migrations/migrations-folder.js';
import { nextMigrationSql } from '../src/migrations/next-migration.js';

const { values } = parseArgs({ options: { name: { type: 'string' } } });
const name = (values.name ?? '')
  .trim()
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, '_')
  .replace(/^_|_$/g, '');
if (!name) {
  console.error('usage: npm run db:migrate -- --name <what_changed>');
  process.exit(2);
}

const sql = await nextMigrationSql();
if (!sql) {
  console.log('The schema matches the migrations: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(folder, { recursive: true });
await writeFile(path.join(folder, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
await writeFile(path.join(migrationsDir, 'migration_lock.toml'), lockfileContent);
console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
process.exit(0);
