// The errors that say the database cannot serve now, in every shape they arrive in, and some
// that do not. Most shapes are reproduced against a real server in test/database-unavailable.test.ts;
// these are the ones a test cannot bring about at will (a connection breaking in the middle of a
// transaction, which an outside test saw once in 7,900 writes, answered with a 500).
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/database-unavailable.js';

/** pg's own error for a server message, as its parser builds it. */
function serverError(code: string, severity: string): Error {
  const error = new (pg.DatabaseError as unknown as new (message: string, length: number, name: string) => Error & { code: string; severity: string })(
    'from the server',
    0,
    'error',
  );
  return Object.assign(error, { code, severity });
}

describe('an error that says the database cannot serve now', () => {
  it.each([
    ['a connection that broke under a transaction', new Error('Client has encountered a connection error and is not queryable')],
    ['a client closed under a transaction', new Error('Client was closed and is not queryable')],
    ['a connection ended', new Error('Connection terminated')],
    ['a connection lost', new Error('Connection terminated unexpectedly')],
    ['a session terminated, unwrapped', serverError('57P01', 'FATAL')],
    ['a database not accepting connections, unwrapped', serverError('55000', 'FATAL')],
    ['too many connections, unwrapped', serverError('53300', 'FATAL')],
  ])('%s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', serverError('23505', 'ERROR')],
    ['a failed password', serverError('28P01', 'FATAL')],
    ['a database that does not exist', serverError('3D000', 'FATAL')],
    ['a bug of ours', new TypeError('cannot read properties of undefined')],
  ])('but not %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
