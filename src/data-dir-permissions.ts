// PGlite's data directory holds the database's pages and write-ahead log: emails, phone numbers and
// birth dates in clear. PGlite writes it 0666 (readable by every user of the machine) and older
// versions of this server left it so. Before PGlite opens it, the directory becomes its owner's
// alone: 0700 directories and 0600 files, what exists included, and a umask of 077 keeps every
// file the process creates afterwards so. A new directory is unpacked from the template by this
// server, not by PGlite (src/pglite-template.ts), so its files are 0600 from the moment they exist.
// PGlite still writes its relation cache files (pg_internal.init, catalog entries, no rows) 0644
// whatever the umask: the directory's own 0700 keeps other users out of them while the server
// runs, and they are made 0600 when the process exits, however it exits.
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Makes the directory and everything in it its owner's alone. */
export function restrictToOwner(dir: string): void {
  const entries = [dir, ...readdirSync(dir, { recursive: true }).map((name) => path.join(dir, String(name)))];
  for (const entry of entries) {
    const stat = lstatSync(entry, { throwIfNoEntry: false });
    // A link's own mode means nothing, and chmod would change what it points to.
    if (!stat || stat.isSymbolicLink()) continue;
    const mode = stat.isDirectory() ? 0o700 : 0o600;
    // Most are so already (a data directory holds a thousand files and more): no call for those.
    if ((stat.mode & 0o777) !== mode) chmodSync(entry, mode);
  }
}

/**
 * Makes `dir` and the parents it lacks, one level at a time. Node's own mkdirSync(recursive) never
 * returns where mkdir fails with ENOENT although the parent exists (DATA_DIR=/proc/x): it makes the
 * parent again and again at full CPU. Here each level is tried once more at most.
 */
function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    makeDirectory(parent);
    mkdirSync(dir, { mode: 0o700 });
  }
}

/**
 * Creates the data directory if need be, owner-only, and makes what this process creates
 * owner-only. Throws the one-line failure of dataDirFailure.
 */
export function createPrivateDataDir(dataDir: string): void {
  process.umask(0o077);
  try {
    makeDirectory(dataDir);
  } catch (error) {
    throw dataDirFailure(dataDir, error);
  }
}

const problems: Record<string, string> = {
  EEXIST: 'it exists and is not a directory',
  ENOTDIR: 'a part of its path is a file, not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'it cannot be created there',
  EROFS: 'it is on a read-only file system',
  ENOSPC: 'no space left on the device',
  EISDIR: 'a file it keeps there (pii.key, the lock) is a directory',
};

/**
 * The failure to prepare the data directory as one line an operator can act on: the path, what
 * went wrong, and where (a path is not personal data). Errors that are not the file system's pass
 * through.
 */
export function dataDirFailure(dataDir: string, failure: unknown): unknown {
  const error = failure as NodeJS.ErrnoException;
  if (!(failure instanceof Error) || !error.code || !error.syscall) return failure;
  const where = error.path && error.path !== dataDir ? ` (${error.syscall} ${error.path})` : '';
  return new Error(
    `cannot use the data directory ${dataDir} (DATA_DIR): ${problems[error.code] ?? error.code}${where}. ` +
      'Set DATA_DIR to a directory this user may write, or DATABASE_URL to use a PostgreSQL server.',
  );
}
