// The port range a shared machine gives each engineer (TEST_PORT_RANGE here, BENCH_PORTS for the
// benchmarks: scripts/free-port.ts reads both): a port is taken from it or not at all.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './helpers/free-port.js';

const given = process.env.TEST_PORT_RANGE;
afterEach(() => {
  if (given === undefined) delete process.env.TEST_PORT_RANGE;
  else process.env.TEST_PORT_RANGE = given;
});

describe('TEST_PORT_RANGE', () => {
  it('gives the free port of the range, and no port when the range has none free', async () => {
    const port = await freePort();
    process.env.TEST_PORT_RANGE = `${port}-${port}`;
    expect(await freePort()).toBe(port);
    const holder = createServer().listen(port, '127.0.0.1');
    await once(holder, 'listening');
    try {
      await expect(freePort()).rejects.toThrow(`no free port in TEST_PORT_RANGE ${port}-${port}`);
    } finally {
      holder.close();
      await once(holder, 'close');
    }
  });

  it('refuses a value that is no range, rather than taking a port outside it', async () => {
    for (const value of ['44000:44999', '44999-44000', '0-10', '65000-70000', '44000']) {
      process.env.TEST_PORT_RANGE = value;
      await expect(freePort(), value).rejects.toThrow('TEST_PORT_RANGE must be <first>-<last>');
    }
  });
});
