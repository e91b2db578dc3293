// WebAssembly on a server over PostgreSQL is Prisma's query compiler alone (3.4 MB of wasm, loaded
// by the first query). V8 compiles it with Liftoff and then recompiles the functions it finds hot
// with TurboFan on background threads, whose allocations stay in glibc's per-thread arenas: 54-56
// MB of the 175-190 MB an idle server held (/proc/<pid>/smaps, 2026-11-30). Liftoff alone holds
// none of it: idle 138 MB, under the nested read max 181-197 MB against 224-255 (bench/memory.ts),
// and the writes that go through Prisma were no slower (bench/ab.ts: createLead B/A 1.02, ingest
// 1.10, the CPU per request within each other's range). On PGlite the whole database is wasm,
// which needs TurboFan: the flag is set only for PostgreSQL, before any wasm is compiled.
import { setFlagsFromString } from 'node:v8';

export function liftoffOnlyForPostgres(kind: 'postgresql' | 'pglite'): void {
  if (kind === 'postgresql') setFlagsFromString('--liftoff-only');
}
