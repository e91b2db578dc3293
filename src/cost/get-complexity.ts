// The cost of one operation, as graphql-query-complexity (slicknode) computes it, until that package
// is a dependency: the same options, the same estimator signature and the same walk (a field is
// what the first estimator that answers says; fragments on an abstract type count for each of its
// possible types, and the dearest type wins; @skip and @include are honoured). Replacing this file
// with `export { getComplexity } from 'graphql-query-complexity'` keeps every caller and estimator.
//
// Unlike the library it reads only the operation that will run, and it expects variables already
// coerced (the plugin does it), so a variable's default value counts as the executor will use it.
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNamedType,
  getOperationAST,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

export interface ComplexityEstimatorArgs {
  /** The type the field belongs to. */
  type: GraphQLCompositeType;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  /** The field's arguments, with variables and defaults applied. */
  args: Record<string, unknown>;
  /** The cost of the field's own selection. */
  childComplexity: number;
}

/** A field's cost, or nothing to let the next estimator decide. */
export type ComplexityEstimator = (options: ComplexityEstimatorArgs) => number | void;

export interface ComplexityOptions {
  estimators: ComplexityEstimator[];
  schema: GraphQLSchema;
  query: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string | null;
}

export function getComplexity({ estimators, schema, query, variables = {}, operationName }: ComplexityOptions): number {
  const operation = getOperationAST(query, operationName);
  if (!operation) return 0; // the executor refuses it before anything runs
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of query.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }

  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;

  function costOf(args: ComplexityEstimatorArgs): number {
    for (const estimator of estimators) {
      const cost = estimator(args);
      if (typeof cost === 'number' && !Number.isNaN(cost)) return cost;
    }
    throw new Error(`No estimator gave a cost for ${args.type.name}.${args.field.name}`);
  }

  const possibleTypes = (type: GraphQLCompositeType) => (isAbstractType(type) ? schema.getPossibleTypes(type).map((each) => each.name) : [type.name]);

  function selectionCost(selectionSet: SelectionSetNode, type: GraphQLCompositeType): number {
    // The cost for each concrete type the value may have; the dearest one counts.
    const costs = new Map<string, number>();
    const add = (cost: number, types: string[]) => {
      for (const name of types) costs.set(name, (costs.get(name) ?? 0) + cost);
    };
    const fields = isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const field = fields[selection.name.value];
        if (!field) continue; // __typename, introspection, or a field validation refuses
        const named = getNamedType(field.type);
        const childComplexity = selection.selectionSet && isCompositeType(named) ? selectionCost(selection.selectionSet, named) : 0;
        const args = getArgumentValues(field, selection, variables);
        const fieldArgs: ComplexityEstimatorArgs = { type, field, node: selection, args, childComplexity };
        add(costOf(fieldArgs), possibleTypes(type));
        continue;
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
      if (!condition || !isCompositeType(condition)) continue;
      add(selectionCost(fragment.selectionSet, condition), possibleTypes(condition));
    }
    return Math.max(0, ...costs.values());
  }

  return selectionCost(operation.selectionSet, root);
}
