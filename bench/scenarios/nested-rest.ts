// Nested REST read: GET /api/leads?depth=3&limit=100, every field of every record to depth 3,
// Payload's list envelope (scenario 1 of the earlier benchmark). Baseline: bench/baselines/nested-rest.ts.
import { bearer, type Scenario } from './scenario.js';

export const nestedRestLimit = 100;

export const nestedRest: Scenario = {
  name: 'nested-rest',
  title: 'nested read, REST: GET /api/leads?depth=3&limit=100, every field',
  goal: '>= 0.6x',
  sides: ['server', 'baseline'],
  ratio: ['server', 'baseline'],
  connections: 10,
  serverRequest: (apiKey) => ({ method: 'GET', path: `/api/leads?depth=3&limit=${nestedRestLimit}`, headers: bearer(apiKey) }),
  baselineRequest: () => ({ method: 'GET', path: `/leads?limit=${nestedRestLimit}` }),
};
