// A webhook receiver on loopback: records every POST it gets (headers and body) and answers as
// the test says (a status, a redirect, or no answer at all).
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

export type Answer = { status: number; location?: string; delayMilliseconds?: number } | 'hang';

export async function startReceiver(answer: (request: Received, count: number) => Answer = () => ({ status: 200 })) {
  const received: Received[] = [];
  // A path of its own: a port closed by one test may be given to the next one's receiver.
  const path = `/hooks/${randomBytes(6).toString('hex')}`;
  const server = createServer((request, response) => {
    if (request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const entry = { headers: request.headers, body };
      received.push(entry);
      const reply = answer(entry, received.length);
      if (reply === 'hang') return;
      setTimeout(() => {
        response.writeHead(reply.status, reply.location ? { location: reply.location } : {});
        response.end('ok');
      }, reply.delayMilliseconds ?? 0);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
