// Payload's `select`: which fields of the documents come back. `select[email]=true` keeps the
// fields named (and always the key), `select[notes]=false` leaves out those named; a relation takes
// a selection of its own for its documents (`select[salesRep][firstName]=true`). Names are checked
// against the collection's document, so a misspelt field is a 400 rather than a silent full answer.
import type { Problem } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';

type Row = Record<string, unknown>;
export interface Selection {
  /** true: only the fields given (and the key); false: all but those given. */
  include: boolean;
  fields: Map<string, Selection | true>;
}

function documentFields(entity: EntityDescription): Set<string> {
  return new Set([
    ...entity.key,
    ...Object.keys(entity.scalars),
    ...Object.keys(entity.relations),
    ...Object.keys(entity.aliases ?? {}),
    'createdAt',
    'updatedAt',
  ]);
}

export function readSelect(entity: EntityDescription, raw: unknown, path: string, problems: Problem[]): Selection | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length === 0) {
    problems.push({ field: path, message: 'must name fields, such as select[email]=true or select[notes]=false' });
    return undefined;
  }
  const known = documentFields(entity);
  const fields = new Map<string, Selection | true>();
  const modes = new Set<boolean>();
  for (const [name, value] of Object.entries(raw)) {
    const at = `${path}.${name}`;
    if (!known.has(name)) {
      problems.push({ field: at, message: `is not a field of ${entity.name} documents` });
      continue;
    }
    const canonical = entity.aliases?.[name] ?? name;
    const relation = Object.hasOwn(entity.relations, canonical) ? entity.relations[canonical] : undefined;
    if (value && typeof value === 'object' && relation) {
      const inner = readSelect(entities[relation.target], value, at, problems);
      if (inner) fields.set(name, inner);
      modes.add(true);
    } else if (value === 'true' || value === 'false') {
      modes.add(value === 'true');
      if (value === 'true') fields.set(name, true);
      else fields.set(name, { include: false, fields: new Map() });
    } else {
      problems.push({ field: at, message: relation ? 'must be true, false or a selection of its fields' : 'must be true or false' });
    }
  }
  if (modes.size > 1) problems.push({ field: path, message: 'keeps fields (true) or leaves them out (false), not both' });
  return { include: !modes.has(false), fields };
}

/** The document with the selected fields (a relation's documents with their own selection). */
export function applySelect(entity: EntityDescription, document: Row, selection: Selection): Row {
  const result: Row = {};
  for (const [name, value] of Object.entries(document)) {
    const chosen = selection.fields.get(name);
    if (!selection.include) {
      if (chosen === undefined) result[name] = value;
      continue;
    }
    if (chosen === undefined && !entity.key.includes(name)) continue;
    const canonical = entity.aliases?.[name] ?? name;
    const relation = Object.hasOwn(entity.relations, canonical) ? entity.relations[canonical] : undefined;
    const select = (item: unknown) =>
      relation && chosen && chosen !== true && item && typeof item === 'object' ? applySelect(entities[relation.target], item as Row, chosen) : item;
    result[name] = Array.isArray(value) ? value.map(select) : select(value);
  }
  return result;
}
