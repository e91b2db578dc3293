// A new PGlite database starts from a template: the data directory PGlite's initdb makes, with the
// migrations of the last build applied, made by npm run build as dist/pglite-template/ (copied
// into an empty DATA_DIR before PGlite opens it) and as dist/pglite-template.tar.gz (loaded by an
// in-memory database, memory://). initdb inside WebAssembly takes 8-10 s and leaves the process at
// about 840 MB (WebAssembly memory never shrinks); loading the tarball into an empty directory took
// 1-2 s and left about 100 MB of it behind; a copied directory opens as any existing one. Without a
// template (no build yet) PGlite runs initdb as before; migrations newer than the template are
// applied at start as always.
//
// The template directory is owner-only (made so by the build) and copied with its modes: PGlite's
// own loadDataDir writes every file 0666 whatever the umask, and the data directory must be its
// owner's alone from the moment a file exists (src/data-dir-permissions.ts).
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './migrations/migrations-folder.js';

export const templateDir = path.join(projectRoot, 'dist', 'pglite-template');
export const templatePath = path.join(projectRoot, 'dist', 'pglite-template.tar.gz');

// PostgreSQL writes PG_VERSION into every data directory: without it, PGlite runs initdb.
const hasDatabase = (dir: string) => existsSync(dir) && readdirSync(dir).includes('PG_VERSION');

/**
 * Copies the template into `dataDir` when it holds no database yet and a template was built;
 * PG_VERSION last, so that a copy cut short is made again at the next start rather than opened.
 */
export function copyPgliteTemplate(dataDir: string): void {
  if (hasDatabase(dataDir) || !hasDatabase(templateDir)) return;
  const version = path.join(templateDir, 'PG_VERSION');
  cpSync(templateDir, dataDir, { recursive: true, filter: (source) => source !== version });
  copyFileSync(version, path.join(dataDir, 'PG_VERSION'));
}

/** The template an in-memory database (memory://) starts from, when one was built. */
export function pgliteMemoryTemplate(dataDir: string): Blob | undefined {
  if (dataDir !== 'memory://' || !existsSync(templatePath)) return undefined;
  return new Blob([readFileSync(templatePath)]);
}
