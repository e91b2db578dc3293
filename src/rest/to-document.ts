// Turns a GraphQL result into a REST document: relations below the requested depth become their
// keys (a City, which has no single key, becomes `{ name, state }` as the OpenAPI draws it); fields
// without a value (null, an empty list) are left out, as in the seeds' documents.
import { recordStamps, type EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { fieldsOf } from '../model/entity-fields.js';
import type { Envelope } from './collections.js';

type Row = Record<string, unknown>;

export function keyOf(entity: EntityDescription, row: Row, columns = entity.key): unknown {
  if (entity.name === 'City') return { name: row[columns[1]], state: row[columns[0]] };
  return row[columns[0]];
}

const hasValue = (value: unknown) => value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);

export function toDocument(entity: EntityDescription, row: Row, depth: number, envelope: Envelope): Row {
  const document: Row = {};
  const fields = fieldsOf(entity);
  for (const name of fields.names) {
    if (hasValue(row[name])) document[name] = row[name];
  }
  for (const [name, relation] of fields.relations) {
    const target = entities[relation.target];
    const value = row[name];
    if (relation.list) {
      const items = (value ?? []) as Row[];
      const rendered = depth > 0 ? items.map((item) => toDocument(target, item, depth - 1, envelope)) : items.map((item) => keyOf(target, item));
      if (rendered.length > 0) document[name] = rendered;
    } else if (depth > 0 && value) {
      document[name] = toDocument(target, value as Row, depth - 1, envelope);
    } else if (row[relation.columns![0]] !== null && row[relation.columns![0]] !== undefined) {
      // Below the depth, or a soft reference whose record does not exist yet: its key.
      document[name] = keyOf(target, row, relation.columns);
    }
  }
  // The CRM lead body's names for two of the OpenAPI Lead's facts come back too.
  for (const [alias, canonical] of fields.aliases) {
    if (canonical in document) document[alias] = document[canonical];
  }
  // The commerce OpenAPI's documents have no timestamps; Payload's do.
  if (envelope === 'payload') {
    for (const name of [...recordStamps, 'deletedAt']) if (hasValue(row[name])) document[name] = row[name];
  }
  return document;
}
