// Limits each caller's request rate: per API key, or per client address for calls without one.
// Every response carries the caller's state in RateLimit-Limit / -Remaining / -Reset headers; a
// caller over its rate gets 429 Too Many Requests with Retry-After.
import type { Plugin } from 'graphql-yoga';
import { clientAddress } from '../http/client-address.js';
import { errorResponse } from '../http/error-response.js';
import { rateLimiter, type Decision } from '../rate-limit/limiter.js';
import { apiKeyOf } from './use-api-key-auth.js';

export interface RateLimitOptions {
  /** Requests per window for each API key; 0 turns the limit off. */
  perKey: number;
  /** Requests per window for each client address without a key; 0 turns the limit off. */
  perAddress: number;
  windowSeconds: number;
  /** Read the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
}

function headersOf(decision: Decision): Record<string, string> {
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
  };
}

export function useRateLimit(options: RateLimitOptions): Plugin {
  const byKey = rateLimiter('key', options.perKey, options.windowSeconds);
  const byAddress = rateLimiter('address', options.perAddress, options.windowSeconds);
  const decisions = new WeakMap<Request, Decision>();

  return {
    async onRequest({ request, serverContext, endResponse }) {
      const key = apiKeyOf(request);
      const limiter = key ? byKey : byAddress;
      if (limiter.limit === 0) return;
      const decision = await limiter.take(key ? `key:${key.id}` : `address:${clientAddress(request, serverContext, options.trustProxy)}`);
      decisions.set(request, decision);
      if (!decision.allowed) {
        endResponse(errorResponse(request, 429, 'RATE_LIMITED', 'Too Many Requests', { 'Retry-After': String(decision.retryAfterSeconds) }));
      }
    },
    onResponse({ request, response }) {
      const decision = decisions.get(request);
      if (!decision) return;
      for (const [name, value] of Object.entries(headersOf(decision))) response.headers.set(name, value);
    },
  };
}
