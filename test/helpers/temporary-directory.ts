// Temporary data directories for the tests that start servers: a PGlite directory is about 40 MB,
// and a suite that leaves one per run fills /tmp.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A fresh path in the system's temporary directory, not made yet: the server makes it. So a test
 * file whose tests do not run in this project (the other database) leaves nothing behind.
 */
export function temporaryPath(prefix: string): string {
  return path.join(tmpdir(), `${prefix}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Kills the server if it still runs, waits for its end (it may be writing there), and removes `dir`. */
export async function stopAndRemove(child: ChildProcess | undefined, dir: string): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
