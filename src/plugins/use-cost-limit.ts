// Refuses an operation whose estimated cost (src/cost/) is over the limit, before any resolver
// runs. It runs as execution starts, where the variables are known: `favorites(first: $n)` costs
// what $n says. REST calls run through the same execute, or, when the database builds their
// documents (rest/compiled-read.ts), through the same check: a REST `depth` and `limit` are held
// to the same limit as the GraphQL they are translated into.
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ListSizes } from '../cost/estimators.js';
import { operationCoster, type OperationCostRequest } from '../cost/operation-cost.js';

export interface CostLimitOptions extends ListSizes {
  maxCost: number;
}

function costLimitError(maxCost: number, cost: number): GraphQLError {
  return new GraphQLError(
    `Query cost limit of ${maxCost} exceeded: the estimated cost is ${cost}. Each field counts 1 plus its selection, and a list counts its selection once per item it may give (first, last, limit or their defaults); ask for fewer items or fewer nested lists`,
    // A request error, as a validation rule's: 400 under application/graphql-response+json.
    { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400, spec: true } } },
  );
}

export type CostCheck = (request: OperationCostRequest) => GraphQLError | undefined;

/** The error for an operation over the limit, or undefined. */
export function costCheck({ maxCost, ...sizes }: CostLimitOptions): CostCheck {
  const costOf = operationCoster(sizes);
  return (request) => {
    const cost = costOf(request);
    return cost !== undefined && cost > maxCost ? costLimitError(maxCost, cost) : undefined;
  };
}

export function useCostLimit(options: CostLimitOptions): Plugin {
  const check = costCheck(options);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check({ schema: args.schema, document: args.document, variableValues: args.variableValues, operationName: args.operationName });
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
