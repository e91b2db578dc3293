// One log line per request: method, route (a pattern, never the path as sent: a path may hold a
// key someone typed into it), GraphQL operation, status, duration and the API key's name (never
// the key). Nothing of the body.
//
// Its level follows the status: 5xx at error (the server failed, or its database did: a 503), 4xx
// at info (the caller's mistake, expected of scanners and typos, not an operator's problem), the
// rest at info. While the database cannot serve, a warn line says so, once per 10 seconds.
//
// A GraphQL operation name is chosen by the client and may carry anything ("Find123_45_6789"): it
// is logged only when it looks like code (letters and underscores, at most two digits at the end,
// at most 50 characters), else as "<query> (name not logged)".
import { getOperationAST, type OperationDefinitionNode } from 'graphql';
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

const codeLikeName = /^[A-Za-z_][A-Za-z_]{0,47}[0-9]{0,2}$/;

/** The operation as the log may show it. */
export function operationLabel(operation: OperationDefinitionNode): string {
  const name = operation.name?.value;
  if (!name) return `anonymous ${operation.operation}`;
  return codeLikeName.test(name) ? name : `${operation.operation} (name not logged)`;
}

const levelOf = (status: number) => (status >= 500 ? 'error' : 'info');

const unavailableEvery = 10_000;
let unavailableLogged = 0;
let unavailableSince = 0;

/** Every 503 of this server means the database cannot serve: a warn line, at most once per 10 s. */
function noteDatabaseUnavailable(): void {
  unavailableSince += 1;
  const now = Date.now();
  if (now - unavailableLogged < unavailableEvery) return;
  log.warn({ requests: unavailableSince }, 'the database cannot serve: requests that need it answer 503');
  unavailableLogged = now;
  unavailableSince = 0;
}

const requests = new WeakMap<Request, { started: number; operation?: string }>();

/** Notes the operation a request runs, for its log line (REST's compiled reads run no executor). */
export function noteOperation(request: Request, operation: OperationDefinitionNode | null | undefined): void {
  const entry = requests.get(request);
  if (entry && operation) entry.operation = operationLabel(operation);
}

export function useRequestLog(): Plugin {
  return {
    onRequest({ request }) {
      requests.set(request, { started: performance.now() });
    },
    onExecute({ args }) {
      noteOperation((args.contextValue as { request: Request }).request, getOperationAST(args.document, args.operationName));
    },
    onResponse({ request, response }) {
      const entry = requests.get(request);
      if (!entry) return;
      const url = new URL(request.url);
      if (response.status === 503) noteDatabaseUnavailable();
      log[levelOf(response.status)](
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
