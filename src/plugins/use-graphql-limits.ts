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
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { config } from '../config.js';
import { useGraphQLBodyLimit } from './use-graphql-body-limit.js';
import { useCostLimit, type CostLimitOptions } from './use-cost-limit.js';

export interface GraphQLLimits {
  depth: number;
  cost: number;
  aliases: number;
  directives: number;
  tokens: number;
  introspection: boolean;
  bodyLimitBytes: number;
}

/** The cost limit with the list sizes the server gives (GraphQL's and REST's reads alike). */
export const costLimitOptions = (maxCost: number): CostLimitOptions => ({ maxCost, pageSize: config.pageSize, listSize: config.listSize });

function useIntrospection(allowed: boolean): Plugin {
  return {
    onValidate({ addValidationRule }) {
      if (!allowed) addValidationRule(NoSchemaIntrospectionCustomRule);
    },
  };
}

/**
 * A document over a limit, as the README's error table has it: a validation error
 * (GRAPHQL_VALIDATION_FAILED; 400 under application/graphql-response+json, 200 under
 * application/json, as the spec says) whose message names the limit. graphql-armor's own errors
 * begin "Syntax Error:" and, thrown out of validation, reached callers as BAD_USER_INPUT (the token
 * limit, thrown out of the parser, as GRAPHQL_PARSE_FAILED).
 */
function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400, spec: true } } });
}

/** graphql-armor's validation rules report through the validation context, as GraphQL's own rules do. */
const reported = (message: string) => ({
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null) => context?.reportError(limitError(message))],
});

export function graphqlLimitPlugins(limits: GraphQLLimits): Plugin[] {
  const { depth, aliases, directives, tokens } = limits;
  return [
    useGraphQLBodyLimit(limits.bodyLimitBytes),
    useIntrospection(limits.introspection),
    // The token limit stops the parser at the token past it, before the document is all read: it
    // must throw, and it throws this error, raised by the rejection handler before graphql-armor's.
    maxTokensPlugin({
      n: tokens,
      propagateOnRejection: true,
      onReject: [
        () => {
          throw limitError(`Token limit of ${tokens} exceeded: a document may have at most ${tokens} tokens`);
        },
      ],
    }) as Plugin,
    maxDepthPlugin({
      n: depth,
      ignoreIntrospection: true,
      flattenFragments: true,
      ...reported(`Query depth limit of ${depth} exceeded: fields may nest at most ${depth} levels deep`),
    }) as Plugin,
    // Every alias counts: by default graphql-armor lets __typename be aliased without limit.
    maxAliasesPlugin({
      n: aliases,
      allowList: [],
      ...reported(`Aliases limit of ${aliases} exceeded: a document may have at most ${aliases} aliases`),
    }) as Plugin,
    maxDirectivesPlugin({
      n: directives,
      ...reported(`Directives limit of ${directives} exceeded: a document may have at most ${directives} directives`),
    }) as Plugin,
    useCostLimit(costLimitOptions(limits.cost)),
  ];
}
