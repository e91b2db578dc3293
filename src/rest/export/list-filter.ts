// An export reads its rows itself (rows.ts), not through the list's GraphQL operation, so the
// checks graphql-js makes of that operation's `$filter` (an operator the field's type does not take,
// `where[monthlyPayment][like]`, or an instant its scalar refuses) were never made: the SQL failed
// once the 200 was sent, and the client got a cut-off body. Here the filter is coerced against the
// list's own variable definition (the count operation's `$filter: <E>Filter`), as Yoga's execute does,
// and its errors are masked by the one maskError, so an export answers the list's 400 word for word.
import { GraphQLError, getVariableValues, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { maskError } from '../../mask-error.js';
import type { EntityDescription } from '../../model/entity.js';
import { operationFor } from '../operations.js';

/** The filter as the list's resolver would receive it (scalars parsed), or the errors the list would answer. */
export function listFilter(
  schema: GraphQLSchema,
  entity: EntityDescription,
  filter: Record<string, unknown> | undefined,
): { filter: Record<string, unknown> | undefined } | { errors: GraphQLFormattedError[] } {
  if (filter === undefined) return { filter };
  const operation = operationFor('count', entity, 0).definitions[0] as OperationDefinitionNode;
  const filterOnly = (operation.variableDefinitions ?? []).filter((definition) => definition.variable.name.value === 'filter');
  const coerced = getVariableValues(schema, filterOnly, { filter });
  if (coerced.errors) {
    const masked = coerced.errors.map((error) => maskError(error, 'Unexpected error.'));
    return { errors: masked.map((error) => (error instanceof GraphQLError ? error.toJSON() : { message: error.message })) };
  }
  return { filter: coerced.coerced.filter as Record<string, unknown> };
}
