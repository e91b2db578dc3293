// Reads the API key of every request (REST and GraphQL alike) before anything else runs. A request
// without a key goes on as anonymous; what it may do is decided per field by scope-auth. A key that
// is given but unknown or revoked is refused at once with 401.
import type { Plugin } from 'graphql-yoga';
import { findApiKey, type ApiKey } from '../auth/api-keys.js';
import { keyFromAuthorization } from '../auth/authorization-header.js';
import { errorResponse } from '../http/error-response.js';

const keys = new WeakMap<Request, ApiKey>();

/** The API key the request authenticated with, if any. */
export function apiKeyOf(request: Request): ApiKey | undefined {
  return keys.get(request);
}

export function useApiKeyAuth(): Plugin {
  return {
    async onRequest({ request, endResponse }) {
      const secret = keyFromAuthorization(request.headers.get('authorization'));
      if (secret === undefined) return;
      const key = secret ? await findApiKey(secret) : null;
      if (key) keys.set(request, key);
      else endResponse(errorResponse(request, 401, 'UNAUTHENTICATED', 'Unauthorized: the API key is not valid'));
    },
  };
}
