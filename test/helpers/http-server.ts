// The Yoga server behind node:http on a real port, in this test process (on its test database), so
// a test sends what a client sends over the wire: bytes, headers and status lines, not a Request
// object handed to yoga.fetch. The port comes from TEST_HTTP_PORTS (`40500-40999`: a range a shared
// machine gives this run), else from the system.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { yoga } from '../../src/yoga.js';

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

function candidatePorts(): number[] {
  const match = /^(\d+)-(\d+)$/.exec(process.env.TEST_HTTP_PORTS ?? '');
  if (!match) return [0];
  const [low, high] = [Number(match[1]), Number(match[2])];
  // Several test processes share the range: start at a random place in it.
  const start = low + Math.floor(Math.random() * (high - low + 1));
  return Array.from({ length: Math.min(50, high - low + 1) }, (_, index) => low + ((start - low + index) % (high - low + 1)));
}

async function listenOn(server: Server, port: number): Promise<boolean> {
  server.listen(port, '127.0.0.1');
  const [event] = await Promise.race([once(server, 'listening').then(() => ['listening']), once(server, 'error').then(() => ['error'])]);
  return event === 'listening';
}

export async function startHttpServer(): Promise<HttpServer> {
  const server = createServer((request, response) => void yoga(request, response));
  // A test may pause longer than Node's 5 s between requests; fetch would reuse a socket the server just closed.
  server.keepAliveTimeout = 60_000;
  for (const port of candidatePorts()) {
    if (await listenOn(server, port)) {
      const { port: bound } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${bound}`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
      };
    }
  }
  throw new Error('no free port in TEST_HTTP_PORTS');
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
