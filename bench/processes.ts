// Starting the processes under test: a free port for each (probed, not fixed, so runs and other
// engineers' servers do not collide), and ready once /health answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePortIn } from '../scripts/free-port.js';

/**
 * The Node options `npm start` runs the server with (package.json's start script, the one place
 * they are written), before dist/server.js: a benchmark measures the server as it is run.
 */
export function startOptions(root: string): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = scripts.start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('dist/server.js'));
}

/** `node` arguments that start the production build as `npm start` does. */
export const serverArgs = (root: string): string[] => [...startOptions(root), 'dist/server.js'];

/**
 * What every benchmarked server runs with: production mode, no log, no rate limits, loopback, a
 * fresh field-encryption key. A benchmark adds its own (DATABASE_URL, ...).
 */
export const benchServerEnv = (): Record<string, string> => ({
  NODE_ENV: 'production',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_PER_KEY: '0',
  RATE_LIMIT_PER_ADDRESS: '0',
  HOST: '127.0.0.1',
  PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
});

export interface Started {
  child: ChildProcess;
  pid: number;
  port: number;
}

/** Runs `node <args>` with PORT set to a free port, and resolves once GET /health answers 200. */
export async function startNode(args: string[], env: Record<string, string>, cwd: string): Promise<Started> {
  // BENCH_PORTS=<first>-<last>: a range of one's own on a machine shared by engineers.
  const port = await freePortIn('BENCH_PORTS');
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (let waited = 0; waited < 120_000; waited += 200) {
    if (exited !== undefined) throw new Error(`node ${args.join(' ')} exited with ${exited}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { child, pid: child.pid!, port };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`node ${args.join(' ')} did not answer /health within 2 minutes`);
}

export async function stop(started: Started) {
  if (started.child.exitCode !== null) return;
  const exited = once(started.child, 'exit');
  started.child.kill('SIGTERM');
  await exited;
}

/** Runs a TypeScript script (a loader or a command, not a process under test) and returns its stdout. */
export function runScript(script: string, args: string[], env: Record<string, string>, cwd: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)))),
  );
}
