// Variables coerced as graphql-js's getVariableValues coerces them, by the fields a value gives
// rather than by every field its input type has: graphql-js walks all 86 fields of CreateLeadInput
// for a create that gives 8 (2-3% of the server's CPU per create). Only what it would accept is
// coerced here, into the same values with their keys in the same order (the type's field order:
// the write core lists the fields given in it, for the audit entry and the webhook event); anything
// else (a value it would refuse, a variable with a default, a @oneOf input) answers undefined, and
// the caller asks graphql-js, whose errors are the ones a caller sees.
import {
  isEnumType,
  isInputObjectType,
  isInputType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/** What graphql-js would refuse, or coerce in a way not repeated here. */
const notHere: unique symbol = Symbol('not coerced here');
type Coerced = unknown | typeof notHere;

interface Fields {
  byName: Map<string, { field: GraphQLInputField; position: number }>;
  /** Fields a value must give: non-null without a default. */
  required: GraphQLInputField[];
  /** Fields whose default stands in when a value leaves them out. */
  defaulted: GraphQLInputField[];
}

const fieldsOfType = new WeakMap<GraphQLInputObjectType, Fields>();

function fieldsOf(type: GraphQLInputObjectType): Fields {
  let fields = fieldsOfType.get(type);
  if (!fields) {
    const all = Object.values(type.getFields());
    fields = {
      byName: new Map(all.map((field, position) => [field.name, { field, position }])),
      required: all.filter((field) => isNonNullType(field.type) && field.defaultValue === undefined),
      defaulted: all.filter((field) => field.defaultValue !== undefined),
    };
    fieldsOfType.set(type, fields);
  }
  return fields;
}

function coerceObject(value: unknown, type: GraphQLInputObjectType): Coerced {
  if (type.isOneOf || typeof value !== 'object' || value === null || Array.isArray(value)) return notHere;
  const given = value as Record<string, unknown>;
  const { byName, required, defaulted } = fieldsOf(type);
  const entries: [number, string, unknown][] = [];
  for (const name of Object.keys(given)) {
    const known = byName.get(name);
    if (!known) return notHere;
    // graphql-js reads an undefined field as one not given.
    if (given[name] === undefined) continue;
    const coerced = coerceValue(given[name], known.field.type);
    if (coerced === notHere) return notHere;
    entries.push([known.position, name, coerced]);
  }
  for (const field of required) if (given[field.name] === undefined) return notHere;
  for (const field of defaulted) if (given[field.name] === undefined) entries.push([byName.get(field.name)!.position, field.name, field.defaultValue]);
  entries.sort((a, b) => a[0] - b[0]);
  const result: Record<string, unknown> = {};
  for (const [, name, coerced] of entries) result[name] = coerced;
  return result;
}

function coerceValue(value: unknown, type: GraphQLInputType): Coerced {
  if (isNonNullType(type)) return value === null || value === undefined ? notHere : coerceValue(value, type.ofType);
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    // A single value where a list is expected is a list of one, as graphql-js has it.
    if (!Array.isArray(value)) {
      const item = coerceValue(value, type.ofType);
      return item === notHere ? notHere : [item];
    }
    const items: unknown[] = [];
    for (const item of value) {
      const coerced = coerceValue(item, type.ofType);
      if (coerced === notHere) return notHere;
      items.push(coerced);
    }
    return items;
  }
  if (isInputObjectType(type)) return coerceObject(value, type);
  if (isScalarType(type) || isEnumType(type)) {
    try {
      const parsed: unknown = type.parseValue(value);
      return parsed === undefined ? notHere : parsed;
    } catch {
      return notHere;
    }
  }
  return notHere;
}

/**
 * The operation's variables coerced as getVariableValues coerces them, or undefined when they are
 * left to it (a value it would refuse, a default, a @oneOf input).
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const coerced: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type);
    if (!type || !isInputType(type) || definition.defaultValue) return undefined;
    if (!Object.hasOwn(inputs, name)) {
      if (isNonNullType(type)) return undefined;
      continue;
    }
    const value = coerceValue(inputs[name], type);
    if (value === notHere) return undefined;
    coerced[name] = value;
  }
  return coerced;
}
