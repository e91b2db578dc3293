// The SQL the write core sends: many rows of one table in one statement. Rows travel as one JSON
// parameter read with json_populate_recordset against the table's own row type, so PostgreSQL
// types every column (arrays and dates included) and no statement runs out of parameters.
import type { Prisma } from '../generated/prisma/client.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { EntityDescription } from '../model/entity.js';
import type { Key } from '../model/keys.js';
import { outboxInsert } from './outbox.js';

export type Transaction = Prisma.TransactionClient;
type Row = Record<string, unknown>;

export const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface Stamps {
  createdAt?: Date;
  updatedAt: Date;
}

// Prisma stores timestamps without a time zone, in UTC: so does this, whatever the session's zone.
const now = "(now() AT TIME ZONE 'UTC')";

/** A written row's key, timestamps and the `also` columns asked for, as Prisma reads them. */
export type Returned = Row & Stamps;

/** Rows as a Prisma read gives them: a list column that is NULL reads as an empty list. */
function asRead(entity: EntityDescription, rows: Returned[]): Returned[] {
  for (const row of rows) {
    for (const [name, field] of Object.entries(entity.scalars)) if (field.list && row[name] === null) row[name] = [];
  }
  return rows;
}

const returning = (entity: EntityDescription, created: boolean, also: string[]) => {
  const columns = new Set([...entity.key, ...(created ? ['createdAt'] : []), 'updatedAt', ...also]);
  return `RETURNING ${[...columns].map((column) => `t.${quoted(column)}`).join(', ')}`;
};

/**
 * Inserts rows whose key is free; a row whose key is taken is left alone (ON CONFLICT DO NOTHING:
 * under concurrent writers, only one of them creates a record). Any unique index counts, not only
 * the key's: a web event whose definition's unique key is taken (`dedupeKey`) is left alone too.
 * Resolves with the rows inserted.
 */
export async function insertNew(tx: Transaction, entity: EntityDescription, rows: Row[], also: string[] = [], outbox?: string): Promise<Returned[]> {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))].map(quoted);
  const inserted = await tx.$queryRawUnsafe<Returned[]>(
    withOutbox(
      `INSERT INTO ${quoted(entity.name)} AS t (${[...columns, '"createdAt"', '"updatedAt"'].join(', ')})
     SELECT ${[...columns, now, now].join(', ')} FROM json_populate_recordset(NULL::${quoted(entity.name)}, $1::json)
     ON CONFLICT DO NOTHING
     ${returning(entity, true, also)}`,
      2,
      outbox,
    ),
    JSON.stringify(rows),
    ...(outbox ? [outbox] : []),
  );
  return asRead(entity, inserted);
}

/**
 * The write statement, and with `outbox` (writes/outbox.ts: the events of the write) the outbox's
 * INSERT in the same statement, as a second CTE that stores them only when the write wrote a row:
 * a write of one statement needs no transaction for its outbox either.
 */
function withOutbox(statement: string, parameter: number, outbox: string | undefined): string {
  if (!outbox) return statement;
  return `WITH written AS (${statement}), outbox AS (${outboxInsert(parameter, 'EXISTS (SELECT 1 FROM written)')}) SELECT * FROM written`;
}

/**
 * Sets the columns the rows give (all rows give the same ones) on the records with the rows'
 * keys, or, for one row, on the record with `where` (an update that changes a natural key).
 * Resolves with the rows updated.
 */
export async function updateExisting(
  tx: Transaction,
  entity: EntityDescription,
  rows: Row[],
  { where, also = [], append = [], outbox }: { where?: Key; also?: string[]; append?: string[]; outbox?: string } = {},
): Promise<Returned[]> {
  const columns = Object.keys(rows[0]);
  // An appended list keeps its items and gains the given ones it lacks, in one statement, so two
  // writers appending at once both keep theirs (the row lock orders them).
  const value = (column: string) =>
    append.includes(column)
      ? `t.${quoted(column)} || ARRAY(SELECT DISTINCT item FROM unnest(v.${quoted(column)}) AS item WHERE item <> ALL (coalesce(t.${quoted(column)}, '{}')))`
      : `v.${quoted(column)}`;
  const sets = [...columns.map((column) => `${quoted(column)} = ${value(column)}`), `"updatedAt" = ${now}`];
  const keyParameters = where ? entity.key.map((field) => where[field]) : [];
  const match = entity.key.map((field, index) => `t.${quoted(field)} = ${where ? `$${index + 2}` : `v.${quoted(field)}`}`).join(' AND ');
  const updated = await tx.$queryRawUnsafe<Returned[]>(
    withOutbox(
      `UPDATE ${quoted(entity.name)} AS t SET ${sets.join(', ')}
     FROM json_populate_recordset(NULL::${quoted(entity.name)}, $1::json) AS v
     WHERE ${match}
     ${returning(entity, false, also)}`,
      keyParameters.length + 2,
      outbox,
    ),
    JSON.stringify(rows),
    ...keyParameters,
    ...(outbox ? [outbox] : []),
  );
  return asRead(entity, updated);
}

export interface JoinTable {
  table: string;
  ownerColumn: 'A' | 'B';
  targetColumn: 'A' | 'B';
}

/**
 * The table Prisma keeps a list relation in (an implicit many-to-many relation): `_<relation
 * name>`, with column A for the model whose name sorts first.
 */
export function joinTableOf(owner: EntityDescription, relation: string): JoinTable {
  const field = getDatamodel().datamodel.models[owner.name]?.fields.find((candidate) => candidate.name === relation);
  if (!field || !('relationName' in field) || !field.relationName) throw new Error(`${owner.name}.${relation} is not a list relation`);
  const ownerFirst = [owner.name, field.type].sort()[0] === owner.name;
  return { table: `_${field.relationName}`, ownerColumn: ownerFirst ? 'A' : 'B', targetColumn: ownerFirst ? 'B' : 'A' };
}

/**
 * Links the pairs (owner key, target key); the stored links of `replacing` owners that are not
 * among the pairs go.
 */
export async function setLinks(tx: Transaction, join: JoinTable, pairs: [string, string][], replacing: string[]): Promise<void> {
  const [owner, target] = [quoted(join.ownerColumn), quoted(join.targetColumn)];
  const ownerColumn = pairs.map(([ownerKey]) => ownerKey);
  const targetColumn = pairs.map(([, targetKey]) => targetKey);
  if (replacing.length > 0) {
    await tx.$executeRawUnsafe(
      `DELETE FROM ${quoted(join.table)} AS j WHERE j.${owner} = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM unnest($2::text[], $3::text[]) AS n(o, t) WHERE n.o = j.${owner} AND n.t = j.${target})`,
      replacing,
      ownerColumn,
      targetColumn,
    );
  }
  if (pairs.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO ${quoted(join.table)} (${owner}, ${target}) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
    ownerColumn,
    targetColumn,
  );
}
