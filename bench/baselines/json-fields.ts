// Pieces of SQL that render a row as a REST document does: every field of the entity description,
// timestamps as JavaScript's toISOString() writes them, and nothing for a field without a value
// (json_strip_nulls takes out the nulls; an empty list is made null first). The REST baselines
// build their statements from these, so the documents carry exactly the server's fields.
import type { EntityDescription } from '../../src/model/entity.js';

/** A timestamp(3) column as "2026-01-01T00:01:00.000Z" (the columns hold UTC). */
export const isoTimestamp = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface Field {
  name: string;
  sql: string;
}

/**
 * The entity's key and scalar fields. Personal data is left out: the benchmark's key has no
 * `pii:read`, so the server hides `birthDate` and masks `ssn`, and the dataset's consumers have no
 * SSN (the check before timing would show one).
 */
export function scalarFields(alias: string, entity: EntityDescription): Field[] {
  const names = new Set([...entity.key, ...Object.keys(entity.scalars)]);
  return [...names]
    .filter((name) => !entity.scalars[name]?.pii)
    .map((name) => {
      const column = `${alias}."${name}"`;
      return { name, sql: entity.scalars[name]?.list ? `NULLIF(${column}, '{}')` : column };
    });
}

/** createdAt and updatedAt, which Payload's documents carry (the commerce envelope's do not). */
export const timestampFields = (alias: string): Field[] => [
  { name: 'createdAt', sql: isoTimestamp(`${alias}."createdAt"`) },
  { name: 'updatedAt', sql: isoTimestamp(`${alias}."updatedAt"`) },
];

/** json_build_object over the fields: for objects of fewer than 50 fields (it takes 100 arguments). */
export const jsonObject = (fields: Field[]) => `json_build_object(${fields.map(({ name, sql }) => `'${name}', ${sql}`).join(', ')})`;

/** The fields as a select list, for row_to_json over a subquery: a Lead has more than 50. */
export const selectList = (fields: Field[]) => fields.map(({ name, sql }) => `${sql} AS "${name}"`).join(', ');
