// An error answered before GraphQL runs (bad key, rate limit, body too large), in the format of
// the API that was called: the commerce ErrorModel under /api, a GraphQL error elsewhere.
export function isRestRequest(request: Request): boolean {
  return new URL(request.url).pathname.toLowerCase().startsWith('/api/');
}

export function errorModel(status: number, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code: status, message, ...extra }, success: false };
}

/** A JSON answer. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export function errorResponse(request: Request, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body = isRestRequest(request) ? errorModel(status, message) : { errors: [{ message, extensions: { code } }] };
  return jsonResponse(status, body, headers);
}
