// Resident memory of the server under the nested GraphQL read, with Node options against each
// other in interleaved rounds: `npx tsx bench/memory.ts --options= --options=--max-semi-space-size=2`
// (words without a leading -- are environment variables: `--options=MALLOC_ARENA_MAX=2`).
// Each round starts the server afresh with the options, loads it for --seconds with 10 clients and
// samples /proc/<pid>/status every 250 ms, and at the end of the load the server's own figures
// (/metrics: V8's heap in use and reserved, memory outside it). Figures printed, nothing written.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { preparePostgres } from './databases.js';
import { benchServerEnv, startNode, stop } from './processes.js';
import { rssMegabytes } from './proc.js';
import { nestedGraphql } from './scenarios/nested-graphql.js';

const { values } = parseArgs({
  options: { options: { type: 'string', multiple: true, default: [''] }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '8' } },
});
const root = process.cwd();
const database = await preparePostgres(process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test', root);
const serverEnv = { ...benchServerEnv(), METRICS_ENABLED: 'true' };
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
try {
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const options of values.options) {
      // Words with = but no leading -- are the environment's (MALLOC_ARENA_MAX=2), the others Node's.
      const words = options.split(' ').filter(Boolean);
      const env = Object.fromEntries(words.filter((word) => !word.startsWith('--')).map((word) => word.split('=')));
      const server = await startNode(
        [...words.filter((word) => word.startsWith('--')), 'dist/server.js'],
        { ...serverEnv, ...env, DATABASE_URL: database.url },
        root,
      );
      const idle = rssMegabytes(server.pid);
      const request = nestedGraphql.serverRequest(database.apiKey);
      const samples: number[] = [];
      let served = 0;
      const until = Date.now() + Number(values.seconds) * 1000;
      const sampler = setInterval(() => samples.push(rssMegabytes(server.pid)), 250);
      await Promise.all(
        Array.from({ length: nestedGraphql.connections }, async () => {
          while (Date.now() < until) {
            const response = await fetch(`http://127.0.0.1:${server.port}${request.path}`, {
              method: request.method,
              headers: request.headers,
              body: request.body,
            });
            await response.arrayBuffer();
            served += 1;
          }
        }),
      );
      clearInterval(sampler);
      const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
      const figure = (name: string) => (Number(new RegExp(`^${name} (\\d+)`, 'm').exec(metrics)?.[1]) / 2 ** 20).toFixed(0);
      const heap = `heap used ${figure('nodejs_heap_used_bytes')} of ${figure('nodejs_heap_total_bytes')} MB, outside the heap ${figure('nodejs_external_memory_bytes')} MB`;
      await stop(server);
      const line = `idle ${idle.toFixed(0)} MB, under load max ${Math.max(...samples).toFixed(0)} MB, median ${median(samples).toFixed(0)} MB, ${(served / Number(values.seconds)).toFixed(0)} req/s, ${heap}, load ${os.loadavg()[0].toFixed(2)}`;
      console.log(`round ${round} [${options || 'default'}]: ${line}`);
    }
  }
} finally {
  await database.drop();
}
