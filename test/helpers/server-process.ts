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
