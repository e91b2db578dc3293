// The one place errors are turned into what a caller sees. Errors raised on purpose (src/errors.ts)
// pass through; the caller's mistakes found by GraphQL or by the database get a stable code;
// everything else is masked, so internals (SQL, stack traces, values) never reach a caller.
//
// A caller's mistake is rewritten in place and returned as the same object: Yoga logs every error
// that maskError replaces, and a bad request is not a server failure worth a log line.
import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { databaseErrorOf, isPgDatabaseError } from './database-error.js';
import { isDatabaseUnavailable, retryAfterSeconds } from './database-unavailable.js';
import { withoutValues } from './messages-without-values.js';

interface PrismaKnownError {
  code: string;
}

type Outcome = { message: string; code: string; status: number; headers?: Record<string, string>; field?: string };

function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^P\d{4}$/.test(code);
}

// Prisma names some database errors itself (P2002, P2003); others arrive as a generic database
// error with the SQLSTATE in the driver adapter's cause. PGlite (PostgreSQL 17) reports a RESTRICT
// violation as 23001 where PostgreSQL 15 reports 23503.
// A Map: the SQLSTATE comes from the driver, and no plain object's property should pass for one.
const prismaCodeForSqlState = new Map([
  ['23505', 'P2002'],
  ['23503', 'P2003'],
  ['23001', 'P2003'],
  ['22001', 'P2000'],
  ['54000', 'P2000'], // an index entry too large: a value too long to index
  ['22021', 'P2019'], // a character the database cannot store (NUL)
  ['22008', 'P2019'], // a date or time out of range
  ['22003', 'P2019'], // a number out of range
  ['22P02', 'P2019'], // text that is not of the column's type
]);

/**
 * Prisma's code for an error: the one its SQLSTATE stands for, else Prisma's own. An error of
 * node-postgres (a statement sent past Prisma: src/db.ts) is read by its SQLSTATE alike, so both
 * are told to a caller the same way. Undefined for any other error.
 */
function prismaCodeOf(error: unknown): string | undefined {
  if (!isPrismaKnownError(error) && !isPgDatabaseError(error)) return undefined;
  const sqlState = databaseErrorOf(error)?.sqlState;
  return (sqlState && prismaCodeForSqlState.get(sqlState)) || (isPrismaKnownError(error) ? error.code : undefined);
}

/** A foreign key found no record: the one it names was removed, or never was. */
export function isForeignKeyViolation(error: unknown): boolean {
  return prismaCodeOf(error) === 'P2003';
}

/** A unique index refused a row: another row holds its value. */
export function isUniqueViolation(error: unknown): boolean {
  return prismaCodeOf(error) === 'P2002';
}

// The unique indexes on what a caller gives, by constraint name, as a 409 names them (never the
// value: PostgreSQL's detail quotes it). A Map: the name comes from the database's message.
const uniqueFields = new Map([
  [
    'AnonymousIdentity_pkey',
    { field: 'anonymousIds', message: 'another Account holds one of these anonymous ids (an anonymous id belongs to one account at most)' },
  ],
  ['Consumer_emailKey_key', { field: 'email', message: 'another Consumer holds this email' }],
  ['Consumer_externalIdKey_key', { field: 'externalId', message: 'another Consumer holds this external id' }],
  ['WebEvent_dedupeKey_key', { field: 'name', message: 'another WebEvent with these unique-key values is stored already' }],
]);

function heldField(error: unknown): { field: string; message: string } | undefined {
  const constraint = /unique constraint "([^"]+)"/.exec(databaseErrorOf(error)?.message ?? '')?.[1];
  return constraint === undefined ? undefined : uniqueFields.get(constraint);
}

function databaseOutcome(error: unknown): Outcome | undefined {
  if (isDatabaseUnavailable(error)) {
    return {
      message: 'Service Unavailable: the database cannot serve now; try again shortly',
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    };
  }
  switch (prismaCodeOf(error)) {
    case 'P2002': {
      // A race the write core's checks could not see: the unique index names the field when it is one a caller gives.
      const held = heldField(error);
      return held
        ? { message: `${held.field}: ${held.message}`, code: 'CONFLICT', status: 409, field: held.field }
        : { message: 'A record with this key already exists', code: 'CONFLICT', status: 409 };
    }
    case 'P2025':
      return { message: 'The record does not exist', code: 'NOT_FOUND', status: 404 };
    case 'P2003':
    case 'P2014':
      return { message: 'Another record still refers to this one, or a referenced record does not exist', code: 'CONFLICT', status: 409 };
    case 'P2000':
      return { message: 'A value is too long for its field', code: 'BAD_USER_INPUT', status: 400 };
    case 'P2019':
      return { message: 'A value cannot be stored as given (out of range, or a character such as NUL)', code: 'BAD_USER_INPUT', status: 400 };
    default:
      return undefined;
  }
}

/** The stable answer to a database error a caller caused (a duplicate key, a value out of range). */
export function knownDatabaseError(error: unknown): GraphQLError | undefined {
  const outcome = databaseOutcome(error);
  return (
    outcome &&
    createGraphQLError(outcome.message, { extensions: { code: outcome.code, http: httpOf(outcome), ...(outcome.field && { field: outcome.field }) } })
  );
}

const httpOf = ({ status, headers }: Outcome) => (headers ? { status, headers } : { status });

function rewrite(error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError {
  return Object.assign(error, { message, extensions: { ...error.extensions, ...extensions } });
}

export function maskError(error: unknown, message: string): Error {
  const located = error instanceof GraphQLError ? error : undefined;
  const original = located?.originalError ?? error;
  // Raised on purpose: graphql-js has already copied message and extensions onto the located error.
  if (original instanceof GraphQLError && original.extensions?.code) return located ?? original;
  if (located && (prismaCodeOf(original) || isDatabaseUnavailable(original))) {
    const outcome = databaseOutcome(original);
    if (outcome) return rewrite(located, outcome.message, { code: outcome.code, http: httpOf(outcome), ...(outcome.field && { field: outcome.field }) });
  }
  // Errors of the GraphQL layer itself (parse, validation, variable coercion, @oneOf, an invalid
  // cursor) are about the request: bad input.
  if (located && (!located.originalError || original instanceof GraphQLError)) {
    const { message: clean, field } = withoutValues(located.message, original instanceof Error ? original.message : '');
    return rewrite(located, clean, { code: 'BAD_USER_INPUT', http: { status: 400 }, ...(field && { field }) });
  }
  return createGraphQLError(message, {
    path: located?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } },
  });
}
