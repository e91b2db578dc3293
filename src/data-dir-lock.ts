// PGlite is PostgreSQL in one process: two processes opening the same data directory would each
// keep their own copy of the pages and overwrite each other. The process that opens DATA_DIR
// writes a lock file there; another that finds a live owner is refused (or, for the API-key
// commands, talks to the running server instead). A lock left by a killed process is taken over.
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface LockInfo {
  pid: number;
  /** Set by the server once it listens, with a token for local administration (mode 0600 file). */
  port?: number;
  adminToken?: string;
}

const lockFile = (dataDir: string) => path.join(dataDir, 'commerce-graph.lock');

/**
 * Whether the process that wrote the lock still runs. After a kill -9 or a reboot its id may have
 * gone to another program: where the system tells (Linux's /proc), a process that is not Node.js
 * is not the one that wrote the lock.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0];
    return path.basename(command).startsWith('node') || command === process.execPath;
  } catch {
    return true; // no /proc here (or not ours to read): the process id is all there is to go by
  }
}

/** The live owner of the data directory, if another process has it open. */
export function dataDirOwner(dataDir: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as LockInfo;
    return info.pid !== process.pid && isAlive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(dataDir: string): void {
  // Creating the file is the lock (exclusive, 'wx'); a file left by a dead process is removed and
  // creating tried once more, so two processes starting together cannot both take it.
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = openSync(lockFile(dataDir), 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid } satisfies LockInfo));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = dataDirOwner(dataDir);
      if (owner || attempt > 0) {
        throw new Error(
          `${dataDir} is in use by process ${owner?.pid ?? 'another process'}${owner?.port ? ` (the server on port ${owner.port})` : ''}: ` +
            'PGlite allows one process per data directory. Stop it first, or use DATABASE_URL for a PostgreSQL server.',
        );
      }
      rmSync(lockFile(dataDir), { force: true });
    }
  }
  process.once('exit', () => releaseDataDirLock(dataDir));
}

export function updateDataDirLock(dataDir: string, info: Omit<LockInfo, 'pid'>): void {
  writeFileSync(lockFile(dataDir), JSON.stringify({ pid: process.pid, ...info }), { mode: 0o600 });
}

export function releaseDataDirLock(dataDir: string): void {
  try {
    const info = JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as LockInfo;
    if (info.pid === process.pid) rmSync(lockFile(dataDir), { force: true });
  } catch {
    // already gone
  }
}
