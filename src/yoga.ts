// The Yoga instance: exported so tests call yoga.fetch in process; src/server.ts only listens.
import { createYoga } from 'graphql-yoga';
import { config } from './config.js';
import { createContext } from './context.js';
import { logger } from './logger.js';
import { maskError } from './mask-error.js';
import { useApiKeyAuth } from './plugins/use-api-key-auth.js';
import { useRestCompat } from './rest/use-rest-compat.js';
import { schema } from './schema/index.js';

export const yoga = createYoga({
  schema,
  context: createContext,
  graphqlEndpoint: '/graphql',
  landingPage: false,
  logging: logger,
  maskedErrors: { maskError, isDev: !config.production },
  plugins: [useApiKeyAuth(), useRestCompat({ bodyLimitBytes: config.bodyLimitBytes })],
});
