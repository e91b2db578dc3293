// Keys of records: `{ id }` for most entities, `{ vin }`, `{ code }`, and `{ stateCode, name }` for
// a City. Helpers turn them into Prisma `where` clauses and into the text of an error message.
import type { EntityDescription } from '../model/entity.js';

export type Key = Record<string, string>;

export function whereUnique(entity: EntityDescription, key: Key): Record<string, unknown> {
  if (entity.key.length === 1) return { [entity.key[0]]: key[entity.key[0]] };
  return { [entity.key.join('_')]: key };
}

export function keySelect(entity: EntityDescription): Record<string, true> {
  return Object.fromEntries(entity.key.map((field) => [field, true]));
}

/** The key as text, its parts in the entity's key order (a City: "IL/Springfield"). */
export function describeKey(entity: EntityDescription, key: Partial<Key>): string {
  return entity.key.map((field) => key[field]).join('/');
}

export function isCompleteKey(entity: EntityDescription, key: Partial<Key>): key is Key {
  return entity.key.every((field) => typeof key[field] === 'string' && key[field] !== '');
}
