// The one place errors are turned into what a caller sees. Errors raised on purpose (src/errors.ts)
// pass through; the caller's mistakes found by GraphQL or by the database get a stable code;
// everything else is masked, so internals (SQL, stack traces, values) never reach a caller.
//
// A caller's mistake is rewritten in place and returned as the same object: Yoga logs every error
// that maskError replaces, and a bad request is not a server failure worth a log line.
import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

interface PrismaKnownError {
  code: string;
  meta?: { driverAdapterError?: { cause?: { originalCode?: string } } };
}

type Outcome = { message: string; code: string; status: number };

function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^P\d{4}$/.test(code);
}

// Prisma names some database errors itself (P2002, P2003); others arrive as a generic database
// error with the SQLSTATE in the driver adapter's cause. PGlite (PostgreSQL 17) reports a RESTRICT
// violation as 23001 where PostgreSQL 15 reports 23503.
const prismaCodeForSqlState: Record<string, string> = { '23505': 'P2002', '23503': 'P2003', '23001': 'P2003', '22001': 'P2000' };

function prismaOutcome(error: PrismaKnownError): Outcome | undefined {
  const sqlState = error.meta?.driverAdapterError?.cause?.originalCode;
  switch ((sqlState && prismaCodeForSqlState[sqlState]) || error.code) {
    case 'P2002':
      return { message: 'A record with this key already exists', code: 'CONFLICT', status: 409 };
    case 'P2025':
      return { message: 'The record does not exist', code: 'NOT_FOUND', status: 404 };
    case 'P2003':
    case 'P2014':
      return { message: 'Another record still refers to this one, or a referenced record does not exist', code: 'CONFLICT', status: 409 };
    case 'P2000':
      return { message: 'A value is too long for its field', code: 'BAD_USER_INPUT', status: 400 };
    default:
      return undefined;
  }
}

// graphql-js prints the rejected value into variable errors ('Variable "$input" got invalid value
// {...} at "input.email"; <reason>') and scalars print it into the reason ('Int cannot represent
// non-integer value: "abc"'). Values may be personal data, so both are cut out; the path stays.
function withoutValues(message: string, reason: string): { message: string; field?: string } {
  const cleanReason = (text: string) =>
    text
      .replace(/^Field "\w+" of required type "[^"]+" was not provided\.$/, 'is required')
      .replace(/^Field "\w+" is not defined by type "(\w+)"\..*$/s, 'is not a field of $1')
      .replace(/(cannot represent[^:]*?value)(: .*)?$/s, '$1')
      .replace(/^Value ".*" does not exist/s, 'The value does not exist');
  const variable = /^Variable "\$(\w+)" got invalid value /.exec(message);
  if (!variable || !reason || !message.endsWith(`; ${reason}`)) return { message: cleanReason(message) };
  const prefix = message.slice(0, -(reason.length + 2));
  const at = / at "([^"]+)"$/.exec(prefix);
  // A missing or unknown field is reported on its parent object: name the field itself.
  const named = /^Field "(\w+)" (?:of required type|is not defined)/.exec(reason);
  const field = `${(at ? at[1] : variable[1]).replace(/\[(\d+)\]/g, '.$1')}${named ? `.${named[1]}` : ''}`;
  return { message: `${field}: ${cleanReason(reason)}`, field };
}

function rewrite(error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError {
  return Object.assign(error, { message, extensions: { ...error.extensions, ...extensions } });
}

export function maskError(error: unknown, message: string): Error {
  const located = error instanceof GraphQLError ? error : undefined;
  const original = located?.originalError ?? error;
  // Raised on purpose: graphql-js has already copied message and extensions onto the located error.
  if (original instanceof GraphQLError && original.extensions?.code) return located ?? original;
  if (located && isPrismaKnownError(original)) {
    const outcome = prismaOutcome(original);
    if (outcome) return rewrite(located, outcome.message, { code: outcome.code, http: { status: outcome.status } });
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
