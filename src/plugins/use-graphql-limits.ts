// Limits on what one GraphQL request may ask, against documents built to exhaust the server:
// depth, aliases, directives and tokens (graphql-armor), introspection off in production unless
// allowed, and the body size. Suggestions ("Did you mean ...", which reveal the schema) are cut
// out of every message by messages-without-values.ts; graphql-armor's plugin for them missed most
// forms. The REST layer's own operations are built by the server and skip these, all but the
// cost: that counts list sizes (use-cost-limit.ts), which REST's `limit` and `depth` choose as much
// as a GraphQL document does.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { config } from '../config.js';
import { errorResponse, isRestRequest } from '../http/error-response.js';
import { useCostLimit } from './use-cost-limit.js';

export interface GraphQLLimits {
  depth: number;
  cost: number;
  aliases: number;
  directives: number;
  tokens: number;
  introspection: boolean;
  bodyLimitBytes: number;
}

function useIntrospection(allowed: boolean): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (!allowed) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

function useGraphQLBodyLimit(limitBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      if (isRestRequest(request)) return; // the REST layer reads its bodies within its own limits
      if (Number(request.headers.get('content-length') ?? 0) > limitBytes) {
        endResponse(errorResponse(request, 413, 'PAYLOAD_TOO_LARGE', `The body may have at most ${limitBytes} bytes`));
      }
    },
  };
}

export function graphqlLimitPlugins(limits: GraphQLLimits): Plugin[] {
  const propagate = { propagateOnRejection: true, exposeLimits: true } as const;
  return [
    useGraphQLBodyLimit(limits.bodyLimitBytes),
    useIntrospection(limits.introspection),
    maxTokensPlugin({ n: limits.tokens, ...propagate }) as Plugin,
    maxDepthPlugin({ n: limits.depth, ignoreIntrospection: true, flattenFragments: true, ...propagate }) as Plugin,
    // Every alias counts: by default graphql-armor lets __typename be aliased without limit.
    maxAliasesPlugin({ n: limits.aliases, allowList: [], ...propagate }) as Plugin,
    maxDirectivesPlugin({ n: limits.directives, ...propagate }) as Plugin,
    useCostLimit({ maxCost: limits.cost, pageSize: config.pageSize, listSize: config.listSize }),
  ];
}
