// The rows of an export, read a chunk at a time by keyset: each chunk is "the next rows after the
// last one's ordering values" (the cursor), so a million rows never sit in memory together and no
// chunk costs more than the first (an OFFSET would read every row before it again). No transaction
// is held open between chunks (PGlite has one connection, shared with every other request).
//
// Values come back as the database writes them as text where JavaScript would change them: an
// instant as ISO 8601 UTC (node-postgres would read a timestamp in the process's time zone), a date
// as YYYY-MM-DD, a JSON object as its text (parsed here, so drivers cannot differ on it). Personal values are shown, masked or left out for this
// reader by auth/personal-data.ts, as every other answer.
import { decryptField } from '../../auth/field-encryption.js';
import { personalValue, shownProperties } from '../../auth/personal-data.js';
import { queryPrepared } from '../../db.js';
import type { EntityDescription, ScalarField } from '../../model/entity.js';
import { aggregateFieldOf } from '../../schema/aggregates/statement.js';
import { Parameters, sqlTypes, whereSql } from '../../schema/aggregates/where-sql.js';
import { filterableFields } from '../../schema/filters.js';
import { quoted } from '../../writes/sql.js';

type Row = Record<string, unknown>;

/** Rows read per statement. */
export const exportChunk = 1000;

export interface ExportColumn {
  name: string;
  field: ScalarField;
}

/** The columns an export has, in the document's order: the key, the fields, foreign keys, timestamps. */
export function exportColumns(entity: EntityDescription): ExportColumn[] {
  const names = [...new Set([...entity.key, ...Object.keys(filterableFields(entity)), 'createdAt', 'updatedAt'])];
  return names.map((name) => ({ name, field: aggregateFieldOf(entity, name)! }));
}

function selectExpression(column: ExportColumn): string {
  const sql = `t0.${quoted(column.name)}`;
  switch (column.field.type) {
    case 'DateTime':
      return `to_char(${sql}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'Date':
      return `to_char(${sql}, 'YYYY-MM-DD')`;
    case 'JSON':
      return `${sql}::text`;
    default:
      return sql;
  }
}

export interface ExportSource {
  entity: EntityDescription;
  /** The list's Prisma where (schema/crud.ts listWhere). */
  where: Row;
  /** Ordering terms on fields that always have a value, ending with the key. */
  order: Record<string, 'asc' | 'desc'>[];
  reader: { apiKey: { scopes: readonly string[] } | null };
}

/** The rows of the export in order, chunk by chunk, each a record of column name to value: only `columns` are read. */
export async function* exportRows(source: ExportSource, columns: ExportColumn[]): AsyncGenerator<Row[]> {
  const { entity, where, order, reader } = source;
  const terms = order.map((term) => Object.entries(term)[0]);
  const selected = columns.map((column, index) => `${selectExpression(column)} AS c${index}`);
  // The ordering values as text, given back as the next chunk's parameters, cast to their type.
  const orderValues = terms.map(([name], index) => `t0.${quoted(name)}::text AS o${index}`);
  const orderBy = terms.map(([name, direction]) => `t0.${quoted(name)} ${direction === 'desc' ? 'DESC' : 'ASC'}`).join(', ');
  const caller = { apiKey: reader.apiKey, sent: new Map() };
  let after: unknown[] | undefined;
  for (;;) {
    const parameters = new Parameters();
    const conditions = [whereSql(entity, 't0', where, parameters)];
    if (after) conditions.push(afterCondition(entity, terms, after, parameters));
    const sql = `SELECT ${[...selected, ...orderValues].join(', ')} FROM ${quoted(entity.name)} t0
      WHERE ${conditions.map((condition) => `(${condition})`).join(' AND ')} ORDER BY ${orderBy} LIMIT ${exportChunk}`;
    const rows = await queryPrepared<Row>(undefined, sql, parameters.values);
    if (rows.length === 0) return;
    yield rows.map((row) => {
      const record: Row = {};
      columns.forEach((column, index) => {
        const stored = row[`c${index}`];
        const parsed = column.field.type === 'JSON' && typeof stored === 'string' ? JSON.parse(stored) : stored;
        // A JSON field's values the server encrypted (sensitive properties) as the reader may see them.
        const value = column.field.type === 'JSON' ? shownProperties(caller, parsed) : parsed;
        const { pii, encrypted } = column.field;
        record[column.name] =
          pii && value !== null ? personalValue(caller, entity, record, column.name, pii, encrypted ? decryptField(String(value)) : value) : value;
      });
      return record;
    });
    if (rows.length < exportChunk) return;
    const last = rows[rows.length - 1];
    after = terms.map((_, index) => last[`o${index}`]);
  }
}

/**
 * Rows after `values` in the order of `terms`: (a > x) OR (a = x AND b > y) ..., with each term's
 * direction, behind a range on the first term (a >= x) that lets PostgreSQL start its index scan at
 * the cursor: without it, the scan began at the first row for every chunk (a million events
 * exported at 3,000 rows a second, each chunk slower than the last).
 */
function afterCondition(entity: EntityDescription, terms: [string, 'asc' | 'desc'][], values: unknown[], parameters: Parameters): string {
  const cast = terms.map(([name]) => sqlTypes[aggregateFieldOf(entity, name)!.type]);
  const value = terms.map((_, index) => parameters.add(values[index], cast[index]));
  const column = (name: string) => `t0.${quoted(name)}`;
  const [first, firstDirection] = terms[0];
  const range = `${column(first)} ${firstDirection === 'desc' ? '<=' : '>='} ${value[0]}`;
  const alternatives = terms
    .map(([name, direction], index) => {
      const equal = terms.slice(0, index).map(([before], at) => `${column(before)} = ${value[at]}`);
      return [...equal, `${column(name)} ${direction === 'desc' ? '<' : '>'} ${value[index]}`].join(' AND ');
    })
    .map((alternative) => `(${alternative})`)
    .join(' OR ');
  return `${range} AND (${alternatives})`;
}
