// An error PostgreSQL sent, as the SQLSTATE and message it sent, however it reached us: through
// Prisma's client (the driver adapter's cause, in the error's meta) or from node-postgres itself (a
// DatabaseError, for the statements sent past Prisma: src/db.ts runWrite and queryPrepared). What
// a caller is told of either is decided once, in src/mask-error.ts.

export interface DatabaseError {
  /** The SQLSTATE (23505: a unique index refused the row). */
  sqlState: string;
  /** PostgreSQL's primary message, which names a constraint; never its detail, which quotes values. */
  message: string;
}

interface PrismaShape {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } };
}

/** Whether `error` is node-postgres' DatabaseError (pg-protocol names it 'error'; pg is loaded only on PostgreSQL). */
export function isPgDatabaseError(error: unknown): error is Error & { code: string } {
  const code: unknown = error instanceof Error && error.name === 'error' ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** The SQLSTATE and message of a database error, or undefined when `error` is none (or gives no SQLSTATE). */
export function databaseErrorOf(error: unknown): DatabaseError | undefined {
  if (isPgDatabaseError(error)) return { sqlState: error.code, message: error.message };
  const cause = (error as PrismaShape | null)?.meta?.driverAdapterError?.cause;
  if (typeof cause?.originalCode !== 'string') return undefined;
  return { sqlState: cause.originalCode, message: typeof cause.originalMessage === 'string' ? cause.originalMessage : '' };
}
