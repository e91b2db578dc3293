// A new PGlite database starts from a template: the data directory PGlite's initdb makes, with the
// migrations of the last build applied, kept as a tarball (dist/pglite-template.tar.gz, made by
// npm run build). initdb inside WebAssembly takes 8-10 s and leaves the process at about 840 MB
// (WebAssembly memory never shrinks); loading the template takes 1-2 s and about 370 MB. Without
// a template (no build yet) PGlite runs initdb as before; migrations newer than the template are
// applied at start as always.
//
// On disk the template is unpacked here rather than by PGlite (its loadDataDir): PGlite writes
// every file 0666 whatever the umask, and the data directory must be its owner's alone from the
// moment a file exists (src/data-dir-permissions.ts). In memory (memory://) PGlite loads it.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { projectRoot } from './migrations/migrations-folder.js';

export const templatePath = path.join(projectRoot, 'dist', 'pglite-template.tar.gz');

/** Whether `dataDir` holds no database yet: PostgreSQL's PG_VERSION is what says one is there. */
const holdsNoDatabase = (dataDir: string) => !existsSync(dataDir) || !readdirSync(dataDir).includes('PG_VERSION');

/** The template to load into an in-memory database, when a template was built. */
export function pgliteTemplate(dataDir: string): Blob | undefined {
  if (dataDir !== 'memory://' || !existsSync(templatePath)) return undefined;
  return new Blob([readFileSync(templatePath)]);
}

interface TarEntry {
  name: string;
  type: string;
  data: Buffer;
}

/** The entries of a ustar archive (what PGlite's dumpDataDir writes): regular files and directories. */
function* tarEntries(archive: Buffer): Generator<TarEntry> {
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) return;
    const field = (start: number, length: number) => header.toString('latin1', start, start + length).replace(/\0[\s\S]*$/, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const prefix = field(257, 5) === 'ustar' ? field(345, 155) : '';
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    yield { name, type: field(156, 1) || '0', data: archive.subarray(offset + 512, offset + 512 + size) };
    offset += 512 + Math.ceil(size / 512) * 512;
  }
}

/**
 * Unpacks the template into `dataDir` (which exists, owner-only) when it holds no database yet and
 * a template was built; returns whether it did. Directories are made 0700 and files 0600 as they
 * are created. PG_VERSION comes last, so an unpacking cut short (a kill) is done again at the next
 * start rather than taken for a database.
 */
export function unpackTemplate(dataDir: string): boolean {
  if (!holdsNoDatabase(dataDir) || !existsSync(templatePath)) return false;
  const files: TarEntry[] = [];
  for (const entry of tarEntries(gunzipSync(readFileSync(templatePath)))) {
    // The leading "/" keeps a "../" in a name inside the directory.
    const target = path.join(dataDir, path.normalize(`/${entry.name}`));
    if (entry.type === '5') mkdirSync(target, { recursive: true, mode: 0o700 });
    else if (entry.type === '0') files.push({ ...entry, name: target });
    else throw new Error(`the PGlite template holds an entry of type ${entry.type}: rebuild it (npm run build)`);
  }
  files.sort((a, b) => Number(path.basename(a.name) === 'PG_VERSION') - Number(path.basename(b.name) === 'PG_VERSION'));
  for (const file of files) {
    mkdirSync(path.dirname(file.name), { recursive: true, mode: 0o700 });
    // A file left by an unpacking cut short is replaced, never written through (it is ours alone).
    rmSync(file.name, { force: true });
    writeFileSync(file.name, file.data, { mode: 0o600, flag: 'wx' });
  }
  return true;
}
