// A new PGlite database starts from a template: the data directory PGlite's initdb makes, with the
// migrations of the last build applied, kept as a tarball (dist/pglite-template.tar.gz, made by
// npm run build). initdb inside WebAssembly takes 8-10 s and leaves the process at about 840 MB
// (WebAssembly memory never shrinks); loading the template takes 1-2 s and about 370 MB. Without
// a template (no build yet) PGlite runs initdb as before; migrations newer than the template are
// applied at start as always.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './migrations/migrations-folder.js';

export const templatePath = path.join(projectRoot, 'dist', 'pglite-template.tar.gz');

/** The template to start `dataDir` from, when it holds no database yet and a template was built. */
export function pgliteTemplate(dataDir: string): Blob | undefined {
  const empty = dataDir === 'memory://' || !existsSync(dataDir) || !readdirSync(dataDir).includes('PG_VERSION');
  if (!empty || !existsSync(templatePath)) return undefined;
  return new Blob([readFileSync(templatePath)]);
}
