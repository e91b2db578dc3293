// An error answered before GraphQL runs (bad key, rate limit, body too large), in the format of
// the API that was called: the commerce ErrorModel under /api and on the vendor event routes, a
// GraphQL error elsewhere.
import { Response } from './response.js';

/** The vendor event routes (rest/vendor-events.ts): seed 003's and seed 004's paths, as their clients call them. */
export const vendorEventPaths = { capillary: '/v2/events', voucherify: '/client/v1/events' } as const;

const vendorPaths = new Set<string>(Object.values(vendorEventPaths));

export function isRestRequest(request: Request): boolean {
  const path = new URL(request.url).pathname;
  return path.toLowerCase().startsWith('/api/') || vendorPaths.has(path);
}

interface Problem {
  field: string;
  message: string;
}

/**
 * The error body of every answer under /api: the commerce ErrorModel (`error.code`, `error.message`,
 * `success: false`) and Payload's `errors: [{message, field?}]`, so that clients of either API find
 * the message where they look for it. A problem's message names its field, as the one message does.
 */
export function errorModel(status: number, message: string, extra: { problems?: Problem[] } = {}) {
  const errors = extra.problems?.length
    ? extra.problems.map((problem) => ({
        message: problem.field ? `${problem.field}: ${problem.message}` : problem.message,
        field: problem.field || undefined,
      }))
    : [{ message }];
  return { error: { code: status, message, ...extra }, success: false, errors };
}

/** A JSON answer. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export function errorResponse(request: Request, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body = isRestRequest(request) ? errorModel(status, message) : { errors: [{ message, extensions: { code } }] };
  return jsonResponse(status, body, headers);
}
