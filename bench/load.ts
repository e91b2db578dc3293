// One measured load: autocannon against a server for a few seconds, with the server's resident
// memory sampled meanwhile and its SQL statement count read before and after.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface Target {
  name: string;
  port: number;
  pid: number;
  /** SQL statements sent so far, read from the server's metrics. */
  statements: () => Promise<number>;
}

export interface Load {
  method: 'GET' | 'POST';
  path: string | (() => string);
  headers?: Record<string, string>;
  body?: () => string;
  connections: number;
  /** How many items one request carries (events in a batch), for items per second. */
  itemsPerRequest?: number;
}

export interface Measurement {
  requestsPerSecond: number;
  itemsPerSecond: number;
  p50: number;
  p99: number;
  statementsPerRequest: number;
  rssMegabytes: number;
  failures: number;
}

function rssMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

function run(target: Target, load: Load, seconds: number) {
  return autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections: load.connections,
    duration: seconds,
    requests: [
      {
        method: load.method,
        headers: { 'content-type': 'application/json', ...load.headers },
        setupRequest: (request) => ({
          ...request,
          path: typeof load.path === 'function' ? load.path() : load.path,
          ...(load.body && { body: load.body() }),
        }),
      },
    ],
  });
}

export async function measure(target: Target, load: Load, seconds: number): Promise<Measurement> {
  await run(target, load, 1); // warm up: JIT, connection pools, caches
  const before = await target.statements();
  let peak = rssMegabytes(target.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMegabytes(target.pid))), 200);
  const result = await run(target, load, seconds);
  clearInterval(sampler);
  const statements = (await target.statements()) - before;
  const requests = result.requests.total;
  return {
    requestsPerSecond: result.requests.average,
    itemsPerSecond: result.requests.average * (load.itemsPerRequest ?? 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statementsPerRequest: requests ? statements / requests : NaN,
    rssMegabytes: peak,
    failures: result.non2xx + result.errors,
  };
}
