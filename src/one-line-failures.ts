// Imported first by every command (npm run apikey:*, db:*) and by the server: a failure that
// stops the process ends it with one line for the operator (what went wrong and what to do) and
// exit code 1, never a stack trace, never values from the database. Once the server serves, a
// crash is a bug, and its stack is kept (keepStackTraces).
//
// What the line may name: paths, ports, host names, database and role names (configuration, not
// personal data). What it never shows: a password, a value from a request or a row, and the
// message of an error it does not recognise (a database error's message may quote a row).
import { userInfo } from 'node:os';
import { isDatabaseUnavailable } from './database-unavailable.js';

interface Failure {
  code?: string;
  message?: string;
  syscall?: string;
  path?: string;
  port?: number;
  address?: string;
  hostname?: string;
  meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
}

const databaseUrl = () => (process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : undefined);

function databaseName(): string {
  const url = databaseUrl();
  return url ? decodeURIComponent(url.pathname.slice(1)) : 'the database';
}

/** The role DATABASE_URL connects as: its user name, or pg's defaults (PGUSER, the login name). Never its password. */
function databaseUser(): string {
  const url = databaseUrl();
  return (url?.username && decodeURIComponent(url.username)) || process.env.PGUSER || userInfo().username;
}

// SQLSTATE class 28: the server refused the role (28000: it does not exist, or pg_hba.conf turns
// it away), or its password (28P01).
function authenticationMessage(sqlState: string): string {
  const user = databaseUser();
  return sqlState === '28P01'
    ? `password authentication failed for the role "${user}" of DATABASE_URL: check the password in the URL`
    : `authentication failed for the role "${user}" of DATABASE_URL: the role does not exist on that server, or pg_hba.conf does not let it connect`;
}

function systemMessage(error: Failure): string | undefined {
  if (error.syscall === 'listen' && error.code === 'EADDRINUSE') {
    return `port ${error.port} is in use${error.address ? ` on ${error.address}` : ''}: stop what listens there, or choose another with PORT`;
  }
  if (error.syscall === 'listen' && (error.code === 'EACCES' || error.code === 'EPERM')) {
    return `not allowed to listen on port ${error.port}: choose a port above 1023 with PORT`;
  }
  if (error.syscall === 'getaddrinfo') return `cannot find the host ${error.hostname ?? ''} (DATABASE_URL): ${error.code}`;
  if (error.syscall && error.code?.startsWith('E')) return `${error.syscall}${error.path ? ` ${error.path}` : ''} failed: ${error.code}`;
  return undefined;
}

export function failureMessage(failure: unknown): string {
  const error = (failure ?? {}) as Failure;
  const sqlState = error.meta?.driverAdapterError?.cause?.originalCode ?? error.code;
  // Prisma's schema engine (migrations at start) says so in words; queries say 3D000.
  if (sqlState === '3D000' || /^Database `[^`]*` does not exist/.test(String(error.message))) {
    const name = databaseName();
    return `the database "${name}" does not exist on that server: create it (createdb ${name}, or CREATE DATABASE), then run it again`;
  }
  if (sqlState === '28000' || sqlState === '28P01') return authenticationMessage(sqlState);
  if (isDatabaseUnavailable(error)) return 'cannot reach the database at DATABASE_URL: is PostgreSQL running there, and does it accept connections?';
  if (error.code === 'ERR_SOCKET_BAD_PORT') return 'PORT must be a whole number from 0 to 65535';
  // Its message quotes the URL, password and all: never shown.
  if (error.code === 'ERR_INVALID_URL') return 'DATABASE_URL is not a URL: postgresql://user:password@host:5432/database';
  // A command's own arguments, named as they were typed.
  if (error.code?.startsWith('ERR_PARSE_ARGS_') && failure instanceof Error) return failure.message.split('\n')[0];
  const system = systemMessage(error);
  if (system) return system;
  // Errors of our own (a data directory in use, a bad argument) say what to do in their message.
  if (failure instanceof Error && !error.code) return failure.message.split('\n')[0];
  return `failed (${error.code ?? 'unknown error'}); the details are not shown, since they may hold data`;
}

const oneLine = (error: unknown) => {
  console.error(`error: ${failureMessage(error)}`);
  process.exit(1);
};
process.on('uncaughtException', oneLine);

/** From now on an uncaught error is a bug: Node prints it whole. */
export function keepStackTraces(): void {
  process.off('uncaughtException', oneLine);
}
