// Many rows of one table in one statement. New rows: INSERT ... ON CONFLICT on the key, setting
// only the columns the rows give (or nothing, for rows that must not change once stored). Rows
// known to exist: UPDATE ... FROM (VALUES ...), since PostgreSQL checks NOT NULL on the proposed
// insert before it sees the conflict. Rows that give different columns go in different
// statements, so no row overwrites a column it did not name.
import type { EntityDescription } from '../model/entity.js';
import type { Transaction } from './nested-write.js';

type Row = Record<string, unknown>;

const sqlTypes = { String: 'text', Int: 'integer', Float: 'double precision', Boolean: 'boolean', Date: 'date' } as const;

function columnType(entity: EntityDescription, column: string): string {
  const field = entity.scalars[column];
  if (!field) return 'text'; // keys and foreign-key columns
  return `${sqlTypes[field.type]}${field.list ? '[]' : ''}`;
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

function bySignature(rows: Row[]): [string[], Row[]][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const signature = Object.keys(row).sort().join(',');
    groups.set(signature, [...(groups.get(signature) ?? []), row]);
  }
  return [...groups].map(([signature, group]) => [signature.split(','), group]);
}

function valuesList(entity: EntityDescription, columns: string[], rows: Row[], parameters: unknown[], extra = '') {
  return rows
    .map((row) => {
      const cells = columns.map((column) => {
        const value = row[column];
        parameters.push(value instanceof Date ? value.toISOString().slice(0, 10) : value);
        return `$${parameters.length}::${columnType(entity, column)}`;
      });
      return `(${cells.join(', ')}${extra})`;
    })
    .join(', ');
}

/**
 * Inserts the rows; one whose key exists is updated with the columns given (`update`) or left as
 * it is (`ignore`). Resolves with the keys of the rows written (not of those ignored).
 */
export async function bulkInsert(tx: Transaction, entity: EntityDescription, rows: Row[], onConflict: 'update' | 'ignore'): Promise<Set<string>> {
  const written = new Set<string>();
  for (const [columns, group] of bySignature(rows)) {
    const parameters: unknown[] = [];
    const updates = columns.filter((column) => !entity.key.includes(column)).map((column) => `${quoted(column)} = EXCLUDED.${quoted(column)}`);
    const conflict = onConflict === 'ignore' ? 'DO NOTHING' : `DO UPDATE SET ${[...updates, '"updatedAt" = CURRENT_TIMESTAMP'].join(', ')}`;
    const returned = await tx.$queryRawUnsafe<{ key: string }[]>(
      `INSERT INTO ${quoted(entity.name)} (${[...columns, 'updatedAt'].map(quoted).join(', ')})
       VALUES ${valuesList(entity, columns, group, parameters, ', CURRENT_TIMESTAMP')}
       ON CONFLICT (${entity.key.map(quoted).join(', ')}) ${conflict}
       RETURNING ${quoted(entity.key[0])} AS key`,
      ...parameters,
    );
    for (const { key } of returned) written.add(key);
  }
  return written;
}

/** Sets the given columns of rows that exist, by key. */
export async function bulkUpdate(tx: Transaction, entity: EntityDescription, rows: Row[]): Promise<void> {
  const [key] = entity.key;
  for (const [columns, group] of bySignature(rows)) {
    const parameters: unknown[] = [];
    const sets = columns.filter((column) => column !== key).map((column) => `${quoted(column)} = v.${quoted(column)}`);
    await tx.$executeRawUnsafe(
      `UPDATE ${quoted(entity.name)} AS t SET ${[...sets, '"updatedAt" = CURRENT_TIMESTAMP'].join(', ')}
       FROM (VALUES ${valuesList(entity, columns, group, parameters)}) AS v(${columns.map(quoted).join(', ')})
       WHERE t.${quoted(key)} = v.${quoted(key)}`,
      ...parameters,
    );
  }
}
