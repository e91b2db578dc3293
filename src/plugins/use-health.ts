// /health: the process is up (for a liveness probe). /ready: the database answers too (for a
// readiness probe); 503 while it does not, so a balancer sends no traffic until it does.
import type { Plugin } from 'graphql-yoga';
import { prisma } from '../db.js';
import { jsonResponse } from '../http/error-response.js';

const json = (status: number, body: object) => jsonResponse(status, body, { 'cache-control': 'no-store' });

async function databaseAnswers(timeoutMilliseconds: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMilliseconds)));
  try {
    return await Promise.race([prisma.$queryRawUnsafe('SELECT 1').then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function useHealth(): Plugin {
  return {
    async onRequest({ url, endResponse }) {
      if (url.pathname === '/health') endResponse(json(200, { status: 'ok' }));
      else if (url.pathname === '/ready') {
        endResponse((await databaseAnswers(2_000)) ? json(200, { status: 'ready', database: 'up' }) : json(503, { status: 'unavailable', database: 'down' }));
      }
    },
  };
}
