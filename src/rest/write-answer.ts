// The answer to a write of a caller without the read scope, as REST's selection at a depth
// (selection.ts) would get it from the GraphQL executor, without the executor. That answer is built
// from the write's plan (writes/answer.ts answerOf), never read, so each field's value is the
// row's, completed as its GraphQL field completes it: personal fields and JSON properties through
// the functions those fields call (auth/personal-data.ts), every leaf through its type's own
// serializer, taken from the schema. Relations of the REST selection are plain fields for every
// caller (those a caller without read may not see are not in the entity descriptions).
import { getNamedType, getNullableType, isLeafType, isListType, isObjectType, type GraphQLLeafType, type GraphQLSchema } from 'graphql';
import { personalFieldValue, shownProperties, type SentValues } from '../auth/personal-data.js';
import { recordAuthors, recordStamps, type EntityDescription, type EntityName } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { fieldsOf } from '../model/entity-fields.js';

type Row = Record<string, unknown>;
type Complete = (value: unknown) => unknown;

/** Who the answer is for: what personal data its key reads, and what the request sent. */
export interface AnswerCaller {
  apiKey: { scopes: readonly string[] } | null;
  sent: SentValues;
}

/** The stamps of a related record: its authors are the top record's to show. */
const nestedStamps = recordStamps.filter((stamp) => !(recordAuthors as readonly string[]).includes(stamp));

/** How each leaf field of an object type is completed, by field name, per schema. */
const leafFields = new WeakMap<GraphQLSchema, Map<EntityName, Map<string, Complete>>>();

function completerOf(schema: GraphQLSchema, entity: EntityDescription, field: string): Complete {
  const type = schema.getType(entity.name);
  const fieldType = isObjectType(type) ? type.getFields()[field]?.type : undefined;
  const leaf = fieldType && getNamedType(fieldType);
  if (!fieldType || !leaf || !isLeafType(leaf)) throw new Error(`${entity.name}.${field} is not a leaf field of the schema`);
  const serialize = (value: unknown) => (value === null || value === undefined ? null : (leaf as GraphQLLeafType).serialize(value));
  return isListType(getNullableType(fieldType)) ? (value) => (value === null || value === undefined ? null : (value as unknown[]).map(serialize)) : serialize;
}

function leaves(schema: GraphQLSchema, entity: EntityDescription): Map<string, Complete> {
  const bySchema = leafFields.get(schema) ?? new Map<EntityName, Map<string, Complete>>();
  leafFields.set(schema, bySchema);
  let fields = bySchema.get(entity.name);
  if (!fields) {
    fields = new Map();
    const names = [
      ...new Set([...entity.key, ...Object.keys(entity.scalars)]),
      ...recordStamps,
      ...(entity.trash ? ['deletedAt'] : []),
      ...Object.values(entity.relations).flatMap((relation) => relation.columns ?? []),
    ];
    for (const name of names) fields.set(name, completerOf(schema, entity, name));
    bySchema.set(entity.name, fields);
  }
  return fields;
}

/**
 * The fields of `row` (an answer row: writes/answer.ts) that REST's selection of `entity` at
 * `depth` asks for, with the values the executor would give them. Throws what a field's resolver
 * would throw (a personal value that cannot be decrypted).
 */
export function answeredFields(schema: GraphQLSchema, caller: AnswerCaller, entity: EntityDescription, row: Row, depth: number, top = true): Row {
  const complete = leaves(schema, entity);
  const fields: Row = {};
  const described = fieldsOf(entity);
  for (const name of described.names) {
    const field = entity.scalars[name];
    const value = field?.pii
      ? personalFieldValue(caller, entity, row, name)
      : field?.sensitiveInside
        ? shownProperties(caller, row[name], { entity, row, field: name })
        : row[name];
    fields[name] = complete.get(name)!(value);
  }
  for (const name of top ? recordStamps : nestedStamps) {
    fields[name] = complete.get(name)!(row[name]);
  }
  if (entity.trash) fields.deletedAt = complete.get('deletedAt')!(row.deletedAt);
  for (const [name, relation] of described.relations) {
    const target = entities[relation.target];
    const value = row[name];
    if (relation.list) {
      const keyOnly = (item: Row) => answeredKey(schema, target, item);
      fields[name] =
        value === null || value === undefined
          ? null
          : (value as Row[]).map((item) => (depth > 0 ? answeredFields(schema, caller, target, item, depth - 1, false) : keyOnly(item)));
      continue;
    }
    for (const column of relation.columns!) fields[column] = complete.get(column)!(row[column]);
    if (depth > 0) fields[name] = value === null || value === undefined ? null : answeredFields(schema, caller, target, value as Row, depth - 1, false);
  }
  return fields;
}

/** A related record below the depth: its key fields. */
function answeredKey(schema: GraphQLSchema, entity: EntityDescription, row: Row): Row {
  const complete = leaves(schema, entity);
  return Object.fromEntries(entity.key.map((name) => [name, complete.get(name)!(row[name])]));
}
