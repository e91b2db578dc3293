// `npm run db:migrate -- --name <name>`: writes the next migration from the edited
// prisma/schema.prisma. The previous migrations are replayed into a throw-away in-memory PGlite
// (the engine uses it as its shadow database), then diffed against the schema, so no server and
// no native engine are needed.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import {
  lockfileContent,
  migrationsDir,
  noFilters,
  readMigrationsFolder,
  schemaPath,
} from '../src/migrations/migrations-folder.js';
import { withSchemaEngine } from '../src/migrations/schema-engine.js';
import { stripSoftReferenceConstraints } from '../src/migrations/soft-references.js';

const { values } = parseArgs({ options: { name: { type: 'string' } } });
const name = (values.name ?? '').trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
if (!name) {
  console.error('usage: npm run db:migrate -- --name <what_changed>');
  process.exit(2);
}

const shadow = new PGlite();
const migrationsList = await readMigrationsFolder();
const schema = { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] };
const { stdout } = await withSchemaEngine(new PrismaPGlite(shadow), (engine) =>
  engine.diff({
    from:
      migrationsList.migrationDirectories.length === 0
        ? { tag: 'empty' }
        : { tag: 'migrations', ...migrationsList },
    to: { tag: 'schemaDatamodel', ...schema },
    script: true,
    exitCode: null,
    filters: noFilters,
  }),
);
await shadow.close();

const sql = stripSoftReferenceConstraints(stdout ?? '');
if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ''))) {
  console.log('The schema matches the migrations: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(folder, { recursive: true });
await writeFile(path.join(folder, 'migration.sql'), sql.endsWith('\n') ? sql : `${sql}\n`);
await writeFile(path.join(migrationsDir, 'migration_lock.toml'), lockfileContent);
console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
