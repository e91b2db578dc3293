// The Prisma `where` a list's filter becomes (filters.ts whereFromFilter) as a SQL condition, so an
// aggregate can filter exactly as the list does inside one statement of its own: Prisma's groupBy
// has no date truncation and no count of distinct values. Only the shapes whereFromFilter writes
// are known here; any other is a programming error, thrown rather than guessed at.
//
// NULL follows Prisma, which writes `not: x` as `<> x`: a record without a value does not match
// (the list does the same); a differential test (test/aggregates.test.ts) holds every operator to
// the list's own count.
import { entities } from '../../model/entities.js';
import type { EntityDescription, ScalarType } from '../../model/entity.js';
import { joinTableOf, quoted } from '../../writes/sql.js';
import { filterableFields } from '../filters.js';

type Condition = Record<string, unknown>;

/** Positional parameters ($1, $2, ...) collected while a statement is written. */
export class Parameters {
  readonly values: unknown[] = [];
  /** `$n::type` for the value; a Date goes as its ISO text (timestamps are stored in UTC without a zone). */
  add(value: unknown, type: string): string {
    this.values.push(value instanceof Date ? value.toISOString() : value);
    return `$${this.values.length}::${type}`;
  }
}

/** The SQL type a value of each scalar type is cast to as a parameter. */
export const sqlTypes: Record<ScalarType, string> = {
  String: 'text',
  Int: 'int',
  Float: 'float8',
  Boolean: 'boolean',
  Date: 'date',
  DateTime: 'timestamp',
  JSON: 'jsonb',
};

/** The SQL type of a column the filter compares: a field, a timestamp, a digest or index column. */
function columnType(entity: EntityDescription, column: string): { type: string; list: boolean } {
  if (column === 'createdAt' || column === 'updatedAt') return { type: 'timestamp', list: false };
  const field = Object.hasOwn(filterableFields(entity), column) ? filterableFields(entity)[column] : undefined;
  if (field) return { type: sqlTypes[field.type], list: !!field.list };
  // The columns filters reach that no field describes: `<field>Digest` (text), `<field>Index` (text[]).
  return { type: 'text', list: column.endsWith('Index') };
}

class Aliases {
  private next = 0;
  take(): string {
    this.next += 1;
    return `w${this.next}`;
  }
}

const comparisons: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

function scalarCondition(column: string, type: string, list: boolean, condition: unknown, parameters: Parameters): string[] {
  // A bare value (a digest) or null: equality.
  if (condition === null) return [`${column} IS NULL`];
  if (typeof condition !== 'object' || condition instanceof Date) return [`${column} = ${parameters.add(condition, type)}`];
  const clauses: string[] = [];
  const insensitive = (condition as Condition).mode === 'insensitive';
  for (const [operator, operand] of Object.entries(condition as Condition)) {
    if (operator === 'mode' || operand === undefined) continue;
    const value = () => parameters.add(operand, type);
    const values = () => parameters.add(operand, `${type}[]`);
    switch (operator) {
      case 'equals':
        clauses.push(operand === null ? `${column} IS NULL` : `${column} = ${value()}`);
        break;
      case 'not':
        clauses.push(operand === null ? `${column} IS NOT NULL` : `${column} <> ${value()}`);
        break;
      case 'in':
        clauses.push(`${column} = ANY(${values()})`);
        break;
      case 'notIn':
        clauses.push(`NOT (${column} = ANY(${values()}))`);
        break;
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        clauses.push(`${column} ${comparisons[operator]} ${value()}`);
        break;
      case 'contains':
      case 'startsWith': {
        // whereFromFilter escaped the text already: \ escapes % and _, as in LIKE's default.
        const pattern = operator === 'contains' ? `'%' || ${parameters.add(operand, 'text')} || '%'` : `${parameters.add(operand, 'text')} || '%'`;
        clauses.push(`${column} ${insensitive ? 'ILIKE' : 'LIKE'} ${pattern}`);
        break;
      }
      case 'has':
        clauses.push(`${parameters.add(operand, type)} = ANY(${column})`);
        break;
      case 'hasSome':
        clauses.push(`${column} && ${parameters.add(operand, `${type}[]`)}`);
        break;
      case 'hasEvery':
        clauses.push(`${column} @> ${parameters.add(operand, `${type}[]`)}`);
        break;
      case 'isEmpty':
        clauses.push(operand ? `cardinality(${column}) = 0` : `cardinality(${column}) > 0`);
        break;
      default:
        throw new Error(`where-sql: the operator ${operator} of ${list ? 'a list' : 'a value'} is not known here`);
    }
  }
  return clauses;
}

/** A JSON property's numeric comparison (`{ properties: { path: [...], gt: 3 } }`): numbers only, as Prisma does. */
function propertyCondition(column: string, condition: Condition, parameters: Parameters): string[] {
  const at = `${column} #> ${parameters.add(condition.path, 'text[]')}`;
  const clauses = [`jsonb_typeof(${at}) = 'number'`];
  // Cast only a number: SQL may test the clauses in any order, and a string (an encrypted
  // sensitive property) cast to numeric fails the statement.
  const number = `(CASE WHEN jsonb_typeof(${at}) = 'number' THEN (${at})::numeric END)`;
  for (const [operator, operand] of Object.entries(condition)) {
    if (operator === 'path' || operand === undefined) continue;
    const sign = Object.hasOwn(comparisons, operator) ? comparisons[operator] : undefined;
    if (!sign) throw new Error(`where-sql: the property operator ${operator} is not known here`);
    clauses.push(`${number} ${sign} ${parameters.add(operand, 'numeric')}`);
  }
  return clauses;
}

function conditionOf(entity: EntityDescription, alias: string, where: Condition, parameters: Parameters, aliases: Aliases): string {
  const clauses: string[] = [];
  for (const [name, condition] of Object.entries(where)) {
    if (condition === undefined) continue;
    if (name === 'AND' || name === 'OR') {
      const parts = (condition as Condition[]).map((inner) => `(${conditionOf(entity, alias, inner, parameters, aliases)})`);
      // Prisma: an empty AND holds, an empty OR does not.
      clauses.push(parts.length ? parts.join(name === 'AND' ? ' AND ' : ' OR ') : name === 'AND' ? 'TRUE' : 'FALSE');
    } else if (name === 'NOT') {
      const parts = (Array.isArray(condition) ? condition : [condition]) as Condition[];
      for (const inner of parts) clauses.push(`NOT (${conditionOf(entity, alias, inner, parameters, aliases)})`);
    } else if (Object.hasOwn(entity.relations, name)) {
      clauses.push(relationCondition(entity, alias, name, condition as Condition, parameters, aliases));
    } else {
      const { type, list } = columnType(entity, name);
      const column = `${alias}.${quoted(name)}`;
      const isProperty = type === 'jsonb' && condition !== null && typeof condition === 'object' && 'path' in condition;
      clauses.push(
        ...(isProperty ? propertyCondition(column, condition as Condition, parameters) : scalarCondition(column, type, list, condition, parameters)),
      );
    }
  }
  return clauses.length ? clauses.join(' AND ') : 'TRUE';
}

/** `{ is: ... }` on a to-one relation, `{ some: ... }` on a list (a join table): a correlated EXISTS. */
function relationCondition(entity: EntityDescription, alias: string, name: string, condition: Condition, parameters: Parameters, aliases: Aliases): string {
  const relation = entity.relations[name];
  const target = entities[relation.target];
  const related = aliases.take();
  if (relation.list) {
    const join = joinTableOf(entity, name);
    const link = aliases.take();
    const inner = conditionOf(target, related, (condition.some ?? {}) as Condition, parameters, aliases);
    return `EXISTS (SELECT 1 FROM ${quoted(join.table)} ${link} JOIN ${quoted(target.name)} ${related} ON ${related}.${quoted(target.key[0])} = ${link}.${quoted(join.targetColumn)}
      WHERE ${link}.${quoted(join.ownerColumn)} = ${alias}.${quoted(entity.key[0])} AND ${inner})`;
  }
  const joined = target.key.map((field, index) => `${related}.${quoted(field)} = ${alias}.${quoted(relation.columns![index])}`).join(' AND ');
  const inner = conditionOf(target, related, (condition.is ?? {}) as Condition, parameters, aliases);
  return `EXISTS (SELECT 1 FROM ${quoted(target.name)} ${related} WHERE ${joined} AND ${inner})`;
}

/** The SQL condition of `where` on rows of `entity` named `alias`; its values are added to `parameters`. */
export function whereSql(entity: EntityDescription, alias: string, where: Condition, parameters: Parameters): string {
  return conditionOf(entity, alias, where, parameters, new Aliases());
}
