// A body refused part-way (413, over BODY_LIMIT_BYTES) is left unread, and the connection that
// carries it cannot serve another request: the answer says `Connection: close`, so a keep-alive
// client sends its next request on a new connection. Without it the next request waited behind
// the unread body until the server dropped the connection (about 6 s, then ECONNRESET). A body
// refused untouched (401, 415) is read and discarded by Node, and its connection goes on. Only a
// real server shows it: yoga.fetch has no connections.
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from './helpers/server-process.js';
import { freePort } from './helpers/free-port.js';

const port = await freePort();
const bodyLimitBytes = 65_536;
let server: ChildProcess;

interface Answer {
  status: number;
  connection?: string;
  /** The local port of the connection that carried it. */
  localPort?: number;
}

/** One request through `agent`; a failure of the connection is an answer with status 0. */
function send(agent: Agent, path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        // Read now: by 'end' a keep-alive agent has taken the socket back.
        const { localPort } = response.socket;
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode!, connection: response.headers.connection, localPort }));
      },
    );
    // The server may close while this end still writes the refused body: the answer has come.
    request.on('error', () => resolve({ status: 0 }));
    request.end(body);
  });
}

// Far larger than the limit and than what the sockets buffer, so it cannot all have arrived
// when the server answers.
const large = Buffer.from(JSON.stringify({ query: '{ __typename }', name: 'x', pad: 'p'.repeat(8_000_000) }));
const chunked = { 'transfer-encoding': 'chunked' };

describe('the connection after a body refused unread', () => {
  beforeAll(async () => {
    server = (await startServer({ ...process.env, PORT: String(port), BODY_LIMIT_BYTES: String(bodyLimitBytes), RATE_LIMIT_PER_ADDRESS: '1000' })).child;
  }, 60_000);

  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it.each([
    ['REST, by its Content-Length', '/api/webevents', {}],
    ['REST, sent chunked', '/api/webevents', chunked],
    ['GraphQL, by its Content-Length', '/graphql', {}],
    ['GraphQL, sent chunked', '/graphql', chunked],
  ])('413 %s: closed, and the next request on the same keep-alive agent goes on a new connection', async (_case, path, headers) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, path, large, headers);
      expect(refused).toMatchObject({ status: 413, connection: 'close' });
      const next = await send(agent, '/graphql', JSON.stringify({ query: '{ __typename }' }));
      expect(next).toMatchObject({ status: 200, connection: 'keep-alive' });
      expect(next.localPort).not.toBe(refused.localPort);
    } finally {
      agent.destroy();
    }
  });

  it.each([
    ['401', '/api/leads', {}, 401],
    ['415', '/api/webevents', { 'content-type': 'text/plain' }, 415],
  ])('a %s, which never reads the body, keeps the connection, and the next request is answered on it', async (_case, path, headers, status) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, path, large, headers);
      expect(refused).toMatchObject({ status, connection: 'keep-alive' });
      const next = await send(agent, '/graphql', JSON.stringify({ query: '{ __typename }' }));
      expect(next).toMatchObject({ status: 200, connection: 'keep-alive' });
      expect(next.localPort).toBe(refused.localPort);
    } finally {
      agent.destroy();
    }
  });

  // A client busy elsewhere reads its answer late, and goes on sending the refused body meanwhile.
  // Closed at once, the server's socket answered that with a reset, and the client's system
  // dropped the 413 it had not read yet: ECONNRESET instead of the answer (src/http/lingering-close.ts).
  it.each([
    ['REST', '/api/webevents'],
    ['GraphQL', '/graphql'],
  ])('413 %s to a client that reads late and sends on: the answer is not lost to a reset', async (_case, path) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.pause();
    const received: Buffer[] = [];
    const outcome = new Promise<string>((resolve) => {
      socket.on('data', (chunk: Buffer) => received.push(chunk));
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      socket.on('end', () => resolve('end'));
    });
    socket.on('error', () => {});
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${16 * chunk.length}\r\n\r\n`);
    socket.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the answer has come, unread
    for (let sent = 0; sent < 4 && !socket.destroyed; sent += 1) {
      socket.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    socket.resume();
    expect(await outcome).toBe('end');
    expect(Buffer.concat(received).toString('latin1')).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
    socket.destroy();
  });
});
