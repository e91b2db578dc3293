// The port for a server a test starts: in TEST_PORT_RANGE when it is set (scripts/free-port.ts,
// shared with the benchmarks' BENCH_PORTS).
import { freePortIn } from '../../scripts/free-port.js';

export const freePort = (): Promise<number> => freePortIn('TEST_PORT_RANGE');
