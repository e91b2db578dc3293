// GraphQL errors as the commerce ErrorModel: `{"error": {"code": <status>, "message"}, "success":
// false}`. Field paths are given as REST names them (`account.consumer.phoneNumber`, not
// `input.account.upsert.consumer.upsert.phoneNumber`).
import type { GraphQLFormattedError } from 'graphql';
import { retryAfterSeconds } from '../database-unavailable.js';
import { errorModel, jsonResponse } from '../http/error-response.js';
import type { EntityDescription } from '../model/entity.js';
import { inRestWords } from './rest-words.js';

const statuses = new Map([
  ['BAD_USER_INPUT', 400],
  ['GRAPHQL_VALIDATION_FAILED', 400],
  ['UNAUTHENTICATED', 401],
  ['FORBIDDEN', 403],
  ['NOT_FOUND', 404],
  ['CONFLICT', 409],
  ['SERVICE_UNAVAILABLE', 503],
]);

/** The HTTP status of an error code; 500 for any other (a Map: `constructor` is no code). */
export function statusForCode(code: string): number {
  return statuses.get(code) ?? 500;
}

interface Problem {
  field: string;
  message: string;
}

export function restPath(graphqlPath: string): string {
  return graphqlPath.replace(/^input\.?/, '').replace(/\.(upsert|connect)(?=\.|$)/g, '');
}

const restMessage = (problem: Problem) => `${restPath(problem.field) || 'body'}: ${problem.message}`;

/** The answer to a database that cannot serve now: when to try again. */
export const unavailableHeaders = { 'Retry-After': String(retryAfterSeconds) };

export function restError(errors: readonly GraphQLFormattedError[]): { status: number; body: object; headers?: Record<string, string> } {
  const first = errors[0];
  const code = String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  const status = statusForCode(code);
  if (status === 503) return { status, body: errorModel(status, 'Service Unavailable'), headers: unavailableHeaders };
  if (status !== 400) {
    const field = first.extensions?.field;
    // A conflict that names a field names it as REST does (`consumer.email`, not
    // `input.consumer.upsert.email`), in the message and, for Payload's clients, in errors[0].field.
    const named = typeof field === 'string' && first.message.startsWith(`${field}: `) && status !== 401 && status !== 500;
    if (named) {
      const problem = { field: restPath(field), message: first.message.slice(field.length + 2) };
      return { status, body: errorModel(status, restMessage(problem), problem.field ? { problems: [problem] } : {}) };
    }
    const message = status === 401 ? 'Unauthorized' : status === 500 ? 'Internal Server Error' : first.message;
    return { status, body: errorModel(status, message) };
  }
  const problems: Problem[] = errors.flatMap((error) => {
    const listed = error.extensions?.problems as Problem[] | undefined;
    const field = error.extensions?.field as string | undefined;
    const given = listed ?? [{ field: field ?? '', message: field ? error.message.replace(`${field}: `, '') : error.message }];
    return given.map((problem) => ({ field: problem.field, message: inRestWords(restPath(problem.field), problem.message) }));
  });
  const missing = problems.some((problem) => /is required|was not provided/.test(problem.message));
  const detail = problems.map(restMessage).join('; ');
  return {
    status,
    body: errorModel(status, missing ? `Missing Required Information: ${detail}` : detail, {
      problems: problems.map((problem) => ({ field: restPath(problem.field), message: problem.message })),
    }),
  };
}

/** An entity's name as a message says it: `Web Event`, `Sales Rep`. */
export const label = (name: string) => name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');

/** The answer to a read or write of a record that does not exist. */
export const notFound = (entity: EntityDescription) => jsonResponse(404, errorModel(404, `Not Found: no ${label(entity.name)} with that key`));
