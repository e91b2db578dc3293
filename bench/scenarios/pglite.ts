// PGlite against PostgreSQL on the nested GraphQL read: the same server build on a PGlite
// directory loaded with the same dataset, timed in the same rounds as the server on PostgreSQL and
// the baseline. The ratio is PGlite's over PostgreSQL's.
import { nestedGraphql } from './nested-graphql.js';
import type { Scenario } from './scenario.js';

export const pgliteNested: Scenario = {
  ...nestedGraphql,
  name: 'pglite',
  title: 'PGlite vs PostgreSQL, the nested GraphQL read',
  goal: '>= 0.8x',
  sides: ['server', 'baseline', 'pglite'],
  ratio: ['pglite', 'server'],
};
