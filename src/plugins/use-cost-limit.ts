// Refuses an operation whose estimated cost (src/cost/) is over the limit, before any resolver
// runs. It runs as execution starts, where the variables are known: `favorites(first: $n)` costs
// what $n says. REST calls run through the same execute, or, when the database builds their
// documents (rest/compiled-read.ts), through the same check: a REST `depth` and `limit` are held
// to the same limit as the GraphQL they are translated into.
import { GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ListSizes } from '../cost/estimators.js';
import { operationCoster, variablesShape, type OperationCostRequest } from '../cost/operation-cost.js';

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

/** Shapes of variables (cost/operation-cost.ts variablesShape) found within the limit, per document. */
const maxShapesPerDocument = 32;

/**
 * The error for an operation over the limit, or undefined. Estimating walks the whole document
 * (a fifth of the CPU of a REST ingest, a twentieth of a createLead), and a server is sent the
 * same few documents again and again (Yoga's parse cache and REST's own give the same node): an
 * operation and variables' shape found within the limit once is passed without walking it again.
 * Only passes are remembered, so a refusal, and a request whose variables do not coerce (which
 * the executor refuses with its own error), are answered exactly as before.
 */
export function costCheck({ maxCost, ...sizes }: CostLimitOptions): CostCheck {
  const costOf = operationCoster(sizes);
  const passed = new WeakMap<DocumentNode, Set<string>>();
  return (request) => {
    const shape = variablesShape(request.variableValues);
    const key = shape === undefined ? undefined : `${JSON.stringify(request.operationName ?? null)}\n${shape}`;
    const known = passed.get(request.document);
    if (key !== undefined && known?.has(key)) return undefined;
    const cost = costOf(request);
    if (cost !== undefined && cost > maxCost) return costLimitError(maxCost, cost);
    if (cost !== undefined && key !== undefined) {
      const shapes = known ?? new Set<string>();
      // Variables whose numbers change from request to request (first: $n) make many shapes: a few are kept.
      if (shapes.size >= maxShapesPerDocument) shapes.clear();
      shapes.add(key);
      passed.set(request.document, shapes);
    }
    return undefined;
  };
}

export function useCostLimit(options: CostLimitOptions): Plugin {
  const check = costCheck(options);
  const refuse = ({
    args,
    setResultAndStopExecution,
  }: {
    args: OperationCostRequest;
    setResultAndStopExecution: (result: { errors: GraphQLError[] }) => void;
  }) => {
    const error = check({ schema: args.schema, document: args.document, variableValues: args.variableValues, operationName: args.operationName });
    if (error) setResultAndStopExecution({ errors: [error] });
  };
  // A subscription is not executed but subscribed to (outside attack D4: it skipped the limit),
  // and each event it receives runs its selection: the same limit holds before its stream opens.
  return { onExecute: refuse, onSubscribe: refuse };
}
