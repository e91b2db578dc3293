// Lookup by id, GraphQL and REST: one web event of the 10,000, a different one each request, with
// its account (and the account's consumer and lead). The check looks up one fixed event.
// Baselines: bench/baselines/lookup-graphql.ts and lookup-rest.ts.
import { sizes } from '../dataset.js';
import { bearer, graphqlBody, type Scenario } from './scenario.js';

export const webEventLookupQuery = `query WebEventLookup($id: String!) {
  webEvent(id: $id) {
    id
    name
    anonymousId
    createdAt
    account { id anonymousIds consumer { id firstName lastName } lead { id email processStatuses } }
  }
}`;

const eventId = (n: number) => `wev_bench${String(n).padStart(7, '0')}`;
const anyEventId = () => eventId(1 + Math.floor(Math.random() * sizes.webEvents));
const checkedEventId = eventId(6);

const graphqlRequest = (apiKey: string, id: string) => ({
  method: 'POST' as const,
  path: '/graphql',
  headers: bearer(apiKey),
  body: graphqlBody(webEventLookupQuery, { id }),
});
const restRequest = (apiKey: string, id: string) => ({ method: 'GET' as const, path: `/api/webevents/${id}?depth=2`, headers: bearer(apiKey) });

export const lookupGraphql: Scenario = {
  name: 'lookup-graphql',
  title: 'lookup by id, GraphQL: a web event with its account, consumer and lead',
  goal: '>= 0.4x',
  sides: ['server', 'baseline'],
  ratio: ['server', 'baseline'],
  connections: 10,
  serverRequest: (apiKey) => graphqlRequest(apiKey, anyEventId()),
  baselineRequest: () => ({ method: 'GET', path: `/graphql/webevent?id=${anyEventId()}` }),
  checkRequests: {
    server: (apiKey) => graphqlRequest(apiKey, checkedEventId),
    baseline: () => ({ method: 'GET', path: `/graphql/webevent?id=${checkedEventId}` }),
  },
};

export const lookupRest: Scenario = {
  name: 'lookup-rest',
  title: 'lookup by id, REST: GET /api/webevents/<id>?depth=2, every field',
  goal: '>= 0.4x',
  sides: ['server', 'baseline'],
  ratio: ['server', 'baseline'],
  connections: 10,
  serverRequest: (apiKey) => restRequest(apiKey, anyEventId()),
  baselineRequest: () => ({ method: 'GET', path: `/webevents/${anyEventId()}` }),
  checkRequests: {
    server: (apiKey) => restRequest(apiKey, checkedEventId),
    baseline: () => ({ method: 'GET', path: `/webevents/${checkedEventId}` }),
  },
};
