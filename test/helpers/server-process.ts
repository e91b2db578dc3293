// The real server in a process of its own, from the sources through tsx as `npm run dev` runs it,
// for tests of what only a process shows: signals, kill -9, its log, its files. The bundle `npm start`
// runs is tested by test/built-server.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it has written so far, stdout and stderr. */
  output(): string;
}

/**
 * Starts the server with `env` and resolves once it listens. It runs node itself, not the tsx
 * wrapper, so that signals (SIGTERM, SIGKILL) reach the process that holds the database; its log is
 * at info, the level that says it listens.
 */
export function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('commerce-graph on')) resolve({ child, output: () => output });
      });
    }
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${output.slice(-500)}`)));
  });
}

export interface Finished {
  /** The exit code, or null when it was killed for running past its time. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a file of this repository (the server, a script) through tsx to its end, or kills it after
 * `timeoutMilliseconds` (a process that should have failed at once and spins instead).
 */
export function runToEnd(file: string, args: string[], env: NodeJS.ProcessEnv, timeoutMilliseconds = 60_000): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMilliseconds);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
