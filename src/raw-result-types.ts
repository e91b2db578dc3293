// node-postgres' type parsers for a statement the write core sends through it directly (src/db.ts
// runWrite), so that its rows hold the values a Prisma raw query gives (@prisma/adapter-pg's
// parsers, then the client's deserializeRawResult), and the answer built from them is the same:
// instants and calendar dates as Date, a timestamp without a zone read as UTC whatever the
// process's zone (node-postgres' own parser reads it in local time), int8 as bigint, numeric as
// Prisma's Decimal, bytea as Uint8Array. Everything else (text, int4, float8, boolean, json, and
// their arrays) node-postgres parses as Prisma does. test/direct-writes.test.ts compares both.
import type pg from 'pg';
import { Prisma } from './generated/prisma/client.js';

type Parse = (text: string) => unknown;

// PostgreSQL's type OIDs (pg_type), scalar and array.
const oid = {
  int8: 20,
  bytea: 17,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  int8Array: 1016,
  dateArray: 1182,
  timestampArray: 1115,
  timestamptzArray: 1185,
  numericArray: 1231,
  textArray: 1009,
} as const;

/** The `types` option of a node-postgres query whose rows read as a Prisma raw query's. */
export function rawResultTypes(types: typeof pg.types): { getTypeParser: typeof pg.types.getTypeParser } {
  // pg-types declares only the scalar OIDs; its parsers take any.
  const parserOf = types.getTypeParser as (id: number) => Parse;
  // node-postgres' text-array parser gives each element's text (or null) to `element`.
  const textArray = parserOf(oid.textArray) as (text: string) => (string | null)[];
  const arrayOf =
    (element: Parse): Parse =>
    (text) =>
      textArray(text).map((item) => (item === null ? null : element(item)));
  const timestamp: Parse = (text) => new Date(`${text.replace(' ', 'T')}Z`);
  // As @prisma/adapter-pg reads it: the offset PostgreSQL wrote replaced by +00:00.
  const timestamptz: Parse = (text) => new Date(text.replace(' ', 'T').replace(/[+-]\d{2}(:\d{2})?$/, '+00:00'));
  const date: Parse = (text) => new Date(text);
  const int8: Parse = (text) => BigInt(text);
  const numeric: Parse = (text) => new Prisma.Decimal(text);
  const byteaParser = parserOf(oid.bytea) as (text: string) => Buffer;
  const bytea: Parse = (text) => new Uint8Array(byteaParser(text));
  const parsers = new Map<number, Parse>([
    [oid.int8, int8],
    [oid.bytea, bytea],
    [oid.date, date],
    [oid.timestamp, timestamp],
    [oid.timestamptz, timestamptz],
    [oid.numeric, numeric],
    [oid.int8Array, arrayOf(int8)],
    [oid.dateArray, arrayOf(date)],
    [oid.timestampArray, arrayOf(timestamp)],
    [oid.timestamptzArray, arrayOf(timestamptz)],
    [oid.numericArray, arrayOf(numeric)],
  ]);
  const getTypeParser = ((id: number, format?: 'text' | 'binary') =>
    (format ?? 'text') === 'text' ? (parsers.get(id) ?? types.getTypeParser(id, format)) : types.getTypeParser(id, format)) as typeof pg.types.getTypeParser;
  return { getTypeParser };
}
