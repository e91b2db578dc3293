// The lock on PGlite's data directory names the process that holds it. A lock whose process is
// gone is taken over; so is one whose process id has since gone to another program (after a
// kill -9 or a reboot), which had kept the directory locked for good. A live server's holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, releaseDataDirLock } from '../src/data-dir-lock.js';

const children: ChildProcess[] = [];
const directories: string[] = [];

function lockedBy(command: string, args: string[]): string {
  const child = spawn(command, args, { stdio: 'ignore' });
  children.push(child);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-graph-lock-'));
  directories.push(dataDir);
  writeFileSync(path.join(dataDir, 'commerce-graph.lock'), JSON.stringify({ pid: child.pid, port: 4000 }), { mode: 0o600 });
  return dataDir;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('the data directory lock', () => {
  it('is taken over from a process id that another program has now', () => {
    const dataDir = lockedBy('sleep', ['30']);
    expect(() => acquireDataDirLock(dataDir)).not.toThrow();
    releaseDataDirLock(dataDir);
  });

  it('holds while a Node.js process that wrote it runs', () => {
    const dataDir = lockedBy(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    expect(() => acquireDataDirLock(dataDir)).toThrow(/is in use by process \d+ \(the server on port 4000\)/);
  });
});
