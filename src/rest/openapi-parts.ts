// What every part of the OpenAPI document (openapi.ts) shares: schema references, the error
// statuses and their wording, the rate-limit headers of every answer.
export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

export const errorStatuses: Record<string, string> = {
  '400': 'Missing Required Information, or a value that breaks a rule (the message names the field and the rule)',
  '401': 'Unauthorized: no API key where one is needed, or a key that is not valid',
  '403': 'Forbidden: the API key lacks the scope this needs',
  '404': 'Not Found',
  '409': 'Conflict: the key exists already, or other records still need this one',
  '413': 'Payload Too Large',
  '415': 'Unsupported Media Type: the body must be application/json',
  '429': 'Too Many Requests: see Retry-After',
  '503': 'Service Unavailable: the database cannot serve now; see Retry-After',
};

export const rateLimitHeaders = Object.fromEntries(
  ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'].map((name) => [
    name,
    { schema: { type: 'integer' }, description: name.replace('RateLimit-', 'Rate limit: ') },
  ]),
);

/** The documented error answers of these statuses, each an ErrorModel. */
export const errorAnswers = (statuses: string[]): Record<string, Schema> =>
  Object.fromEntries(
    statuses.map((status) => [status, { description: errorStatuses[status], content: { 'application/json': { schema: ref('ErrorModel') } } }]),
  );
