// Pieces of SQL that write a column's value as the JSON text JSON.stringify writes for the value
// the GraphQL executor resolves (REST documents and GraphQL answers built by the database share
// them), and the values the database cannot finish alone: personal values, decrypted and masked by
// auth/personal-data.ts as the GraphQL fields do, and JSON fields, which jsonb writes with spaces,
// its keys in an order of its own and its numbers as stored (1.0, 1e2).
import { decryptField } from '../auth/field-encryption.js';
import { personalValue, shownProperties, type SentValues } from '../auth/personal-data.js';
import { entities } from '../model/entities.js';
import type { EntityDescription, EntityName, ScalarType } from '../model/entity.js';
import { quoted } from '../writes/sql.js';

export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Timestamps are stored without a zone, in UTC, to the millisecond: as Date.toISOString() writes them. */
export const isoTimestamp = (column: string) => `'"' || to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;

/** A calendar date as the Date scalar writes it. */
export const isoDate = (column: string) => `'"' || to_char(${column}, 'YYYY-MM-DD') || '"'`;

/**
 * A float8 as JavaScript's Number#toString writes it. PostgreSQL writes the same shortest digits,
 * but in exponent form below 1e-4 and from 1e15 (JavaScript: below 1e-6 and from 1e21), with at
 * least two exponent digits (1e-07), and -0 as "-0". Values outside the plain range are rewritten
 * from PostgreSQL's own text. NaN and infinities (which no write through the API stores) give NULL.
 */
export function jsNumber(column: string): string {
  const parts = `regexp_match(${column}::text, '^(-?)(\\d)(?:\\.(\\d+))?e([-+]\\d+)$')`;
  // m[1] sign, m[2] first digit, m[3] the other digits, m[4] exponent
  const digits = `(m[2] || coalesce(m[3], ''))`;
  const exponent = `m[4]::int`;
  const rewritten = `(SELECT CASE
      WHEN ${exponent} >= 21 OR ${exponent} < -6 THEN m[1] || m[2] || coalesce('.' || m[3], '') || 'e' || CASE WHEN ${exponent} > 0 THEN '+' ELSE '-' END || abs(${exponent})
      WHEN ${exponent} >= 0 AND length(${digits}) <= ${exponent} + 1 THEN m[1] || ${digits} || repeat('0', ${exponent} + 1 - length(${digits}))
      WHEN ${exponent} >= 0 THEN m[1] || left(${digits}, ${exponent} + 1) || '.' || substr(${digits}, ${exponent} + 2)
      ELSE m[1] || '0.' || repeat('0', -${exponent} - 1) || ${digits}
    END FROM ${parts} AS m)`;
  return `CASE WHEN ${column} = 0 THEN '0' WHEN abs(${column}) >= 1e-4 AND abs(${column}) < 1e15 THEN ${column}::text
    WHEN ${column} IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE ${rewritten} END`;
}

/**
 * A column's value (not a list) as JSON text, by its type in the entity descriptions; NULL for an
 * SQL NULL. Shared by REST documents (rest/document-sql.ts) and compiled GraphQL answers.
 */
export function scalarText(type: ScalarType, column: string): string {
  switch (type) {
    case 'String':
      return `to_json(${column})::text`;
    case 'Int':
    case 'Boolean':
      return `${column}::text`;
    case 'Float':
      return jsNumber(column);
    case 'DateTime':
      return isoTimestamp(column);
    case 'Date':
      return isoDate(column);
    case 'JSON':
      return markedJson(column);
  }
}

/**
 * Around a value JavaScript must finish: \u0001, which PostgreSQL's JSON escapes in every string
 * (to_json and jsonb's output alike), so it never stands for itself in the text. Between two of
 * them a JSON array: ["personal", entity, field, stored value, ...the record's key] for a personal
 * value, ["json", value] for a JSON field.
 */
export const marker = '\u0001';

type MarkedValue = ['personal', EntityName, string, string, ...string[]] | ['json', unknown];

/** A JSON column, NULL for an SQL NULL or a JSON null (no value either way). */
export const markedJson = (column: string) =>
  `CASE WHEN jsonb_typeof(${column}) <> 'null' THEN ${literal(`${marker}["json",`)} || ${column}::text || ${literal(`]${marker}`)} END`;

/** A personal value JavaScript decrypts and masks, NULL when there is none. */
export function markedPersonal(entity: EntityDescription, name: string, alias: string): string {
  const parts = [name, ...entity.key].map((field) => `to_json(${alias}.${quoted(field)})::text`).join(` || ',' || `);
  return `CASE WHEN ${alias}.${quoted(name)} IS NOT NULL THEN ${literal(`${marker}["personal",${JSON.stringify(entity.name)},${JSON.stringify(name)},`)} || ${parts} || ${literal(`]${marker}`)} END`;
}

export interface MarkedReader {
  apiKey: { scopes: readonly string[] } | null;
  sent?: SentValues;
}

/**
 * Fills in the values the statement left marked: personal values decrypted, then shown or masked;
 * JSON fields as JSON.stringify writes what JSON.parse makes of them, their sensitive values shown
 * or masked, as the executor's answer does. `json` may refuse a value (GraphQL's JSONObject takes objects only) by throwing.
 */
export function withMarkedValues(text: string, reader: MarkedReader, json: (value: unknown) => unknown = (value) => value): string {
  if (!text.includes(marker)) return text;
  const caller = { apiKey: reader.apiKey, sent: reader.sent ?? new Map() };
  return text
    .split(marker)
    .map((part, index) => {
      if (index % 2 === 0) return part;
      const marked = JSON.parse(part) as MarkedValue;
      // A JSON field's values the server encrypted (sensitive properties) are decrypted or masked
      // as the executor's field does (auth/personal-data.ts).
      if (marked[0] === 'json') return JSON.stringify(json(shownProperties(caller, marked[1])));
      const [, entityName, field, stored, ...key] = marked;
      const entity = entities[entityName];
      const row = Object.fromEntries(entity.key.map((name, at) => [name, key[at]]));
      const { encrypted, pii } = entity.scalars[field];
      return JSON.stringify(personalValue(caller, entity, row, field, pii!, encrypted ? decryptField(stored) : stored) ?? null);
    })
    .join('');
}
