// Reading a write's input before any work is done on it: the keys it names, and how many records
// it holds. Inputs are GraphQL-coerced (REST bodies become the same inputs): a relation is
// `{ connect: <key> }` or `{ upsert: { ... } }`, a list relation a list of those.
import type { EntityDescription, RelationField } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { fieldsOf } from '../model/entity-fields.js';
import type { Key } from '../model/keys.js';
import { uniqueIdentifiersIn } from '../model/identifiers.js';

export type Input = Record<string, unknown>;

const isObject = (value: unknown): value is Input => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The relations an input gives, under their own name or an alias (the CRM's `customers`). */
export function relationsGiven(entity: EntityDescription, input: Input): [string, RelationField, unknown][] {
  const given: [string, RelationField, unknown][] = [];
  const { relations, aliases } = fieldsOf(entity);
  for (const [name, relation] of relations) {
    if (input[name] !== undefined) given.push([name, relation, input[name]]);
  }
  for (const [alias, canonical] of aliases) {
    const relation = entity.relations[canonical];
    if (relation && input[alias] !== undefined) given.push([canonical, relation, input[alias]]);
  }
  return given;
}

/** The parts of a `{ connect } | { upsert }` value; anything else has neither. */
export function refParts(ref: unknown): { connect?: unknown; upsert?: unknown; match?: unknown } {
  return isObject(ref) ? { connect: ref.connect, upsert: ref.upsert, match: ref.match } : {};
}

/** Every reference by identifier (`match`) an input makes, at any depth. */
export function matchesIn(entity: EntityDescription, input: Input, found: unknown[] = []): unknown[] {
  for (const [, relation, value] of relationsGiven(entity, input)) {
    const target = entities[relation.target];
    for (const ref of Array.isArray(value) ? value : [value]) {
      const { upsert, match } = refParts(ref);
      if (match !== undefined) found.push(match);
      if (isObject(upsert)) matchesIn(target, upsert, found);
      if (isObject(match) && isObject(match.create)) matchesIn(target, match.create, found);
    }
  }
  return found;
}

/** The key a `connect` value names: an id string, or `{ stateCode, name }` for a City. */
export function keyFromConnect(target: EntityDescription, value: unknown): Partial<Key> {
  if (target.key.length === 1) return typeof value === 'string' ? { [target.key[0]]: value } : {};
  if (!isObject(value)) return {};
  return Object.fromEntries(target.key.flatMap((field) => (typeof value[field] === 'string' ? [[field, value[field]]] : [])));
}

function keyOfRef(target: EntityDescription, ref: unknown): Partial<Key> {
  const { connect, upsert } = refParts(ref);
  if (connect !== undefined) return keyFromConnect(target, connect);
  return isObject(upsert) ? keyFromInput(target, upsert) : {};
}

/** A record's key from its input: key scalars directly, key columns through their relation (a City's state). */
export function keyFromInput(entity: EntityDescription, input: Input): Partial<Key> {
  const key: Partial<Key> = {};
  for (const field of entity.key) {
    if (field in entity.scalars) {
      if (typeof input[field] === 'string') key[field] = input[field];
      continue;
    }
    for (const [, relation, value] of relationsGiven(entity, input)) {
      const position = relation.columns?.indexOf(field) ?? -1;
      if (position < 0) continue;
      const target = entities[relation.target];
      const part = keyOfRef(target, value)[target.key[position]];
      if (part !== undefined) key[field] = part;
    }
  }
  return key;
}

/**
 * Whether an input names no record but those it gives as objects: no `connect` of a record that
 * must exist (a soft reference's key may name one that does not), no `match` by identifier.
 */
export function connectsNothing(entity: EntityDescription, input: Input): boolean {
  for (const [, relation, value] of relationsGiven(entity, input)) {
    for (const ref of Array.isArray(value) ? value : [value]) {
      const { connect, upsert, match } = refParts(ref);
      if (match !== undefined || (connect !== undefined && !relation.soft)) return false;
      if (isObject(upsert) && !connectsNothing(entities[relation.target], upsert)) return false;
    }
  }
  return true;
}

/** Calls `visit` for every record an input names: itself, each nested object and each key it connects. */
export function walkInput(
  entity: EntityDescription,
  input: Input,
  visit: (entity: EntityDescription, key: Partial<Key>, kind: 'object' | 'connect', input?: Input) => void,
): void {
  visit(entity, keyFromInput(entity, input), 'object', input);
  for (const [, relation, value] of relationsGiven(entity, input)) {
    const target = entities[relation.target];
    for (const ref of Array.isArray(value) ? value : [value]) {
      const { connect, upsert, match } = refParts(ref);
      if (connect !== undefined) visit(target, keyFromConnect(target, connect), 'connect');
      else if (isObject(upsert)) walkInput(target, upsert, visit);
      // A match may create the record it names (plan.ts matchLink): what it would create counts.
      else if (isObject(match) && isObject(match.create)) walkInput(target, match.create, visit);
    }
  }
}

/**
 * The identifiers (model/identifiers.ts uniqueIdentifiers) that the records an input writes set,
 * as matches: planning needs to know who holds them already.
 */
export function identifiersSet(entity: EntityDescription, input: Input): unknown[] {
  const found: unknown[] = [];
  walkInput(entity, input, (record, _key, kind, values) => {
    if (kind === 'object' && record.matchByIdentifier && values)
      for (const { match } of uniqueIdentifiersIn(values)) found.push({ type: match.type, value: match.value });
  });
  return found;
}

/** How many records (the input itself and every nested object) an input holds. */
export function countRecords(entity: EntityDescription, input: Input): number {
  let count = 0;
  walkInput(entity, input, (_entity, _key, kind) => {
    if (kind === 'object') count += 1;
  });
  return count;
}
