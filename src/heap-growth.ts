// How far V8 lets its heap grow past what the last full collection found live. By default it picks
// a factor of up to 4 from how fast it collects against how fast the program allocates, and under
// the nested read on PostgreSQL it went to the full 4: about 37 MB live, old space collected at
// 128-150 MB, RSS max 213-238 MB (2026-11-30). What fills the old space is the response text: the
// row that carries a GraphQL answer built by the database (48 KB for 100 leads) is promoted about
// once per request and dies there, whatever the young generation's size (4 or 16 MB a semi-space
// promoted the same 75-80 KB a request). With the factor held at 2.5 the same load peaked at
// 178-184 MB for about 4-5% more of the server's CPU per request on average, req/s even (bench/ab.ts,
// README Performance); at 2 it peaked lower (163 MB) but cost 15% more CPU, at 1.5 35%.
// This bounds nothing: a request that needs more heap gets it, as before, and V8's heap limit is
// unchanged. An operator who passes --heap-growing-percent to node keeps that value. On PGlite,
// whose memory is mostly the database's WebAssembly, it is left at V8's default (not measured).
import { setFlagsFromString } from 'node:v8';

const heapGrowingPercent = 150;

export function heapGrowthForPostgres(kind: 'postgresql' | 'pglite'): void {
  if (kind !== 'postgresql' || process.execArgv.some((option) => option.startsWith('--heap-growing-percent'))) return;
  // V8 reads it each time a full collection sets the next limit, so setting it now is enough.
  setFlagsFromString(`--heap-growing-percent=${heapGrowingPercent}`);
}
