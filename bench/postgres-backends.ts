// The CPU PostgreSQL spends for one side: the backends of the benchmark's database whose
// application_name is that side's (each side connects with its own), read from /proc. Backends
// that start during a slot count from zero; one that ends during it loses its share (pools keep
// their connections, so that is rare).
import type pg from 'pg';
import { cpuMilliseconds } from './proc.js';

export type BackendCpu = Map<number, number>;

export async function backendCpu(admin: pg.Client, database: string, applicationName: string): Promise<BackendCpu> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2', [
    database,
    applicationName,
  ]);
  const cpu: BackendCpu = new Map();
  for (const { pid } of rows) {
    const milliseconds = cpuMilliseconds(pid);
    if (milliseconds !== undefined) cpu.set(pid, milliseconds);
  }
  return cpu;
}

export function backendCpuSpent(before: BackendCpu, after: BackendCpu): number {
  let spent = 0;
  for (const [pid, milliseconds] of after) spent += milliseconds - (before.get(pid) ?? 0);
  return spent;
}
