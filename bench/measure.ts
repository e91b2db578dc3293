// One timed slot: autocannon drives one side with the scenario's requests for a few seconds while
// the side's process is watched: its CPU time and the CPU time of its PostgreSQL backends (from
// /proc), its SQL statement counter, its resident memory (sampled), and the machine's load.
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import type pg from 'pg';
import { backendCpu, backendCpuSpent } from './postgres-backends.js';
import { cpuMilliseconds, rssMegabytes } from './proc.js';
import type { BenchRequest, Scenario, Side } from './scenarios/scenario.js';

export interface Counters {
  requests: number;
  statements: number;
}

export interface Target {
  side: Side;
  port: number;
  pid: number;
  /** Requests answered and SQL statements sent so far (the server's /metrics counters, the baseline's own). */
  counters: () => Promise<Counters>;
  /** The request the side is sent, made afresh for each request. */
  request: () => BenchRequest;
  /** The application_name its PostgreSQL connections carry; none for PGlite (in the process). */
  applicationName?: string;
}

/** Where PostgreSQL's backends are found: the benchmark's database, read through an admin connection. */
export interface Backends {
  admin: pg.Client;
  database: string;
}

export interface Slot {
  side: Side;
  round: number;
  requests: number;
  requestsPerSecond: number;
  itemsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
  statementsPerRequest: number;
  processCpuMsPerRequest: number;
  databaseCpuMsPerRequest?: number;
  /** The 1-minute load average at the end of the slot. */
  loadAverage: number;
  rssMegabytes: number[];
}

function drive(target: Target, connections: number, seconds: number) {
  return autocannon({
    url: `http://127.0.0.1:${target.port}`,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const { method, path, headers, body } = target.request();
          return { ...request, method, path, headers: { ...headers }, ...(body !== undefined && { body }) };
        },
      },
    ],
  });
}

/** Untimed load, so that JIT, pools and caches are warm before the first round. */
export async function warmUp(target: Target, scenario: Scenario, seconds: number) {
  await drive(target, scenario.connections, seconds);
}

export async function timeSlot(target: Target, scenario: Scenario, seconds: number, round: number, backends: Backends): Promise<Slot> {
  const countersBefore = await target.counters();
  const cpuBefore = cpuMilliseconds(target.pid) ?? Number.NaN;
  const databaseBefore = target.applicationName ? await backendCpu(backends.admin, backends.database, target.applicationName) : undefined;
  const rss: number[] = [rssMegabytes(target.pid)];
  const sampler = setInterval(() => rss.push(rssMegabytes(target.pid)), 250);
  const result = await drive(target, scenario.connections, seconds);
  clearInterval(sampler);
  // The requests in flight when autocannon stopped still reach the side: let them finish, and
  // divide by the requests the side itself counted, so that they weigh on no figure.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cpuSpent = (cpuMilliseconds(target.pid) ?? Number.NaN) - cpuBefore;
  const databaseSpent = databaseBefore && backendCpuSpent(databaseBefore, await backendCpu(backends.admin, backends.database, target.applicationName!));
  const countersAfter = await target.counters();
  const answered = countersAfter.requests - countersBefore.requests;
  const requests = result.requests.total;
  const requestsPerSecond = requests / result.duration;
  return {
    side: target.side,
    round,
    requests,
    requestsPerSecond,
    itemsPerSecond: requestsPerSecond * (scenario.itemsPerRequest ?? 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    statementsPerRequest: (countersAfter.statements - countersBefore.statements) / answered,
    processCpuMsPerRequest: cpuSpent / answered,
    ...(databaseSpent !== undefined && { databaseCpuMsPerRequest: databaseSpent / answered }),
    loadAverage: loadavg()[0],
    rssMegabytes: rss,
  };
}
