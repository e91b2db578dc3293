// The one place unexpected errors are turned into what a caller sees. Errors raised on purpose
// (src/errors.ts) pass through; Prisma's known errors become their stable codes; everything else
// is masked, so internals (SQL, stack traces, values) never reach a caller.
import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';

interface PrismaKnownError {
  code: string;
  meta?: { target?: string[] | string; modelName?: string; field_name?: string };
}

function isPrismaKnownError(error: unknown): error is PrismaKnownError {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' &&
    /^P\d{4}$/.test((error as { code: string }).code);
}

function fromPrisma(error: PrismaKnownError, path: GraphQLError['path']): GraphQLError | undefined {
  const options = (code: string, status: number) => ({ path, extensions: { code, http: { status } } });
  switch (error.code) {
    case 'P2002':
      return createGraphQLError('A record with this key already exists', options('CONFLICT', 409));
    case 'P2025':
      return createGraphQLError('The record does not exist', options('NOT_FOUND', 404));
    case 'P2003':
    case 'P2014':
      return createGraphQLError('Another record still refers to this one, or a referenced record does not exist', options('CONFLICT', 409));
    case 'P2000':
      return createGraphQLError('A value is too long for its field', options('BAD_USER_INPUT', 400));
    default:
      return undefined;
  }
}

// graphql-js prints the rejected value into variable errors ('Variable "$input" got invalid value
// {...} at "input.email"; <reason>') and scalars print it into the reason ('Int cannot represent
// non-integer value: "abc"'). Values may be personal data, so both are cut out; the path stays.
function withoutValues(message: string, reason: string): { message: string; field?: string } {
  const cleanReason = (text: string) =>
    text.replace(/(cannot represent[^:]*?value)(: .*)?$/s, '$1').replace(/^Value ".*" does not exist/s, 'The value does not exist');
  const variable = /^Variable "\$(\w+)" got invalid value /.exec(message);
  if (!variable || !reason || !message.endsWith(`; ${reason}`)) return { message: cleanReason(message) };
  const prefix = message.slice(0, -(reason.length + 2));
  const at = / at "([^"]+)"$/.exec(prefix);
  // A missing or unknown field is reported on its parent object: name the field itself.
  const named = /^Field "(\w+)" (?:of required type|is not defined)/.exec(reason);
  const field = `${(at ? at[1] : variable[1]).replace(/\[(\d+)\]/g, '.$1')}${named ? `.${named[1]}` : ''}`;
  return { message: `${field}: ${cleanReason(reason)}`, field };
}

export function maskError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  // Raised on purpose (src/errors.ts): graphql-js has already copied message and extensions onto
  // the located error. Returning it unchanged also keeps Yoga from logging it as a failure.
  if (original instanceof GraphQLError && original.extensions?.code) return error as GraphQLError;
  if (isPrismaKnownError(original)) {
    const mapped = fromPrisma(original, error instanceof GraphQLError ? error.path : undefined);
    if (mapped) return mapped;
  }
  // Errors of the GraphQL layer itself (parse, validation, variable coercion, @oneOf, an invalid
  // cursor) are about the request: they reach the caller as bad input.
  if (error instanceof GraphQLError && (!error.originalError || original instanceof GraphQLError)) {
    const { message, field } = withoutValues(error.message, original instanceof Error ? original.message : '');
    // Rewritten in place: Yoga logs every error that maskError replaces, and a caller's mistake is
    // not a server failure worth a log line.
    return Object.assign(error, {
      message,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT', http: { status: 400 }, ...(field && { field }) },
    });
  }
  return createGraphQLError(message, {
    path: error instanceof GraphQLError ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } },
  });
}
