// HTTP statuses of GraphQL responses as the GraphQL-over-HTTP spec gives them for each media type.
// Errors carry the status a client would see under application/graphql-response+json (src/errors.ts,
// src/mask-error.ts), and Yoga answers the highest one, except that it answers 200 under
// application/json for errors marked `spec`. Two rules finish the job:
// - a response with data (a partial answer: some field failed) is 200, under either media type:
//   the spec's MUST;
// - a client error (4xx) counts only under application/graphql-response+json: application/json
//   answers 200 for every GraphQL response, as the spec says it should.
// Server failures (500, and 503 with Retry-After) keep their status under both, with no data:
// clients, proxies and monitors retry and alert on them.
//
// Root fields are nullable (mutations above all: in a request of several, one that fails must not
// null the answers of those that were written), so a request whose every root field failed would
// still have data: { createLead: null }. Such a response answered nothing; its data is null, so
// its status says what failed, as it would had the field been non-null. Refusals before GraphQL runs (a bad API
// key 401, 429, 413, 415, 405) are not GraphQL responses and do not pass through here.
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

// The statuses of errors about what the request asked (src/errors.ts, mask-error.ts). Others, such
// as 405 for a mutation sent over GET, are about how it was sent and keep their status.
const answerStatuses = new Set([400, 401, 403, 404, 409]);

function withHttp(error: GraphQLError, http: Record<string, unknown>) {
  Object.assign(error, { extensions: { ...error.extensions, http } });
}

/** Every root field is null, and each has an error of its own: the request got no answer at all. */
function failedEntirely(result: ExecutionResult): boolean {
  // The errors first: a result built by the database parses its data only when asked (use-compiled-queries.ts).
  if (!result.errors?.length || !result.data) return false;
  const failed = new Set(result.errors.map((error) => error.path?.[0]));
  return Object.entries(result.data).every(([name, value]) => value === null && failed.has(name));
}

export function useHttpStatusByMediaType(): Plugin {
  return {
    onExecutionResult({ result: executed, setResult }) {
      if (!executed || Symbol.asyncIterator in executed) return; // a stream (none here) has no status of its own
      const result = failedEntirely(executed) ? { ...executed, data: null } : executed;
      if (result !== executed) setResult(result);
      for (const error of result.errors ?? []) {
        const http = error.extensions?.http;
        if (!http?.status) continue;
        if (result.data != null) withHttp(error, http.headers ? { headers: http.headers } : {});
        else if (answerStatuses.has(http.status) && !http.spec) withHttp(error, { ...http, spec: true });
      }
    },
  };
}
