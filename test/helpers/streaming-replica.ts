// A PostgreSQL primary and a streaming replica of it, of the test's own: initdb, pg_basebackup -R,
// each on a free loopback port, in a directory under /tmp that the test removes. The server
// binaries come from Debian's /usr/lib/postgresql/<version>/bin. initdb refuses to run as root, so
// as root (CI) every command runs as the `postgres` user, which owns the directory.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);
const prefix = 'cg-replica-';

/** The directory of the newest PostgreSQL server binaries installed, or undefined when there are none. */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((version) => existsSync(path.join(root, version, 'bin', 'pg_basebackup')) && existsSync(path.join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

const asRoot = process.getuid?.() === 0;

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

export interface StreamingPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops the replica at once, as a crash or a lost machine would. */
  stopReplica(): Promise<void>;
  /**
   * Stops (SIGSTOP) or resumes (SIGCONT) every process of the replica's server, its postmaster and
   * the backends it started: a machine that stops answering without refusing anything.
   */
  freezeReplica(signal: 'SIGSTOP' | 'SIGCONT'): Promise<void>;
  /** Stops both and removes their directory. */
  remove(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startStreamingPair(bin: string): Promise<StreamingPair> {
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, name), ...args]) : run(path.join(bin, name), args);
  const stop = async (dataDir: string) => {
    await tool('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']).catch(() => {});
  };

  // What a test process killed before its clean-up left: its clusters still run.
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(prefix))) {
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (!pid || alive(pid)) continue;
    const left = path.join(tmpdir(), name);
    if (!statSync(left).isDirectory()) continue;
    await Promise.all(['primary', 'replica'].map((dataDir) => stop(path.join(left, dataDir))));
    rmSync(left, { recursive: true, force: true });
  }

  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}${process.pid}-`));
  if (asRoot) {
    const { uid, gid } = await postgresUser();
    chownSync(dir, uid, gid);
  }
  const primary = path.join(dir, 'primary');
  const replica = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const start = (dataDir: string, port: number) =>
    tool('pg_ctl', [
      'start',
      '-D',
      dataDir,
      '-w',
      '-t',
      '60',
      '-l',
      `${dataDir}.log`,
      // The socket in the test's directory: /var/run/postgresql belongs to the machine's server.
      '-o',
      `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=40 -c shared_buffers=16MB`,
    ]);
  try {
    // trust: initdb's pg_hba.conf then lets loopback connect, replication connections included.
    await tool('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    await start(primary, primaryPort);
    // -R: the copy starts as a standby that streams from the primary (standby.signal, primary_conninfo).
    await tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream', '--no-sync']);
    await start(replica, replicaPort);
  } catch (error) {
    await Promise.all([stop(replica), stop(primary)]);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = (port: number) => `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    primaryUrl: url(primaryPort),
    replicaUrl: url(replicaPort),
    stopReplica: () => stop(replica),
    async freezeReplica(signal) {
      const postmaster = Number(readFileSync(path.join(replica, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)]);
      const pids = [postmaster, ...stdout.split('\n').map(Number).filter(Boolean)];
      // The postmaster first on the way down (it starts no backend meanwhile), last on the way up.
      for (const pid of signal === 'SIGSTOP' ? pids : pids.reverse()) process.kill(pid, signal);
    },
    async remove() {
      await Promise.all([stop(replica), stop(primary)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
