// /health: the process is up (for a liveness probe). /ready: the database answers too (for a
// readiness probe); 503 while it does not, so a balancer sends no traffic until it does.
//
// Two plugins, because they belong at two places among the others: /health costs nothing and is
// answered first, before keys and rates; /ready sends a query, so it comes after the per-address
// rate limit, like every other request that reaches the database.
import type { Plugin } from 'graphql-yoga';
import { retryAfterSeconds } from '../database-unavailable.js';
import { prisma } from '../db.js';
import { jsonResponse } from '../http/error-response.js';

const json = (status: number, body: object, headers: Record<string, string> = {}) => jsonResponse(status, body, { 'cache-control': 'no-store', ...headers });

async function databaseAnswers(timeoutMilliseconds: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMilliseconds)));
  try {
    return await Promise.race([
      prisma.$queryRawUnsafe('SELECT 1').then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function useHealth(): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname === '/health') endResponse(json(200, { status: 'ok' }));
    },
  };
}

export function useReadiness(): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname !== '/ready') return;
      // Retry-After as every other 503 of this server: a probe or a client knows when to ask again.
      endResponse(
        (await databaseAnswers(2_000))
          ? json(200, { status: 'ready', database: 'up' })
          : json(503, { status: 'unavailable', database: 'down' }, { 'Retry-After': String(retryAfterSeconds) }),
      );
    },
  };
}
