// Runs each GraphQL execution (REST's included) as part of its HTTP request, which writes from a
// mutation on (src/read-scope.ts): the reads of queries may go to the read replica, a mutation's
// and those after it go to the primary. Subscriptions are not executions and read the primary.
import { getOperationAST } from 'graphql';
import type { Plugin, YogaInitialContext } from 'graphql-yoga';
import { withinRequest } from '../read-scope.js';

export function useReadScope(): Plugin<YogaInitialContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const writes = getOperationAST(args.document, args.operationName)?.operation !== 'query';
      setExecuteFn((executeArgs) => withinRequest(args.contextValue.request, writes, () => executeFn(executeArgs)));
    },
  };
}
