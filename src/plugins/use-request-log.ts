// One log line per request: method, route (a pattern, never the path as sent: a path may hold a
// key someone typed into it), GraphQL operation, status, duration and the API key's name (never
// the key). Nothing of the body.
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { log } from '../logger.js';
import { collectionFor } from '../rest/collections.js';
import { apiKeyOf } from './use-api-key-auth.js';

const fixedRoutes = new Set(['/graphql', '/health', '/ready', '/metrics', '/']);
const restDocuments = new Set(['docs', 'openapi.json']);

/** The route a path belongs to, as a pattern: /api/leads/:key, not /api/leads/led_123. */
function routeOf(url: URL): string {
  if (fixedRoutes.has(url.pathname)) return url.pathname;
  const [, prefix, slug = '', ...rest] = url.pathname.split('/');
  if (prefix !== 'api') return 'unknown';
  if (restDocuments.has(slug)) return `/api/${slug}${rest.length ? '/:asset' : ''}`;
  const collection = collectionFor(slug);
  if (!collection) return '/api/unknown';
  if (rest.length === 1 && rest[0] === 'batch') return `/api/${collection.slug}/batch`;
  return `/api/${collection.slug}${rest.length ? '/:key' : ''}`;
}

export function useRequestLog(): Plugin {
  const requests = new WeakMap<Request, { started: number; operation?: string }>();
  return {
    onRequest({ request }) {
      requests.set(request, { started: performance.now() });
    },
    onExecute({ args }) {
      const entry = requests.get((args.contextValue as { request: Request }).request);
      const operation = getOperationAST(args.document, args.operationName);
      if (entry && operation) entry.operation = operation.name?.value ?? `anonymous ${operation.operation}`;
    },
    onResponse({ request, response }) {
      const entry = requests.get(request);
      if (!entry) return;
      const url = new URL(request.url);
      log.info(
        {
          method: request.method,
          route: routeOf(url),
          ...(entry.operation && { operation: entry.operation }),
          status: response.status,
          ms: Math.round((performance.now() - entry.started) * 10) / 10,
          ...(apiKeyOf(request) && { keyName: apiKeyOf(request)?.name }),
        },
        'request',
      );
    },
  };
}
