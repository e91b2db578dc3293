// On PostgreSQL a write statement that stands alone goes through node-postgres directly, past
// Prisma's client (src/db.ts runWrite): its rows must hold the values a Prisma raw query gives,
// whatever the process's time zone, and its errors must reach a caller as Prisma's do (one mapping,
// src/mask-error.ts, reading either through src/database-error.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { databaseErrorOf } from '../src/database-error.js';
import { prisma, runWrite } from '../src/db.js';
import { isForeignKeyViolation, isUniqueViolation, knownDatabaseError } from '../src/mask-error.js';
import { countStatements, ok } from './helpers/graphql.js';

// A column of each type the schema stores (text, int4, float8, boolean, timestamp(3), date, int8,
// json and jsonb, arrays of text, int4 and float8), and types it may come to (numeric, bytea,
// timestamptz, arrays of instants), each also as NULL.
const everyType = `SELECT 'text'::text AS "text", 7::int4 AS "int", 1.25::float8 AS "float", true AS "bool",
  '2026-11-30 23:59:58.123'::timestamp(3) AS "instant", '2026-11-30'::date AS "date", 9007199254740993::int8 AS "big",
  '{"a":[1,"x",null]}'::json AS "json", '"s"'::jsonb AS "jsonb", ARRAY['a', NULL, 'c,d']::text[] AS "texts",
  ARRAY[1, 2]::int4[] AS "ints", ARRAY[0.5]::float8[] AS "floats", 12.50::numeric AS "decimal", '\\x00ff'::bytea AS "bytes",
  '2026-11-30 23:59:58.5+00'::timestamptz AS "zoned", ARRAY['2026-01-02 03:04:05.006'::timestamp(3), NULL] AS "instants",
  ARRAY[1, 2]::int8[] AS "bigs", NULL::text AS "noText", NULL::timestamp(3) AS "noInstant", NULL::int8 AS "noBig",
  NULL::text[] AS "noTexts"`;

/** The error `work` rejects with. */
async function failure(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe.runIf(process.env.TEST_DATABASE === 'postgres')('write statements sent through node-postgres directly', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("gives the values Prisma's raw query gives, for every column type, in a process whose zone is not UTC", async () => {
    // node-postgres' own parser reads a timestamp without a zone in the process's zone.
    process.env.TZ = 'America/New_York';
    const direct = await runWrite<Record<string, unknown>>(prisma, everyType, []);
    const throughPrisma = await prisma.$queryRawUnsafe<Record<string, unknown>[]>(everyType);
    expect(direct).toEqual(throughPrisma);
    const [row] = direct;
    expect((row.instant as Date).toISOString()).toBe('2026-11-30T23:59:58.123Z');
    expect((row.date as Date).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(row.big).toBe(9007199254740993n);
    expect(String(row.decimal)).toBe('12.5');
    expect(row.bytes).toBeInstanceOf(Uint8Array);
    expect(row.texts).toEqual(['a', null, 'c,d']);
  });

  it("counts as a statement, as one sent through Prisma does (the test of each scenario's count relies on it)", async () => {
    const { count, statements } = await countStatements(() => runWrite(prisma, 'SELECT 1 AS "one"', []));
    expect(count).toBe(1);
    expect(statements).toEqual(['SELECT 1 AS "one"']);
  });

  it('a unique index refusing the row is the 409 naming the field, as through Prisma, without the value', async () => {
    const email = `direct.${Date.now()}@example.com`;
    const create = (address: string) =>
      ok<{ createConsumer: { id: string } }, never>(
        `mutation { createConsumer(input: { email: "${address}", firstName: "Di", lastName: "Rect", phoneNumber: "555-0100", birthDate: "1990-01-02" }) { id } }`,
      );
    const first = await create(email);
    const second = await create(`other.${email}`);
    expect(first.createConsumer.id).not.toBe(second.createConsumer.id);
    const taking = `UPDATE "Consumer" SET "emailKey" = (SELECT "emailKey" FROM "Consumer" WHERE "id" = $1) WHERE "id" = $2 RETURNING "id"`;
    const ids = [first.createConsumer.id, second.createConsumer.id];
    const direct = await failure(runWrite(prisma, taking, ids));
    const throughPrisma = await failure(prisma.$queryRawUnsafe(taking, ...ids));
    expect(isUniqueViolation(direct)).toBe(true);
    const answer = knownDatabaseError(direct);
    expect(answer?.extensions).toEqual({ code: 'CONFLICT', http: { status: 409 }, field: 'email' });
    expect(answer?.message).toBe('email: another Consumer holds this email');
    expect(answer?.message).toBe(knownDatabaseError(throughPrisma)?.message);
    expect(answer?.extensions).toEqual(knownDatabaseError(throughPrisma)?.extensions);
    expect(JSON.stringify(answer)).not.toContain('direct.');
  });

  it('a missing referenced record, a value out of range and a stale plan read as through Prisma', async () => {
    const missingRep = `INSERT INTO "Lead" ("id", "email", "phoneNumber", "salesRepId", "updatedAt") VALUES ('led_direct0000', 'x@example.com', '555', 'no such rep', now())`;
    const outOfRange = `SELECT 2147483648::int4`;
    const stale = `SELECT "write_plan_stale"()`;
    for (const [sql, expected] of [
      [missingRep, { code: 'CONFLICT', status: 409 }],
      [outOfRange, { code: 'BAD_USER_INPUT', status: 400 }],
    ] as const) {
      const direct = await failure(runWrite(prisma, sql, []));
      const throughPrisma = await failure(prisma.$queryRawUnsafe(sql));
      expect(knownDatabaseError(direct)?.extensions).toMatchObject({ code: expected.code, http: { status: expected.status } });
      expect(knownDatabaseError(direct)?.message).toBe(knownDatabaseError(throughPrisma)?.message);
    }
    expect(isForeignKeyViolation(await failure(runWrite(prisma, missingRep, [])))).toBe(true);
    expect(databaseErrorOf(await failure(runWrite(prisma, stale, [])))?.sqlState).toBe('CGW01');
    expect(databaseErrorOf(await failure(prisma.$queryRawUnsafe(stale)))?.sqlState).toBe('CGW01');
  });
});
