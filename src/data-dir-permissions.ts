// PGlite's data directory holds the database's pages and write-ahead log: emails, phone numbers and
// birth dates in clear. PGlite writes it 0666 (readable by every user of the machine) and older
// versions of this server left it so. Before PGlite opens it, the directory becomes its owner's
// alone: 0700 directories and 0600 files, what exists included, and a umask of 077 keeps every
// file the process creates afterwards so. PGlite still writes its relation cache files
// (pg_internal.init, catalog entries, no rows) 0644 whatever the umask: the directory's own 0700
// keeps other users out of them while the server runs, and they are made 0600 when it stops.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
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

/** Creates the data directory if need be, owner-only, and makes what this process creates owner-only. */
export function createPrivateDataDir(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}
