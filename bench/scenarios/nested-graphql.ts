// Nested GraphQL read: the first 100 leads with their sales rep, their consumer's addresses with
// city and state, and their favorite vehicles with spec: 12 leaf fields in all, the query issue 10
// measures against PostGraphile. Baseline: bench/baselines/nested-graphql.ts.
import { bearer, graphqlBody, type Scenario } from './scenario.js';

export const nestedLeadsQuery = `query NestedLeads($first: Int!) {
  leads(first: $first) {
    edges {
      node {
        id
        email
        processStatuses
        salesRep { firstName lastName }
        consumer { firstName addresses { zip city { name state { code } } } }
        favorites { vin spec { make model } }
      }
    }
  }
}`;

export const nestedLeadsCount = 100;

export const nestedGraphql: Scenario = {
  name: 'nested-graphql',
  title: 'nested read, GraphQL: 100 leads, salesRep, consumer.addresses.city.state, favorites.spec (12 fields)',
  goal: '>= 0.6x',
  sides: ['server', 'baseline'],
  ratio: ['server', 'baseline'],
  connections: 10,
  serverRequest: (apiKey) => ({ method: 'POST', path: '/graphql', headers: bearer(apiKey), body: graphqlBody(nestedLeadsQuery, { first: nestedLeadsCount }) }),
  baselineRequest: () => ({ method: 'GET', path: `/graphql/leads?first=${nestedLeadsCount}` }),
};
