// The estimated cost of the operation a request will run (graphql-query-complexity, with our
// estimators), with its variables as the executor will coerce them (so a variable's default
// counts); undefined when they do not coerce, which the executor refuses itself before anything
// runs.
import { getOperationAST, getVariableValues, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import { fieldCost, listSizeEstimator, type ListSizes } from './estimators.js';
import { getComplexity } from 'graphql-query-complexity';
import { manyToManyFields } from './many-to-many.js';

export interface OperationCostRequest {
  schema: GraphQLSchema;
  document: DocumentNode;
  variableValues?: Record<string, unknown> | null;
  operationName?: string | null;
}

export function operationCoster(sizes: ListSizes) {
  const manyToMany = manyToManyFields();
  return ({ schema, document, variableValues, operationName }: OperationCostRequest): number | undefined => {
    const operation = getOperationAST(document, operationName);
    if (!operation) return undefined;
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], variableValues ?? {});
    if (variables.errors) return undefined;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const estimators = [listSizeEstimator({ sizes, schema, fragments, manyToMany }), fieldCost];
    // The library coerces the variables itself: it is handed them as sent.
    return getComplexity({ estimators, schema, query: document, variables: variableValues ?? {}, operationName: operationName ?? undefined });
  };
}

/**
 * What of a request's variables its cost can depend on, as text: the estimators read a list
 * argument's length (`ids`, `input`), a count (`first`, `last`, `limit`), whether an argument is
 * given at all (`where`, `page`), and `@skip`/`@include` a boolean. So a variable counts as its
 * number, its boolean, its list's length, or its kind (a string, an object, null, absent), never
 * its text: two requests of one document whose variables have the same shape cost the same (when
 * their variables coerce). Undefined for variables that are not an object.
 */
export function variablesShape(variableValues: unknown): string | undefined {
  if (variableValues === undefined || variableValues === null) return '';
  if (typeof variableValues !== 'object' || Array.isArray(variableValues)) return undefined;
  let shape = '';
  for (const name of Object.keys(variableValues).sort()) {
    const value: unknown = (variableValues as Record<string, unknown>)[name];
    const kind =
      typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : Array.isArray(value)
          ? `[${value.length}]`
          : value === null
            ? 'null'
            : typeof value;
    shape += `${JSON.stringify(name)}:${kind},`;
  }
  return shape;
}
