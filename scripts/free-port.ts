// A port that was free a moment ago, for a server a test or a benchmark starts. From the system, or,
// when the environment variable named gives a range (`44000-44999`: a machine shared by several
// people, each given a range), the first free one from a random place in it, so that servers started
// together seldom try the same port. A port computed from the process id can meet another's.
//
// One module for the tests (TEST_PORT_RANGE) and the benchmarks (BENCH_PORTS). It lives in scripts/,
// the developer tooling beside src/ that is never built into dist/, so that neither test/ nor
// bench/ imports from the other's helpers to share it.
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

export interface PortRange {
  first: number;
  last: number;
}

/**
 * The range the variable `name` gives, or undefined when it is unset or empty. A value that is no
 * range is an error, not any port: a typo would otherwise put servers on other people's ports.
 */
export function portRange(name: string): PortRange | undefined {
  const text = process.env[name];
  if (!text) return undefined;
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  const [first, last] = match ? [Number(match[1]), Number(match[2])] : [0, -1];
  if (first < 1 || first > last || last > 65535) throw new Error(`${name} must be <first>-<last>, ports from 1 to 65535 with first <= last (as 44000-44999)`);
  return { first, last };
}

/** Whether `port` (0: any) can be listened on now: the port taken, or undefined. */
async function probe(port: number): Promise<number | undefined> {
  const server = createServer();
  // once() rejects on an 'error' event: a port in use is a false here, not an error that ends the search.
  const listening = once(server, 'listening').then(
    () => true,
    () => false,
  );
  server.listen(port, '127.0.0.1');
  if (!(await listening)) return undefined;
  const { port: taken } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return taken;
}

/** A free port of the range in the variable `name`, or any free port when it gives none. */
export async function freePortIn(name: string): Promise<number> {
  const range = portRange(name);
  if (!range) return (await probe(0))!;
  const size = range.last - range.first + 1;
  const start = Math.floor(Math.random() * size);
  for (let step = 0; step < size; step += 1) {
    const port = await probe(range.first + ((start + step) % size));
    if (port !== undefined) return port;
  }
  throw new Error(`no free port in ${name} ${range.first}-${range.last}`);
}
