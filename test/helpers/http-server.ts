// The Yoga server behind node:http on a real port, in this test process (on its test database), so
// a test sends what a client sends over the wire: bytes, headers and status lines, not a Request
// object handed to yoga.fetch. The port comes from the system, or from TEST_PORT_RANGE as every
// test server's does (helpers/free-port.ts).
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { yoga } from '../../src/yoga.js';
import { freePort } from './free-port.js';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

export async function startHttpServer(): Promise<HttpServer> {
  const server = createServer((request, response) => void yoga(request, response));
  // A test may pause longer than Node's 5 s between requests; fetch would reuse a socket the server just closed.
  server.keepAliveTimeout = 60_000;
  // Without a range the system's port 0 leaves no moment for another process to take it.
  const port = process.env.TEST_PORT_RANGE ? await freePort() : 0;
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A JSON request over HTTP; the answer's status and parsed body. */
export async function call(
  server: HttpServer,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: a JSON body, which each test reads its own way
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
