// One SQL statement per aggregate: the numbers asked for over the rows a list's filter matches,
// for the whole list or per group (a group key may be an instant cut to its hour, day, week or
// month). Field names reach here only as enum values the schema checked against the entity
// description (fields.ts), and are quoted as identifiers all the same.
import { queryPrepared } from '../../db.js';
import type { EntityDescription, ScalarField } from '../../model/entity.js';
import { own } from '../../model/own.js';
import { quoted } from '../../writes/sql.js';
import { filterableFields } from '../filters.js';
import { Parameters, whereSql } from './where-sql.js';

export const aggregateFunctions = ['count', 'countDistinct', 'sum', 'avg', 'min', 'max'] as const;
export type AggregateFunction = (typeof aggregateFunctions)[number];

/** One number asked for: `count`, or a function of a field. */
export interface AggregateSpec {
  fn: AggregateFunction;
  field?: string;
}

export const timeUnits = ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
export type TimeUnit = (typeof timeUnits)[number];

export interface GroupTerm {
  field: string;
  /** For a date or an instant: the start of its hour, day, week (ISO: from Monday) or month, in UTC. */
  truncate?: TimeUnit | null;
}

/** The name a spec's value is kept under in an answer (`sum:score`), and its column alias's source. */
export const specName = (spec: AggregateSpec) => (spec.field === undefined ? spec.fn : `${spec.fn}:${spec.field}`);

const timestamps: Record<string, ScalarField> = {
  createdAt: { type: 'DateTime', required: true, description: 'When the record was created' },
  updatedAt: { type: 'DateTime', required: true, description: 'When the record was last changed' },
};

/** Every field an aggregate may name: the filterable fields and the timestamps (own entries only). */
export function aggregateFieldOf(entity: EntityDescription, name: string): ScalarField | undefined {
  return own(filterableFields(entity), name) ?? own(timestamps, name);
}

const isoInstant = (expression: string) => `to_char(${expression}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function keyExpression(entity: EntityDescription, term: GroupTerm): string {
  const field = aggregateFieldOf(entity, term.field)!;
  const column = `t0.${quoted(term.field)}`;
  if (field.type === 'DateTime') return isoInstant(term.truncate ? `date_trunc('${term.truncate.toLowerCase()}', ${column})` : column);
  if (field.type === 'Date') return `to_char(${term.truncate ? `date_trunc('${term.truncate.toLowerCase()}', ${column})` : column}, 'YYYY-MM-DD')`;
  // Numbers and booleans come back as themselves and are written as text in JavaScript.
  return column;
}

/** 2^-64 as a constant the planner folds once. */
const scaleDown = '(2::float8 ^ -64)';

/** Whether the statement answers this number scaled by 2^-64: a sum or average of doubles. */
const isScaled = (entity: EntityDescription, spec: AggregateSpec) =>
  (spec.fn === 'sum' || spec.fn === 'avg') && aggregateFieldOf(entity, spec.field!)?.type === 'Float';

function valueExpression(entity: EntityDescription, spec: AggregateSpec): string {
  if (spec.fn === 'count') return 'count(*)::int';
  const field = aggregateFieldOf(entity, spec.field!)!;
  // An encrypted value is different text each time it is stored; its digest is the same for the same value.
  const column = `t0.${quoted(field.encrypted ? `${spec.field}Digest` : spec.field!)}`;
  if (spec.fn === 'countDistinct') return `count(DISTINCT ${column})::int`;
  // A sum of doubles overflowed part-way once it passed the largest double (22003: two values of
  // 1.7e308 failed the whole statement). Each value is scaled by 2^-64 first, which is exact (a power
  // of two: the same digits, a smaller exponent), so the running sum stays within range for fewer
  // than 2^64 rows and rounds exactly as the unscaled one would; numberOf scales it back, where a
  // result no double holds is found. numeric would not overflow either, but was 6 times slower.
  // An average is the scaled sum over the count, as PostgreSQL's avg(float8) is Sx / N.
  if (field.type === 'Float' && spec.fn === 'sum') return `sum(${column} * ${scaleDown})`;
  if (field.type === 'Float' && spec.fn === 'avg') return `sum(${column} * ${scaleDown}) / count(${column})`;
  // float8: a sum of integers is a bigint and an average a numeric, which drivers give as text;
  // neither can leave a double's range (int4 values, fewer than 2^53 rows), nor can a min or max.
  return `${spec.fn}(${column})::float8`;
}

/** A sum or average whose value is beyond the range of a double, so no JSON or GraphQL number can hold it. */
export class AggregateOutOfRange {
  constructor(readonly spec: AggregateSpec) {}
}

export type AggregateValue = number | null | AggregateOutOfRange;

export interface AggregateRow {
  /** The group's key values as text, in groupBy's order (none for the whole list); null for no value. */
  keys: (string | null)[];
  values: Map<string, AggregateValue>;
}

/** A value as read: a scaled sum or average scaled back, or out of range when no double holds it. */
function numberOf(entity: EntityDescription, spec: AggregateSpec, value: unknown): AggregateValue {
  if (value === null || value === undefined) return spec.fn.startsWith('count') ? 0 : null;
  if (!isScaled(entity, spec)) return Number(value);
  const number = Number(value) * 2 ** 64;
  return Number.isFinite(number) ? number : new AggregateOutOfRange(spec);
}

const keyText = (value: unknown) => (value === null || value === undefined ? null : String(value));

/** The SELECT of an aggregate over the rows `t0` of `entity` that `where` matches, and `link` when given (a nested connection's parent). */
function aggregateSelect(
  entity: EntityDescription,
  where: Record<string, unknown>,
  unique: AggregateSpec[],
  groupBy: GroupTerm[],
  limit: number | undefined,
  parameters: Parameters,
  link?: string,
): string {
  const condition = whereSql(entity, 't0', where, parameters);
  const keys = groupBy.map((term, index) => `${keyExpression(entity, term)} AS k${index}`);
  const values = unique.map((spec, index) => `${valueExpression(entity, spec)} AS v${index}`);
  const positions = groupBy.map((_, index) => index + 1).join(', ');
  const grouped = groupBy.length ? ` GROUP BY ${positions} ORDER BY ${positions} LIMIT ${parameters.add(limit ?? 0, 'int')}` : '';
  return `SELECT ${[...keys, ...values].join(', ') || 'count(*)::int AS v'} FROM ${quoted(entity.name)} t0 WHERE ${link ? `(${link}) AND ` : ''}${condition}${grouped}`;
}

const uniqueSpecs = (specs: AggregateSpec[]) => [...new Map(specs.map((spec) => [specName(spec), spec])).values()];

function rowOf(entity: EntityDescription, row: Record<string, unknown>, groupBy: GroupTerm[], unique: AggregateSpec[]): AggregateRow {
  return {
    keys: groupBy.map((_, index) => keyText(row[`k${index}`])),
    values: new Map(unique.map((spec, index) => [specName(spec), numberOf(entity, spec, row[`v${index}`])])),
  };
}

/**
 * The aggregates of the rows of `entity` that `where` (a Prisma where from whereFromFilter)
 * matches: one row for the whole list, or one per group in key order, at most `limit` groups.
 */
export async function runAggregate(
  entity: EntityDescription,
  where: Record<string, unknown>,
  specs: AggregateSpec[],
  groupBy: GroupTerm[] = [],
  limit?: number,
): Promise<AggregateRow[]> {
  const parameters = new Parameters();
  const unique = uniqueSpecs(specs);
  const sql = aggregateSelect(entity, where, unique, groupBy, limit, parameters);
  const rows = await queryPrepared<Record<string, unknown>>(undefined, sql, parameters.values);
  return rows.map((row) => rowOf(entity, row, groupBy, unique));
}

/** How a nested connection's records hang off its parent: the parent values a statement is given, and the SQL that ties a record `t0` to them (`p.v0`, `p.v1`, ...). */
export interface ParentLink {
  /** The SQL type of each parent value. */
  types: string[];
  /** The condition on t0 (the connection's records) for the parent whose values are `p.v0`, ...  */
  condition: string;
}

/**
 * The aggregates of several parents' nested connections in one statement: for each parent (its
 * link values), the aggregate over its records that `where` also matches, through a LATERAL
 * join, so each parent gets its own groups and its own `limit`. Answers in the parents' order.
 */
export async function runNestedAggregate(
  entity: EntityDescription,
  link: ParentLink,
  parents: unknown[][],
  where: Record<string, unknown>,
  specs: AggregateSpec[],
  groupBy: GroupTerm[] = [],
  limit?: number,
): Promise<AggregateRow[][]> {
  const parameters = new Parameters();
  const unique = uniqueSpecs(specs);
  const columns = link.types.map((type, index) =>
    parameters.add(
      parents.map((values) => values[index]),
      `${type}[]`,
    ),
  );
  const inner = aggregateSelect(entity, where, unique, groupBy, limit, parameters, link.condition);
  const names = link.types.map((_, index) => `v${index}`).join(', ');
  const sql = `SELECT p.ordinality AS parent, g.* FROM unnest(${columns.join(', ')}) WITH ORDINALITY AS p(${names}, ordinality) CROSS JOIN LATERAL (${inner}) g ORDER BY p.ordinality`;
  const rows = await queryPrepared<Record<string, unknown>>(undefined, sql, parameters.values);
  const answers: AggregateRow[][] = parents.map(() => []);
  for (const row of rows) answers[Number(row.parent) - 1].push(rowOf(entity, row, groupBy, unique));
  return answers;
}
