// A port that was free a moment ago, from the system: a port computed from the process id can meet
// another test file's (or another program's) on a shared machine. With TEST_PORT_RANGE (`41500-41999`),
// a free port of that range: on a machine shared by several people each may be given a range.
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

async function tryPort(port: number): Promise<number | undefined> {
  const probe = createServer();
  const listening = once(probe, 'listening').then(() => true);
  const failed = once(probe, 'error').then(() => false);
  probe.listen(port, '127.0.0.1');
  if (!(await Promise.race([listening, failed]))) return undefined;
  const { port: taken } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return taken;
}

export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.TEST_PORT_RANGE ?? '');
  if (!range) return (await tryPort(0))!;
  const [low, high] = [Number(range[1]), Number(range[2])];
  // From a random place in the range, so test files started together seldom try the same port.
  const start = Math.floor(Math.random() * (high - low + 1));
  for (let offset = 0; offset <= high - low; offset += 1) {
    const port = await tryPort(low + ((start + offset) % (high - low + 1)));
    if (port !== undefined) return port;
  }
  throw new Error(`no free port in TEST_PORT_RANGE ${process.env.TEST_PORT_RANGE}`);
}
