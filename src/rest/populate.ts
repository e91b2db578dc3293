// Payload's `populate`: the fields of the documents of a collection wherever they are populated
// (a relation at `depth`), `populate[salesReps][firstName]=true` or `populate[consumers][ssn]=false`,
// read as `select` is (select.ts), names checked against that collection's documents. Payload's
// `joins` is joins.ts.
import type { Problem } from '../errors.js';
import { entities } from '../model/entities.js';
import type { EntityDescription, EntityName } from '../model/entity.js';
import { collectionFor } from './collections.js';
import { applySelect, readSelect, type Selection } from './select.js';

type Row = Record<string, unknown>;
export type Populate = ReadonlyMap<EntityName, Selection>;

export function readPopulate(raw: unknown, problems: Problem[]): Populate | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length === 0) {
    problems.push({ field: 'populate', message: 'must name a collection and its fields, such as populate[salesReps][firstName]=true' });
    return undefined;
  }
  const populate = new Map<EntityName, Selection>();
  for (const [slug, value] of Object.entries(raw)) {
    const entity = collectionFor(slug)?.entity;
    // The slug is the caller's: named only when it is short and plain.
    const at = `populate.${/^[\w-]{1,40}$/.test(slug) ? slug : 'this collection'}`;
    if (!entity) {
      problems.push({ field: at, message: 'is not a collection' });
      continue;
    }
    const selection = readSelect(entity, value, at, problems);
    if (selection) populate.set(entity.name, selection);
  }
  return populate;
}

/** The document with every populated document of a collection `populate` names reduced to its selection. */
export function applyPopulate(entity: EntityDescription, document: Row, populate: Populate): Row {
  const result: Row = { ...document };
  for (const [name, value] of Object.entries(document)) {
    const canonical = entity.aliases?.[name] ?? name;
    const relation = Object.hasOwn(entity.relations, canonical) ? entity.relations[canonical] : undefined;
    if (!relation) continue;
    const target = entities[relation.target];
    const selection = populate.get(target.name);
    // A relation below the depth is its key (a string, or a city's {name, state}), not a document.
    const populated = (item: unknown) =>
      !!item && typeof item === 'object' && Object.keys(item).some((field) => !target.key.includes(field) && field !== 'state');
    const reduce = (item: unknown) => {
      if (!populated(item)) return item;
      const inner = applyPopulate(target, item as Row, populate);
      return selection ? applySelect(target, inner, selection) : inner;
    };
    result[name] = Array.isArray(value) ? value.map(reduce) : reduce(value);
  }
  return result;
}
