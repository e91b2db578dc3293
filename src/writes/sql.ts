// The SQL the write core sends: many rows of one table in one statement. Rows travel as one JSON
// parameter read with json_populate_recordset against the table's own row type, so PostgreSQL
// types every column (arrays and dates included) and no statement runs out of parameters.
import { preparedWrite, runWrite } from '../db.js';
import type { Prisma } from '../generated/prisma/client.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { EntityDescription } from '../model/entity.js';
import type { Key } from '../model/keys.js';

export type Transaction = Prisma.TransactionClient;
type Row = Record<string, unknown>;

export const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

export interface Stamps {
  createdAt?: Date;
  updatedAt: Date;
}

// Prisma stores timestamps without a time zone, in UTC: so does this, whatever the session's zone.
export const now = "(now() AT TIME ZONE 'UTC')";

/** A written row's key, timestamps and the `also` columns asked for, as Prisma reads them. */
export type Returned = Row & Stamps;

/** Rows as a Prisma read gives them: a list column that is NULL reads as an empty list. */
function asRead(entity: EntityDescription, rows: Returned[]): Returned[] {
  for (const row of rows) {
    for (const [name, field] of Object.entries(entity.scalars)) if (field.list && row[name] === null) row[name] = [];
  }
  return rows;
}

/** Binds a value as the statement's next parameter and gives its placeholder (`$3`). */
export type Bind = (value: unknown) => string;

/**
 * An INSERT that runs in the statement of a write, as a data-modifying CTE reading the written
 * rows from the CTE named `written` (writes/trail.ts): whatever it records commits or fails with
 * the write.
 */
export type FollowUp = (bind: Bind, written: string) => string;

export interface WriteOptions {
  /** Who writes (writes/trail.ts): stored as the rows' `createdBy` / `updatedBy`. */
  actor: string;
  /** Columns to return besides the key and the timestamps. */
  also?: string[];
  follow?: FollowUp[];
  /** SQL a create computes a column with, over its row's columns (a new lead's sales rep: writes/assignment.ts). */
  computed?: Map<string, string>;
}

/** A statement's parameters, bound as its text is built. */
export function parameters(first: unknown[]): { values: unknown[]; bind: Bind } {
  const values = [...first];
  const bind: Bind = (value) => {
    values.push(value);
    return `$${values.length}`;
  };
  return { values, bind };
}

/**
 * The written rows (CTE `written`), their follow-ups, and the columns the caller gets back (with
 * `before` columns as they were before an update).
 */
export function withFollowUps(
  write: string,
  entity: EntityDescription,
  created: boolean,
  { also = [], follow = [] }: WriteOptions,
  bind: Bind,
  before: string[] = [],
) {
  const columns = new Set([...entity.key, ...(created ? ['createdAt'] : []), 'updatedAt', ...also]);
  const selected = [...[...columns].map((column) => `w.${quoted(column)}`), ...before.map((column) => `w.${quoted(`before.${column}`)}`)];
  return `WITH ${writeCtes('written', write, follow, bind)} SELECT ${selected.join(', ')} FROM written AS w`;
}

/** The CTEs of one write: `name` holds the rows it writes, and each follow-up reads them from there. */
export function writeCtes(name: string, write: string, follow: FollowUp[], bind: Bind): string {
  return [`${name} AS (${write})`, ...follow.map((followUp, index) => `${name}_follow${index} AS (${followUp(bind, name)})`)].join(', ');
}

/**
 * Inserts rows whose key is free; a row whose key is taken is left alone (ON CONFLICT DO NOTHING:
 * under concurrent writers, only one of them creates a record). Any unique index counts, not only
 * the key's: a web event whose definition's unique key is taken (`dedupeKey`) is left alone too.
 * Resolves with the rows inserted.
 */
export async function insertNew(tx: Transaction, entity: EntityDescription, rows: Row[], options: WriteOptions): Promise<Returned[]> {
  const { values, bind } = parameters([]);
  const inserted = await runWrite<Returned>(
    tx,
    preparedWrite(withFollowUps(insertStatement(entity, rows, options, bind), entity, true, options, bind)),
    values,
  );
  return asRead(entity, inserted);
}

/** insertNew's INSERT, returning every column of the rows inserted (`RETURNING t.*`). */
export function insertStatement(entity: EntityDescription, rows: Row[], options: WriteOptions, bind: Bind): string {
  const computed = options.computed ?? new Map<string, string>();
  const given = new Set<string>();
  for (const row of rows) for (const name in row) given.add(name);
  const names = [...new Set([...given, ...computed.keys()])];
  const json = bind(JSON.stringify(rows));
  const actor = bind(options.actor);
  const columns = [...names.map(quoted), '"createdAt"', '"updatedAt"', '"createdBy"', '"updatedBy"'];
  const selected = [...names.map((name) => computed.get(name) ?? quoted(name)), now, now, actor, actor];
  return `INSERT INTO ${quoted(entity.name)} AS t (${columns.join(', ')})
     SELECT ${selected.join(', ')} FROM json_populate_recordset(NULL::${quoted(entity.name)}, ${json}::json)
     ON CONFLICT DO NOTHING
     RETURNING t.*`;
}

/**
 * Sets the columns the rows give (all rows give the same ones) on the records with the rows'
 * keys, or, for one row, on the record with `where` (an update that changes a natural key);
 * `append` columns (lists) gain the given items instead of being replaced by them.
 * `before` columns are given to the follow-ups as they were before the write (`before.<column>`
 * of `written`); `guarded` ones also come back so. A record whose `guarded` column another writer
 * changed while this statement waited for its row is left alone (and so missing from the rows
 * updated, which makes the plan stale).
 * Resolves with the rows updated.
 */
export async function updateExisting(
  tx: Transaction,
  entity: EntityDescription,
  rows: Row[],
  { where, before = [], guarded = [], append = [], ...options }: WriteOptions & { where?: Key; before?: string[]; guarded?: string[]; append?: string[] },
): Promise<Returned[]> {
  const columns = Object.keys(rows[0]);
  const { values, bind } = parameters([JSON.stringify(rows)]);
  // An appended list keeps its items and gains the given ones it lacks, in one statement, so two
  // writers appending at once both keep theirs (the row lock orders them).
  const value = (column: string) =>
    append.includes(column)
      ? `t.${quoted(column)} || ARRAY(SELECT DISTINCT item FROM unnest(v.${quoted(column)}) AS item WHERE item <> ALL (coalesce(t.${quoted(column)}, '{}')))`
      : `v.${quoted(column)}`;
  const sets = [...columns.map((column) => `${quoted(column)} = ${value(column)}`), `"updatedAt" = ${now}`, `"updatedBy" = ${bind(options.actor)}`];
  const keyPlaceholders = where ? entity.key.map((field) => bind(where[field])) : [];
  const match = entity.key.map((field, index) => `t.${quoted(field)} = ${where ? keyPlaceholders[index] : `v.${quoted(field)}`}`);
  // `old` is the row as this statement's snapshot saw it: the values before the write.
  const same = entity.key.map((field) => `old.${quoted(field)} = t.${quoted(field)}`);
  const unchanged = guarded.map((column) => `t.${quoted(column)} IS NOT DISTINCT FROM old.${quoted(column)}`);
  // A record in the trash is changed only by a restore (writes/delete.ts).
  if (entity.trash) unchanged.push('t."deletedAt" IS NULL');
  const write = `UPDATE ${quoted(entity.name)} AS t SET ${sets.join(', ')}
     FROM json_populate_recordset(NULL::${quoted(entity.name)}, $1::json) AS v, ${quoted(entity.name)} AS old
     WHERE ${[...match, ...same, ...unchanged].join(' AND ')}
     RETURNING t.*${[...new Set([...before, ...guarded])].map((column) => `, old.${quoted(column)} AS ${quoted(`before.${column}`)}`).join('')}`;
  const updated = await runWrite<Returned>(tx, preparedWrite(withFollowUps(write, entity, false, options, bind, guarded)), values);
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
  const { values, bind } = parameters([]);
  await tx.$executeRawUnsafe(linkStatement(join, pairs, bind), ...values);
}

/** The INSERT of the pairs (owner key, target key) into a list relation's table; a pair linked already stays. */
export function linkStatement(join: JoinTable, pairs: [string, string][], bind: Bind): string {
  const [owner, target] = [quoted(join.ownerColumn), quoted(join.targetColumn)];
  const owners = bind(pairs.map(([ownerKey]) => ownerKey));
  const targets = bind(pairs.map(([, targetKey]) => targetKey));
  return `INSERT INTO ${quoted(join.table)} (${owner}, ${target}) SELECT * FROM unnest(${owners}::text[], ${targets}::text[]) ON CONFLICT DO NOTHING`;
}
