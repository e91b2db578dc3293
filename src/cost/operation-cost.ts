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
