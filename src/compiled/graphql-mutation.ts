// A create mutation whose answer is columns of the record it writes, answered without the executor
// and plugin-prisma: the mutation's own write (schema/crud.ts createWrites, the resolver's whole
// body: the write core plans, authorizes, validates and writes in one statement that returns the
// columns) and the record's fields completed as the executor completes them, with each scalar's
// own serialize. Only shapes whose every step is one the executor takes the same way are compiled:
// one root field, a create registered in createWrites, no directive, no scope of its own (on the
// field, its type or a field below), and below it only __typename, columns the type exposes and
// personal fields (shown or masked by the function their resolver calls). Anything else (a
// relation, the Relay id, a JSON field, an update, several mutations) is left to the executor:
// compileMutation answers undefined.
import {
  getNamedType,
  GraphQLError,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  locatedError,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Context } from '../context.js';
import type { EntityDescription } from '../model/entity.js';
import { createWrites, type EntityWrite } from '../schema/crud.js';
import { personalFieldValue } from '../auth/personal-data.js';
import { collectFields, fragmentsOf, NotCompiled } from './graphql-operation.js';

type Row = Record<string, unknown>;

/** One response key of the record's answer. */
interface Member {
  key: string;
  node: FieldNode;
  /** The field's type, for completion; none for __typename. */
  type?: GraphQLOutputType;
  value: (row: Row, context: Context) => unknown;
}

export interface CompiledMutation {
  /** The root field's response key and node (errors are located at them, as the executor locates them). */
  key: string;
  node: FieldNode;
  field: GraphQLField<unknown, unknown>;
  write: EntityWrite['write'];
  /** plugin-prisma's selection for these fields: the record's key and the columns asked for. */
  query: { select: Record<string, true> };
  type: GraphQLObjectType;
  members: Member[];
}

const scopesOf = (options: unknown) => (options as { authScopes?: unknown } | undefined)?.authScopes;

/** Scalars whose serialize turns what the database returns into its JSON value (no JSON field: JSONObject refuses a non-object). */
const plainScalars = new Set(['String', 'Int', 'Float', 'Boolean', 'ID', 'DateTime', 'Date']);

function memberOf(entity: EntityDescription, type: GraphQLObjectType, key: string, node: FieldNode, select: Record<string, true>): Member {
  const name = node.name.value;
  if (name === '__typename') return { key, node, value: () => type.name };
  const field = Object.hasOwn(type.getFields(), name) ? type.getFields()[name] : undefined;
  if (!field) throw new NotCompiled(`no field ${name}`);
  if (scopesOf(field.extensions.pothosOptions) !== undefined) throw new NotCompiled('a scope of its own');
  if (node.arguments?.length || node.selectionSet) throw new NotCompiled('arguments or a selection');
  if (!isLeafType(getNamedType(field.type)) || !plainScalars.has(getNamedType(field.type).name)) throw new NotCompiled(`a ${getNamedType(field.type).name}`);
  const scalar = Object.hasOwn(entity.scalars, name) ? entity.scalars[name] : undefined;
  if (scalar?.pii) {
    select[name] = true;
    return { key, node, type: field.type, value: (row, context) => personalFieldValue(context, entity, row, name) };
  }
  const column = field.extensions.pothosExposedField;
  if (typeof column !== 'string' || field.extensions.pothosPrismaRelationField) throw new NotCompiled(`${name}: a resolver of its own`);
  select[column] = true;
  return { key, node, type: field.type, value: (row) => row[column] };
}

/**
 * The answer of this mutation without the executor, or undefined when the executor must answer.
 * The caller has checked the root type's scope.
 */
export function compileMutation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): CompiledMutation | undefined {
  if (operation.operation !== 'mutation' || operation.directives?.length) return undefined;
  if (operation.variableDefinitions?.some((definition) => definition.directives?.length)) return undefined;
  const build = { fragments: fragmentsOf(document) };
  const root = schema.getMutationType()!;
  try {
    const roots = [...collectFields(build, root, operation.selectionSet)];
    if (roots.length !== 1) return undefined;
    const [[key, node]] = roots;
    const write = createWrites.get(node.name.value);
    const field = root.getFields()[node.name.value];
    if (!write || !field || scopesOf(field.extensions.pothosOptions) !== undefined || !node.selectionSet) return undefined;
    const type = getNamedType(field.type);
    if (!isObjectType(type) || type.name !== write.entity.name || scopesOf(type.extensions.pothosOptions) !== undefined) return undefined;
    // The record's key first, as the type's own selection (schema/object-fields.ts keySelection) puts it.
    const select: Record<string, true> = Object.fromEntries(write.entity.key.map((name) => [name, true]));
    const members = [...collectFields(build, type, node.selectionSet)].map(([memberKey, memberNode]) =>
      memberOf(write.entity, type, memberKey, memberNode, select),
    );
    return { key, node, field, write: write.write, query: { select }, type, members };
  } catch (error) {
    if (error instanceof NotCompiled) return undefined;
    throw error;
  }
}

/** A null where the type has none: the executor's error, and the value of the field's parent null. */
class NonNullFailed extends Error {}

/** A value as the executor completes a leaf or a list of leaves: each scalar's serialize, nulls kept where allowed. */
function completed(type: GraphQLOutputType, value: unknown): unknown {
  if (isNonNullType(type)) {
    const inner = completed(type.ofType, value);
    if (inner === null) throw new NonNullFailed();
    return inner;
  }
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) throw new GraphQLError('Expected Iterable, but did not find one for a list field.');
    return value.map((item) => completed(type.ofType, item));
  }
  const leaf = getNamedType(type);
  if (!isLeafType(leaf)) throw new GraphQLError(`${leaf.name} is not a leaf type.`);
  const serialized = leaf.serialize(value);
  if (serialized === null || serialized === undefined) throw new GraphQLError(`Expected \`${leaf.name}.serialize\` to return non-nullable value.`);
  return serialized;
}

/**
 * Writes and answers, as the executor would with the field's resolver: a failed write is the
 * field's error and its value null (the mutation fields are nullable: schema/crud.ts). The values
 * come from the write's own statement, typed by the database, so the completion errors below are
 * there to keep the executor's rules, not because they are expected.
 */
export async function runMutation(mutation: CompiledMutation, args: Row, context: Context): Promise<ExecutionResult> {
  const errors: GraphQLError[] = [];
  const located = (error: unknown, node: FieldNode, path: string[]) => errors.push(locatedError(error, [node], path));
  let record: unknown;
  try {
    record = await mutation.write(mutation.query, args, context);
  } catch (error) {
    located(error, mutation.node, [mutation.key]);
    return { errors, data: { [mutation.key]: null } };
  }
  if (record === null || record === undefined) return { data: { [mutation.key]: null } };
  const row = record as Row;
  let answer: Row | null = {};
  for (const member of mutation.members) {
    try {
      const value = member.value(row, context);
      answer[member.key] = member.type ? completed(member.type, value) : value;
    } catch (error) {
      const failure =
        error instanceof NonNullFailed ? new Error(`Cannot return null for non-nullable field ${mutation.type.name}.${member.node.name.value}.`) : error;
      located(failure, member.node, [mutation.key, member.key]);
      if (member.type && isNonNullType(member.type)) {
        answer = null;
        break;
      }
      answer[member.key] = null;
    }
  }
  const data = { [mutation.key]: answer };
  return errors.length > 0 ? { errors, data } : { data };
}
