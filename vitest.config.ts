// Two projects run the same suites: on PGlite (embedded, in memory per test file) and on the
// machine's PostgreSQL (TEST_DATABASE_URL; each test file gets a fresh database of its own).
import { defineConfig } from 'vitest/config';

const shared = {
  include: ['test/**/*.test.ts'],
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
      { extends: true, test: { ...shared, name: 'pglite', env: { TEST_DATABASE: 'pglite' } } },
      { extends: true, test: { ...shared, name: 'postgres', env: { TEST_DATABASE: 'postgres' } } },
    ],
  },
});
