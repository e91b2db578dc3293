// The Yoga server: exported so tests call yoga.fetch in process; src/server.ts only listens.
// createYogaServer builds one with other settings (tests use it for small rate limits).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createYoga } from 'graphql-yoga';
import { config } from './config.js';
import { createContext } from './context.js';
import { graphiqlOptions } from './graphiql.js';
import { logger } from './logger.js';
import { maskError } from './mask-error.js';
import { projectRoot } from './migrations/migrations-folder.js';
import { withInternalErrorsAnswered } from './plugins/answer-internal-errors.js';
import { useApiKeyAuth } from './plugins/use-api-key-auth.js';
import { useCompiledMutations } from './plugins/use-compiled-mutations.js';
import { useCompiledQueries } from './plugins/use-compiled-queries.js';
import { useCsrfPrevention } from './plugins/use-csrf-prevention.js';
import { costCheck } from './plugins/use-cost-limit.js';
import { costLimitOptions, graphqlLimitPlugins, type GraphQLLimits } from './plugins/use-graphql-limits.js';
import { useHealth, useReadiness } from './plugins/use-health.js';
import { useHomePage } from './plugins/use-home-page.js';
import { useHttpStatusByMediaType } from './plugins/use-http-status-by-media-type.js';
import { useLocalAdminSeed } from './plugins/use-local-admin-seed.js';
import { useSecurityHeaders } from './plugins/use-security-headers.js';
import { useStrictJsonParser } from './plugins/use-strict-json-parser.js';
import { useMetrics } from './plugins/use-metrics.js';
import { useNotFound } from './plugins/use-not-found.js';
import { useRateLimit, type RateLimitOptions } from './plugins/use-rate-limit.js';
import { useReadScope } from './plugins/use-read-scope.js';
import { useRequestLog } from './plugins/use-request-log.js';
import { useValidationWithoutValues } from './plugins/use-validation-without-values.js';
import { docsRoutes } from './rest/docs-routes.js';
import { useRestCompat } from './rest/use-rest-compat.js';
import { schema } from './schema/index.js';

const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };

export interface ServerSettings {
  rateLimit: RateLimitOptions & { failedKeysPerAddress: number };
  bodyLimitBytes: number;
  graphqlLimits: Omit<GraphQLLimits, 'bodyLimitBytes'>;
}

// The page carries GraphiQL whole (about 9 MB): loaded on the first visit, not at start, and
// built once, not for every visit.
let page: Promise<string> | undefined;
const graphiqlPage = () => (page ??= import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(graphiqlOptions)));

/**
 * `compiledReads: false` sends every REST read through the GraphQL executor, `compiledQueries: false`
 * every GraphQL query, `compiledMutations: false` every GraphQL mutation, `directIngest: false` every
 * REST web-event ingest (tests compare the two).
 */
export function createYogaServer(
  settings: ServerSettings = config,
  { compiledReads = true, compiledQueries = true, compiledMutations = true, directIngest = true } = {},
) {
  return createYoga({
    schema,
    context: createContext,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: graphiqlOptions,
    renderGraphiQL: graphiqlPage,
    // plugins/use-graphql-body-limit.ts holds bodies to BODY_LIMIT_BYTES, more cheaply.
    maxRequestBodySize: false,
    // Yoga's own /health answers an empty 200; plugins/use-health.ts answers /health and /ready.
    healthCheckEndpoint: '/.yoga-health',
    logging: logger,
    maskedErrors: { maskError, isDev: !config.production },
    cors: { origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins, credentials: false },
    // In this order: who is calling, whether they may call now, then what reaches the database
    // (readiness, REST, GraphQL). /health costs nothing and comes first.
    plugins: withInternalErrorsAnswered([
      useRequestLog(),
      useSecurityHeaders(),
      useHealth(),
      useHomePage(),
      useCsrfPrevention(),
      ...(config.metrics ? [useMetrics()] : []),
      useApiKeyAuth({ failuresPerMinute: settings.rateLimit.failedKeysPerAddress, trustProxy: settings.rateLimit.trustProxy }),
      useRateLimit(settings.rateLimit),
      useReadiness(),
      useLocalAdminSeed(),
      useRestCompat({
        bodyLimitBytes: settings.bodyLimitBytes,
        costCheck: costCheck(costLimitOptions(settings.graphqlLimits.cost)),
        compiledReads,
        directIngest,
        extraRoutes: docsRoutes(version),
      }),
      useStrictJsonParser(),
      useValidationWithoutValues(),
      useHttpStatusByMediaType(),
      ...graphqlLimitPlugins({ ...settings.graphqlLimits, bodyLimitBytes: settings.bodyLimitBytes }),
      // After the cost limit, which stops an operation before it runs.
      useCompiledQueries({ enabled: compiledQueries }),
      useCompiledMutations({ enabled: compiledMutations }),
      // After the compiled queries and mutations, whose execution it wraps, so that they read and write where the request may.
      useReadScope(),
      useNotFound('/graphql'),
    ]),
  });
}

export const yoga = createYogaServer();
