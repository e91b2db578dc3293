// Imported first by every command (npm run apikey:*, db:*) and by the server: a failure that
// stops the process ends it with one line for the operator (what went wrong and what to do) and
// exit code 1, never a stack trace, never values from the database. Once the server serves, a
// crash is a bug, and its stack is kept (keepStackTraces).
import { isDatabaseUnavailable } from './database-unavailable.js';

interface Failure {
  code?: string;
  message?: string;
  meta?: { driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } };
}

function databaseName(): string {
  const url = process.env.DATABASE_URL;
  return url ? decodeURIComponent(new URL(url).pathname.slice(1)) : 'the database';
}

export function failureMessage(failure: unknown): string {
  const error = (failure ?? {}) as Failure;
  const cause = error.meta?.driverAdapterError?.cause;
  // Prisma's schema engine (migrations at start) says so in words; queries say 3D000.
  if ((cause?.originalCode ?? error.code) === '3D000' || /^Database `[^`]*` does not exist/.test(String(error.message))) {
    const name = databaseName();
    return `the database "${name}" does not exist on that server: create it (createdb ${name}, or CREATE DATABASE), then start again`;
  }
  if (isDatabaseUnavailable(error)) return 'cannot reach the database at DATABASE_URL: is PostgreSQL running there, and does it accept connections?';
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
