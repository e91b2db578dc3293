// A REST document built by the database as JSON text: the SQL expression that gives, for one row,
// exactly the bytes JSON.stringify writes for toDocument (to-document.ts) of the GraphQL answer to
// selectionFor (selection.ts) at the same depth. Same members in the same order, fields without a
// value left out, relations below the depth as their keys, list relations as a page in key order.
//
// Text is concatenated rather than built with json_build_object, whose output has spaces JSON.stringify
// does not write, and which takes at most 100 arguments (a Lead has more than 90 members).
// A personal field that must be decrypted or masked, and a JSON field, are left to JavaScript in a
// marker no stored text can make (compiled/json-text.ts), so the masking stays in auth/personal-data.ts.
import { personalFieldInRead } from '../auth/personal-data.js';
import { entities } from '../model/entities.js';
import { isoTimestamp, literal, markedPersonal, scalarText } from '../compiled/json-text.js';
import { recordAuthors, type EntityDescription, type ScalarField } from '../model/entity.js';
import { listSize } from '../schema/object-fields.js';
import { joinTableOf, quoted } from '../writes/sql.js';
import type { Envelope } from './collections.js';

export interface DocumentReader {
  /** The caller's scopes: personal data follows them. */
  apiKey: { scopes: readonly string[] } | null;
}

export interface DocumentShape {
  depth: number;
  envelope: Envelope;
  reader: DocumentReader;
}

const member = (name: string, value: string) => `${literal(`${JSON.stringify(name)}:`)} || ${value}`;

/** A column's value as JSON text, NULL when the document leaves it out (null, an empty list). */
function scalarValue(field: ScalarField, column: string): string {
  if (field.list) return `CASE WHEN cardinality(${column}) > 0 THEN array_to_json(${column})::text END`;
  return scalarText(field.type, column);
}

/** The key a relation's own columns hold (toDocument's keyOf), NULL when its first column is. */
function keyValue(target: EntityDescription, alias: string, columns: string[]): string {
  const column = (name: string) => `${alias}.${quoted(name)}`;
  const value =
    target.name === 'City'
      ? `'{"name":' || to_json(${column(columns[1])})::text || ',"state":' || to_json(${column(columns[0])})::text || '}'`
      : `to_json(${column(columns[0])})::text`;
  return `CASE WHEN ${column(columns[0])} IS NOT NULL THEN ${value} END`;
}

class Aliases {
  private next = 0;
  take(): string {
    this.next += 1;
    return `d${this.next}`;
  }
}

/** The JSON text of the document of the row `alias` of `entity`. */
function documentOf(entity: EntityDescription, alias: string, depth: number, shape: DocumentShape, aliases: Aliases, top = false): string {
  const values = new Map<string, string>();
  const column = (name: string) => `${alias}.${quoted(name)}`;
  for (const name of new Set([...entity.key, ...Object.keys(entity.scalars)])) {
    const field: ScalarField = entity.scalars[name] ?? { type: 'String', description: '' };
    const shown = field.pii ? personalFieldInRead(shape.reader, field) : 'stored';
    if (shown === 'none') continue;
    values.set(name, shown === 'each' ? markedPersonal(entity, name, alias) : scalarValue(field, column(name)));
  }
  for (const [name, relation] of Object.entries(entity.relations)) {
    const target = entities[relation.target];
    if (relation.list) {
      values.set(name, listValue(entity, alias, name, target, depth, shape, aliases));
      continue;
    }
    const key = keyValue(target, alias, relation.columns!);
    if (depth === 0) {
      values.set(name, key);
      continue;
    }
    const related = aliases.take();
    const joined = target.key.map((field, index) => `${related}.${quoted(field)} = ${column(relation.columns![index])}`).join(' AND ');
    const document = documentOf(target, related, depth - 1, shape, aliases);
    // A soft reference whose record does not exist yet is its key.
    values.set(name, `coalesce((SELECT ${document} FROM ${quoted(target.name)} ${related} WHERE ${joined}), ${key})`);
  }
  // The CRM lead body's names for facts that have another: the same value once more. A relation's
  // value is a subquery, computed once (below) and named twice.
  const aliased = Object.entries(entity.aliases ?? {}).filter(([, canonical]) => values.has(canonical));
  const hoisted = new Map<string, string>();
  for (const [, canonical] of aliased) {
    if (canonical in entity.relations && !hoisted.has(canonical)) hoisted.set(canonical, `r${hoisted.size}`);
  }
  const valueSql = (name: string) => (hoisted.has(name) ? `${alias}_hoisted.${hoisted.get(name)}` : values.get(name)!);
  const members = [...values.keys()].map((name) => member(name, valueSql(name)));
  for (const [name, canonical] of aliased) members.push(member(name, valueSql(canonical)));
  if (shape.envelope === 'payload') {
    for (const name of ['createdAt', 'updatedAt']) members.push(member(name, isoTimestamp(column(name))));
    // Who wrote it: the top document's only (rest/selection.ts); NULL (left out) for rows written before the trail.
    if (top) for (const name of recordAuthors) members.push(member(name, `to_json(${column(name)})::text`));
    if (entity.trash) members.push(member('deletedAt', `CASE WHEN ${column('deletedAt')} IS NOT NULL THEN ${isoTimestamp(column('deletedAt'))} END`));
  }
  const object = `'{' || array_to_string(ARRAY[${members.join(',\n')}]::text[], ',') || '}'`;
  if (hoisted.size === 0) return object;
  // OFFSET 0 keeps PostgreSQL from folding the subquery in, which would compute each value twice.
  const computed = [...hoisted].map(([name, as]) => `${values.get(name)} AS ${as}`).join(', ');
  return `(SELECT ${object} FROM (SELECT ${computed} OFFSET 0) ${alias}_hoisted)`;
}

/** A list relation: a page of documents (or keys, at depth 0) in key order, NULL when empty. */
function listValue(
  owner: EntityDescription,
  alias: string,
  relation: string,
  target: EntityDescription,
  depth: number,
  shape: DocumentShape,
  aliases: Aliases,
): string {
  if (target.key.length !== 1) throw new Error(`${owner.name}.${relation}: a list of records with a key of several columns`);
  const join = joinTableOf(owner, relation);
  const link = aliases.take();
  const owned = `${link}.${quoted(join.ownerColumn)} = ${alias}.${quoted(owner.key[0])}`;
  const targetKey = `${link}.${quoted(join.targetColumn)}`;
  if (depth === 0) {
    return `(SELECT '[' || string_agg(to_json(k)::text, ',' ORDER BY k) || ']'
      FROM (SELECT ${targetKey} AS k FROM ${quoted(join.table)} ${link} WHERE ${owned} ORDER BY ${targetKey} LIMIT ${listSize.default}) ${link}_page)`;
  }
  const item = aliases.take();
  const key = `${item}.${quoted(target.key[0])}`;
  return `(SELECT '[' || string_agg(doc, ',' ORDER BY k) || ']' FROM (
      SELECT ${documentOf(target, item, depth - 1, shape, aliases)} AS doc, ${key} AS k
      FROM ${quoted(join.table)} ${link} JOIN ${quoted(target.name)} ${item} ON ${key} = ${targetKey}
      WHERE ${owned} ORDER BY ${key} LIMIT ${listSize.default}) ${item}_page)`;
}

/** The document expression for rows of `entity` named `alias`. */
export function documentSql(entity: EntityDescription, alias: string, shape: DocumentShape): string {
  return documentOf(entity, alias, shape.depth, shape, new Aliases(), true);
}
