import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { noFilters, readMigrationsFolder, schemaPath } from './migrations-folder.js';
import { withSchemaEngine } from './schema-engine.js';
import { stripSoftReferenceConstraints } from './soft-references.js';

/**
 * The SQL that would bring the migrations up to prisma/schema.prisma, or '' when they match.
 * The existing migrations are replayed into a throw-away in-memory PGlite (the engine uses it as
 * its shadow database) and diffed against the schema: no server and no native engine needed.
 */
export async function nextMigrationSql(): Promise<string> {
  const shadow = new PGlite();
  try {
    const migrationsList = await readMigrationsFolder();
    const schema = { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] };
    const { stdout } = await withSchemaEngine(new PrismaPGlite(shadow), (engine) =>
      engine.diff({
        from: migrationsList.migrationDirectories.length === 0 ? { tag: 'empty' } : { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', ...schema },
        script: true,
        exitCode: null,
        filters: noFilters,
      }),
    );
    const sql = stripSoftReferenceConstraints(stdout ?? '');
    // The engine says "-- This is an empty migration." when there is nothing to do.
    return /^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, '')) ? sql : '';
  } finally {
    await shadow.close();
  }
}
