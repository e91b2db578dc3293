// A GraphQL query answered by one SQL statement that writes the whole response as JSON text, the
// bytes Yoga would send for the executor's answer: members in the order of the selection, under
// their aliases, nulls kept, empty lists as [], __typename as the type's name.
//
// Only shapes whose answer the database can build the executor's way are taken: root lookups by
// key, root connections with nothing but `first` and `edges { node }`, and below them the fields
// the entity descriptions hold (exposed columns, personal fields, relations, a list relation's
// `first`), with fragments on the same type. Anything else (a directive, a filter, a cursor,
// pageInfo, a field of its own resolver, a field behind a scope other than `read`) is left to the
// executor: compileOperation answers undefined.
import {
  getArgumentValues,
  getNamedType,
  isListType,
  isNonNullType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { personalFieldInRead } from '../auth/personal-data.js';
import { config } from '../config.js';
import { entities } from '../model/entities.js';
import type { EntityDescription } from '../model/entity.js';
import { listPageSize } from '../schema/object-fields.js';
import { orderByFromInput } from '../schema/filters.js';
import { joinTableOf, quoted } from '../writes/sql.js';
import { literal, markedPersonal, scalarText } from './json-text.js';

/** A shape the database does not answer the executor's way. */
export class NotCompiled extends Error {}

type Variables = Record<string, unknown>;

export interface CompiledOperation {
  sql: string;
  /** The statement's parameters, from the operation's coerced variables (throws NotCompiled for values the executor refuses). */
  parameters: (variables: Variables) => unknown[];
}

interface Build {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  reader: { apiKey: { scopes: readonly string[] } | null };
  parameters: ((variables: Variables) => unknown)[];
  aliases: number;
}

const entityOfType = new Map(Object.values(entities).map((entity) => [entity.name as string, entity]));

function parameter(build: Build, value: (variables: Variables) => unknown): string {
  build.parameters.push(value);
  return `$${build.parameters.length}`;
}

const alias = (build: Build) => `q${++build.aliases}`;

/**
 * The columns of a row as SQL: a table's row by its alias, or, for a record whose key alone is
 * asked, the foreign-key columns that point to it (no subquery, as a careful hand would write it).
 */
interface Row {
  alias?: string;
  column(name: string): string;
}

const tableRow = (name: string): Row => ({ alias: name, column: (column) => `${name}.${quoted(column)}` });

/** A column only the table has: the record's key alone was to be read from the reference. */
class NotInReference extends Error {}

/** The fields of a selection set in the executor's order, fragments on the same type spread in; one node per response key. */
export function collectFields(
  build: Pick<Build, 'fragments'>,
  type: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  into = new Map<string, FieldNode>(),
): Map<string, FieldNode> {
  for (const selection of selectionSet.selections) {
    if (selection.directives?.length) throw new NotCompiled('a directive');
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      // The executor merges fields of one response key; that is left to it.
      if (into.has(key)) throw new NotCompiled('a response key twice');
      into.set(key, selection);
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? build.fragments.get(selection.name.value) : selection;
    if (!fragment || (fragment.typeCondition && fragment.typeCondition.name.value !== type.name)) throw new NotCompiled('a fragment on another type');
    if (fragment.kind === Kind.FRAGMENT_DEFINITION && fragment.directives?.length) throw new NotCompiled('a directive');
    collectFields(build, type, fragment.selectionSet, into);
  }
  return into;
}

const member = (key: string, value: string) => `${literal(`${JSON.stringify(key)}:`)} || ${value}`;
const object = (members: string[]) => (members.length === 0 ? `'{}'` : `'{' || ${members.join(` || ',' || `)} || '}'`);

/** Only fields every caller with `read` may see (the root type's scope, which the plugin checks). */
function assertReadOnly(field: GraphQLField<unknown, unknown>): void {
  const scopes = (field.extensions.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes;
  if (scopes === undefined) return;
  if (typeof scopes !== 'object' || scopes === null || Object.keys(scopes).join() !== 'read') throw new NotCompiled('a scope of its own');
}

/** A column's value as the field's scalar writes it, NULL for none. */
function scalarValue(field: GraphQLField<unknown, unknown>, column: string): string {
  const named = getNamedType(field.type).name;
  const list = isListType(isNonNullType(field.type) ? field.type.ofType : field.type);
  if (list) {
    if (named !== 'String' && named !== 'Int' && named !== 'Boolean') throw new NotCompiled(`a list of ${named}`);
    // Prisma reads a NULL list as an empty one.
    return `coalesce(array_to_json(${column})::text, '[]')`;
  }
  // The GraphQL name of the entity descriptions' JSON type (schema/scalars.ts graphqlScalarOf).
  if (named === 'JSONObject') return scalarText('JSON', column);
  if (named === 'String' || named === 'Int' || named === 'Float' || named === 'Boolean' || named === 'Date' || named === 'DateTime')
    return scalarText(named, column);
  throw new NotCompiled(`a ${named}`);
}

/** The JSON text of the object of the row `row` of `entity`, for this selection set. */
function objectSql(build: Build, entity: EntityDescription, type: GraphQLObjectType, selectionSet: SelectionSetNode, row: Row): string {
  if ((type.extensions.pothosOptions as { authScopes?: unknown } | undefined)?.authScopes) throw new NotCompiled('a type with scopes');
  const members: string[] = [];
  for (const [key, node] of collectFields(build, type, selectionSet)) {
    const name = node.name.value;
    if (name === '__typename') {
      members.push(member(key, literal(JSON.stringify(type.name))));
      continue;
    }
    const field = type.getFields()[name];
    if (!field) throw new NotCompiled(`no field ${name}`);
    assertReadOnly(field);
    members.push(member(key, `coalesce(${fieldValue(build, entity, field, node, row)}, 'null')`));
  }
  return object(members);
}

function fieldValue(build: Build, entity: EntityDescription, field: GraphQLField<unknown, unknown>, node: FieldNode, row: Row): string {
  const { extensions } = field;
  const relation = Object.hasOwn(entity.relations, field.name) && extensions.pothosPrismaRelationField ? entity.relations[field.name] : undefined;
  if (!relation && node.arguments?.length) throw new NotCompiled('arguments');
  if (relation) return relationValue(build, entity, field, node, row);
  const scalar = Object.hasOwn(entity.scalars, field.name) ? entity.scalars[field.name] : undefined;
  if (scalar?.pii) {
    if (node.selectionSet) throw new NotCompiled('a selection on a scalar');
    const shown = personalFieldInRead(build.reader, scalar);
    if (shown === 'none') return 'NULL';
    if (shown === 'stored') return scalarValue(field, row.column(field.name));
    if (!row.alias) throw new NotInReference();
    return markedPersonal(entity, field.name, row.alias);
  }
  // A JSON field with sensitive values inside (a web event's properties) has a resolver of its own
  // that shows or masks them; the marked JSON is finished the same way (compiled/json-text.ts).
  if (scalar?.sensitiveInside) return scalarValue(field, row.column(field.name));
  const column = extensions.pothosExposedField;
  if (typeof column !== 'string') throw new NotCompiled(`${field.name}: a resolver of its own`);
  return scalarValue(field, row.column(column));
}

function relationValue(build: Build, owner: EntityDescription, field: GraphQLField<unknown, unknown>, node: FieldNode, row: Row): string {
  const relation = owner.relations[field.name];
  const target = entities[relation.target];
  const type = getNamedType(field.type) as GraphQLObjectType;
  if (!node.selectionSet || entityOfType.get(type.name) !== target) throw new NotCompiled('a relation of another shape');
  if (!relation.list) {
    const columns = relation.columns!;
    // A strict reference always names a record that exists: when only its key is asked, the
    // reference holds the answer.
    if (!relation.soft) {
      const reference: Row = {
        column: (name) => {
          const at = target.key.indexOf(name);
          if (at < 0) throw new NotInReference();
          return row.column(columns[at]);
        },
      };
      const aliases = build.aliases;
      const parameters = build.parameters.length;
      try {
        return `CASE WHEN ${row.column(columns[0])} IS NOT NULL THEN ${objectSql(build, target, type, node.selectionSet, reference)} END`;
      } catch (error) {
        if (!(error instanceof NotInReference)) throw error;
        build.aliases = aliases;
        build.parameters.length = parameters;
      }
    }
    const item = alias(build);
    const joined = target.key.map((key, index) => `${item}.${quoted(key)} = ${row.column(columns[index])}`).join(' AND ');
    return `(SELECT ${objectSql(build, target, type, node.selectionSet, tableRow(item))} FROM ${quoted(target.name)} ${item} WHERE ${joined})`;
  }
  const item = alias(build);
  if (target.key.length !== 1) throw new NotCompiled('a list of records with a key of several columns');
  const first = parameter(build, (variables) => {
    try {
      return listPageSize(getArgumentValues(field, node, variables).first as number | null | undefined);
    } catch {
      throw new NotCompiled('a first the executor refuses');
    }
  });
  const join = joinTableOf(owner, field.name);
  const link = alias(build);
  const key = `${item}.${quoted(target.key[0])}`;
  return `(SELECT '[' || coalesce(string_agg(doc, ',' ORDER BY k), '') || ']' FROM (
      SELECT ${objectSql(build, target, type, node.selectionSet, tableRow(item))} AS doc, ${key} AS k
      FROM ${quoted(join.table)} ${link} JOIN ${quoted(target.name)} ${item} ON ${key} = ${link}.${quoted(join.targetColumn)}
      WHERE ${link}.${quoted(join.ownerColumn)} = ${row.column(owner.key[0])} ORDER BY ${key} LIMIT ${first}) ${item}_page)`;
}

/**
 * What hides the records in the trash from root lookups and lists unless `trash: true` asks for
 * them too, as the executor's root fields do (schema/crud.ts); relations show them, as references
 * keep pointing to them. A parameter, so one statement serves both.
 */
function outsideTrash(build: Build, entity: EntityDescription, field: GraphQLField<unknown, unknown>, node: FieldNode, row: string): string[] {
  if (!entity.trash) return [];
  const trash = parameter(build, (variables) => getArgumentValues(field, node, variables).trash === true);
  return [`(${trash}::boolean OR ${row}."deletedAt" IS NULL)`];
}

/** `entity(key: ...)`: the record, or null. */
function lookupSql(build: Build, entity: EntityDescription, field: GraphQLField<unknown, unknown>, node: FieldNode): string {
  const type = getNamedType(field.type) as GraphQLObjectType;
  if (!node.selectionSet) throw new NotCompiled('no selection');
  if (node.arguments?.some((argument) => !entity.key.includes(argument.name.value) && argument.name.value !== 'trash'))
    throw new NotCompiled('an argument other than the key');
  const row = alias(build);
  const where = [
    ...entity.key.map((key) => `${row}.${quoted(key)} = ${parameter(build, (variables) => String(getArgumentValues(field, node, variables)[key]))}`),
    ...outsideTrash(build, entity, field, node, row),
  ].join(' AND ');
  return `coalesce((SELECT ${objectSql(build, entity, type, node.selectionSet, tableRow(row))} FROM ${quoted(entity.name)} ${row} WHERE ${where}), 'null')`;
}

/** `entities(first: n) { edges { node { ... } } }`: the first page in the list's own order. */
function connectionSql(build: Build, entity: EntityDescription, field: GraphQLField<unknown, unknown>, node: FieldNode): string {
  if (node.arguments?.some((argument) => argument.name.value !== 'first' && argument.name.value !== 'trash'))
    throw new NotCompiled('a filter, an order or a cursor');
  const connection = getNamedType(field.type) as GraphQLObjectType;
  if (!node.selectionSet) throw new NotCompiled('no selection');
  const edgesField = connection.getFields().edges;
  const edge = getNamedType(edgesField.type) as GraphQLObjectType;
  const nodeType = getNamedType(edge.getFields().node.type) as GraphQLObjectType;
  const first = parameter(build, (variables) => {
    const size = getArgumentValues(field, node, variables).first as number | null | undefined;
    if ((size ?? 0) < 0) throw new NotCompiled('a first the executor refuses');
    return Math.min(size ?? config.pageSize.default, config.pageSize.max);
  });
  const row = alias(build);
  const trash = outsideTrash(build, entity, field, node, 'r');
  const order = orderByFromInput(entity, undefined).map((term) => Object.entries(term)[0]);
  const orderBy = (column: (name: string, index: number) => string) =>
    order.map(([name, direction], index) => `${column(name, index)} ${direction === 'desc' ? 'DESC' : 'ASC'}`).join(', ');
  const members: string[] = [];
  for (const [key, selected] of collectFields(build, connection, node.selectionSet)) {
    const name = selected.name.value;
    if (name === '__typename') {
      members.push(member(key, literal(JSON.stringify(connection.name))));
      continue;
    }
    if (name !== 'edges' || !selected.selectionSet || selected.arguments?.length) throw new NotCompiled('a connection field other than edges');
    const edgeMembers: string[] = [];
    for (const [edgeKey, edgeNode] of collectFields(build, edge, selected.selectionSet)) {
      const edgeName = edgeNode.name.value;
      if (edgeName === '__typename') edgeMembers.push(member(edgeKey, literal(JSON.stringify(edge.name))));
      else if (edgeName === 'node' && edgeNode.selectionSet && !edgeNode.arguments?.length)
        edgeMembers.push(member(edgeKey, objectSql(build, entity, nodeType, edgeNode.selectionSet, tableRow(row))));
      else throw new NotCompiled('an edge field other than node');
    }
    const ordered = order.map(([name], index) => `${row}.${quoted(name)} AS o${index}`).join(', ');
    members.push(
      member(
        key,
        `(SELECT '[' || coalesce(string_agg(doc, ',' ORDER BY ${orderBy((_, index) => `${row}_page.o${index}`)}), '') || ']' FROM (
      SELECT ${object(edgeMembers)} AS doc, ${ordered}
      FROM (SELECT * FROM ${quoted(entity.name)} r ${trash.map((condition) => `WHERE ${condition}`).join('')}
        ORDER BY ${orderBy((name) => `r.${quoted(name)}`)} LIMIT ${first}) ${row}) ${row}_page)`,
      ),
    );
  }
  return object(members);
}

function rootSql(build: Build, operation: OperationDefinitionNode): string {
  const query = build.schema.getQueryType()!;
  const members: string[] = [];
  for (const [key, node] of collectFields(build, query, operation.selectionSet)) {
    const name = node.name.value;
    if (name === '__typename') {
      members.push(member(key, literal(JSON.stringify(query.name))));
      continue;
    }
    const field = query.getFields()[name];
    if (!field) throw new NotCompiled(`no field ${name}`);
    assertReadOnly(field);
    const entity = entityOfType.get(getNamedType(field.type).name);
    const connection = [...entityOfType.values()].find((candidate) => candidate.plural === name);
    if (entity && entity.delegate === name) members.push(member(key, lookupSql(build, entity, field, node)));
    else if (connection && getNamedType(field.type).name.endsWith('Connection')) members.push(member(key, connectionSql(build, connection, field, node)));
    else throw new NotCompiled(`${name}: a root field of its own`);
  }
  return `SELECT '{"data":' || ${object(members)} || '}' AS body`;
}

/** The document's fragments by name. */
export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

/**
 * The statement answering this query for this reader (personal data follows the reader's scopes),
 * or undefined when the executor must answer. The caller has checked the root type's scope.
 */
export function compileOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  reader: Build['reader'],
): CompiledOperation | undefined {
  if (operation.operation !== 'query' || operation.directives?.length) return undefined;
  if (operation.variableDefinitions?.some((definition) => definition.directives?.length)) return undefined;
  const build: Build = { schema, fragments: fragmentsOf(document), reader, parameters: [], aliases: 0 };
  try {
    const sql = rootSql(build, operation);
    const { parameters } = build;
    return { sql, parameters: (variables) => parameters.map((value) => value(variables)) };
  } catch (error) {
    if (error instanceof NotCompiled) return undefined;
    throw error;
  }
}
