// Reads the API key of every request (REST and GraphQL alike) before anything else runs. A request
// without a key goes on as anonymous; what it may do is decided per field by scope-auth. A key that
// is given but unknown or revoked is refused at once with 401, and an address that keeps trying
// keys that do not work is refused with 429, so keys cannot be guessed at speed.
import type { Plugin } from 'graphql-yoga';
import { findApiKey, type ApiKey } from '../auth/api-keys.js';
import { keyFromAuthorization } from '../auth/authorization-header.js';
import { retryAfterSeconds } from '../database-unavailable.js';
import { clientAddress } from '../http/client-address.js';
import { errorResponse } from '../http/error-response.js';
import { rateLimiter } from '../rate-limit/limiter.js';

const keys = new WeakMap<Request, ApiKey>();

/** The API key the request authenticated with, if any. */
export function apiKeyOf(request: Request): ApiKey | undefined {
  return keys.get(request);
}

export interface ApiKeyAuthOptions {
  /** Failed key attempts allowed per client address and minute. */
  failuresPerMinute: number;
  trustProxy: boolean;
}

export function useApiKeyAuth(options: ApiKeyAuthOptions): Plugin {
  const failures = rateLimiter('failed-keys', options.failuresPerMinute, 60);
  return {
    async onRequest({ request, serverContext, endResponse }) {
      const secret = keyFromAuthorization(request.headers.get('authorization'));
      if (secret === undefined) return;
      let key: ApiKey | null;
      try {
        key = secret ? await findApiKey(secret) : null;
      } catch {
        // The key cannot be checked while the database is down: say so, and when to try again.
        endResponse(errorResponse(request, 503, 'SERVICE_UNAVAILABLE', 'Service Unavailable', { 'Retry-After': String(retryAfterSeconds) }));
        return;
      }
      if (key) {
        keys.set(request, key);
        return;
      }
      const decision = await failures.take(clientAddress(request, serverContext, options.trustProxy));
      endResponse(
        decision.allowed
          ? errorResponse(request, 401, 'UNAUTHENTICATED', 'Unauthorized: the API key is not valid')
          : errorResponse(request, 429, 'RATE_LIMITED', 'Too Many Requests', { 'Retry-After': String(decision.retryAfterSeconds) }),
      );
    },
  };
}
