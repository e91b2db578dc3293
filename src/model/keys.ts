// Keys of records: `{ id }` for most entities, `{ vin }`, `{ code }`, and `{ stateCode, name }` for
// a City. Helpers turn them into Prisma `where` clauses and into one text per record, the identity
// plans and answers use (never shown to callers: a key may be personal data, such as an SSN typed
// where an id belongs).
import type { EntityDescription } from './entity.js';

export type Key = Record<string, string>;

export function whereUnique(entity: EntityDescription, key: Key): Record<string, unknown> {
  if (entity.key.length === 1) return { [entity.key[0]]: key[entity.key[0]] };
  return { [entity.key.join('_')]: key };
}

export function keySelect(entity: EntityDescription): Record<string, true> {
  return Object.fromEntries(entity.key.map((field) => [field, true]));
}

/** One text per record, unambiguous whatever its key parts hold (a City named "A/B" included). */
export function recordId(entity: EntityDescription, key: Partial<Key>): string {
  // The same text for a key of one field, without the array (made for every record a write plans, writes and answers).
  if (entity.key.length === 1) return `${entity.name}:[${JSON.stringify(key[entity.key[0]] ?? null)}]`;
  return `${entity.name}:${JSON.stringify(entity.key.map((field) => key[field] ?? null))}`;
}

export function isCompleteKey(entity: EntityDescription, key: Partial<Key>): key is Key {
  return entity.key.every((field) => typeof key[field] === 'string' && key[field] !== '');
}

/** The key of a row (or of any object holding the key fields). */
export function keyOf(entity: EntityDescription, row: Record<string, unknown>): Key {
  return Object.fromEntries(entity.key.map((field) => [field, String(row[field])]));
}
