// A page on another site can make a browser POST a form (urlencoded, multipart, text/plain) with no
// preflight. GraphQL requests must therefore come as JSON, which a cross-site page can only send
// after a CORS preflight; the REST layer already requires JSON bodies (415 otherwise). Keys travel
// in the Authorization header, never in cookies, so no forged request can carry one anyway.
import type { Plugin } from 'graphql-yoga';
import { errorResponse, isRestRequest } from '../http/error-response.js';

const json = /^application\/([\w.+-]+\+)?json\b/i;

export function useCsrfPrevention(): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (request.method !== 'POST' || isRestRequest(request)) return;
      if (!json.test(request.headers.get('content-type') ?? '')) {
        endResponse(errorResponse(request, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json'));
      }
    },
  };
}
