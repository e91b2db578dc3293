// Yoga catches what fails inside GraphQL (parsing, execution) and masks it. What a plugin's
// onRequest hook throws escapes Yoga instead: @whatwg-node/server answers it with a text/plain 500
// holding the stack trace (absolute paths included) and runs no onResponse hook, so the security
// headers are missing too. Every plugin's onRequest is therefore wrapped: what it throws is logged
// like any error (name and frames, no message) and answered as the unexpected failure it is, JSON
// and masked, through the usual onResponse hooks.
import type { Plugin } from 'graphql-yoga';
import { errorResponse, isRestRequest } from '../http/error-response.js';
import { logger } from '../logger.js';

type OnRequest = NonNullable<Plugin['onRequest']>;

function internalError(request: Request): Response {
  // The REST ErrorModel's wording, and the masked GraphQL error's (src/errors.ts, unexpectedError).
  const message = isRestRequest(request) ? 'Internal Server Error' : 'Unexpected error.';
  return errorResponse(request, 500, 'INTERNAL_SERVER_ERROR', message);
}

function fail(payload: Parameters<OnRequest>[0], error: unknown) {
  logger.error(error);
  payload.endResponse(internalError(payload.request));
}

function answeringInternalErrors(onRequest: OnRequest): OnRequest {
  // No closure per hook and request until one fails: every request passes every hook.
  return (payload) => {
    try {
      const result = onRequest(payload);
      // Synchronous hooks stay synchronous: most requests pass every hook without waiting.
      return result instanceof Promise ? result.catch((error: unknown) => fail(payload, error)) : result;
    } catch (error) {
      fail(payload, error);
    }
  };
}

/** The plugins, each with its onRequest hook answering what it throws as a masked 500. */
export function withInternalErrorsAnswered(plugins: Plugin[]): Plugin[] {
  return plugins.map((plugin) => (plugin.onRequest ? { ...plugin, onRequest: answeringInternalErrors(plugin.onRequest) } : plugin));
}
