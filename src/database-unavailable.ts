// Whether an error says the database cannot serve now, so that the same request may succeed later:
// the caller gets 503 with Retry-After, not a 500 (which means a bug). Each shape below was
// reproduced against PostgreSQL 15 through @prisma/adapter-pg (test/database-unavailable.test.ts,
// test/database-outage.test.ts).
import { isDriverAdapterError } from '@prisma/driver-adapter-utils';

/** How long a caller is told to wait before trying again, in seconds. */
export const retryAfterSeconds = 5;

interface AdapterCause {
  kind?: string;
  originalCode?: string;
  code?: string;
  severity?: string;
}

// Prisma's own codes: cannot reach, timed out, operations timed out, connection closed, pool
// time-out, too many connections, and a transaction that could not start (or finish) in its time:
// every connection was busy, as under a burst of writes queued behind the lead-assignment lock
// (P2028, seen as a 500 by the outside attack).
const prismaCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2037']);
// The driver adapter's names for a refused or lost connection (adapter-pg's convertDriverError).
const adapterKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// Node's socket errors, when they arrive unwrapped.
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
// SQLSTATEs: too many connections; shutting down, crashed, starting up (57P01-57P03).
const sqlStates = new Set(['53300', '57P01', '57P02', '57P03']);
// A FATAL error ends the session: "database is not accepting connections" (55000), terminated
// by an administrator, a conflict with recovery. These two FATAL classes are a configuration that
// can never work, not an outage: 28 (authentication) and 3D (no such database).
const fatalButMisconfigured = /^(28|3D)/;
// pg's own connection errors carry no code, only these messages (pg's client.js and pool). The
// last two reach a transaction whose connection broke under it: the adapter passes them on as
// they are (seen once in 7,900 writes during an outage, as a 500).
const pgConnectionMessages = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  // query_timeout ran out: the server took the query and never answered (the read replica's pool sets it).
  'Query read timeout',
]);

function isUnavailableSqlState(code: string | undefined, severity: string | undefined): boolean {
  if (!code) return false;
  if (code.startsWith('08') || sqlStates.has(code)) return true;
  return severity === 'FATAL' && !fatalButMisconfigured.test(code);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, severity, message, meta } = error as AdapterCause & { message?: unknown; meta?: { driverAdapterError?: { cause?: AdapterCause } } };
  // Prisma's error carries the adapter's; the adapter's own (a read replica's, src/read-replica.ts) is it.
  const cause: AdapterCause | undefined =
    meta?.driverAdapterError?.cause ?? (isDriverAdapterError(error) ? { kind: error.cause.kind, originalCode: error.cause.originalCode } : undefined);
  if (typeof code === 'string' && (prismaCodes.has(code) || socketCodes.has(code))) return true;
  if (cause && ((cause.kind && adapterKinds.has(cause.kind)) || isUnavailableSqlState(cause.originalCode ?? cause.code, cause.severity))) return true;
  // pg's own DatabaseError, when the adapter passes it on unwrapped (inside a transaction).
  if (error instanceof Error && error.name === 'error' && isUnavailableSqlState(code, severity)) return true;
  return typeof message === 'string' && pgConnectionMessages.has(message);
}
