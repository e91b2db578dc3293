// Two projects run the same suites: on PGlite (embedded, in memory per test file) and on the
// machine's PostgreSQL (TEST_DATABASE_URL; each test file gets a fresh database of its own).
import { defineConfig } from 'vitest/config';

const shared = {
  include: ['test/**/*.test.ts'],
  // Suites send many requests from one address; test/rate-limit.test.ts builds its own server.
  env: {
    RATE_LIMIT_PER_KEY: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
    // Warnings and errors only: a line per request would bury the test output.
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    // Webhook receivers in the tests listen on loopback, which endpoints may not name otherwise.
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    // One key for the suite and the servers it starts (a test key, not a secret).
    PII_ENCRYPTION_KEY: 'dGVzdC1vbmx5LWtleS1mb3ItY29tbWVyY2UtZ3JhcGg=',
  },
  setupFiles: ['test/setup/database.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  // graphql 16 has no `exports` map: Node loads its CommonJS build for the libraries, while Vite
  // would pick the ESM build for our sources, and two copies of graphql cannot share a schema.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    pool: 'forks',
    projects: [
      { extends: true, test: { ...shared, name: 'pglite', env: { ...shared.env, TEST_DATABASE: 'pglite' } } },
      { extends: true, test: { ...shared, name: 'postgres', env: { ...shared.env, TEST_DATABASE: 'postgres' } } },
    ],
  },
});
