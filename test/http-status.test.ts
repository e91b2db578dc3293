// HTTP statuses of GraphQL responses under each media type, as the GraphQL-over-HTTP spec gives
// them: application/json answers 200 to every GraphQL response but a server failure;
// application/graphql-response+json answers 4xx when there is no data, and 200 when there is some.
import { describe, expect, it } from 'vitest';
import { yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';

type Accept = 'application/json' | 'application/graphql-response+json';

async function send(accept: Accept, body: object, authorization?: string) {
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...(authorization !== undefined && { authorization }) },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: response.status, type: response.headers.get('content-type'), hasData: 'data' in json, code: json.errors?.[0]?.extensions?.code };
}

const withKey = async (scopes?: Parameters<typeof testApiKey>[0]) => `Bearer ${await testApiKey(scopes)}`;

// [case, request, key, code, status under application/json, under application/graphql-response+json, data?]
const cases: [string, object, () => Promise<string | undefined>, string, number, number, boolean][] = [
  ['a parse error', { query: '{ webEvent(id: "x") { id ' }, () => withKey(), 'GRAPHQL_PARSE_FAILED', 200, 400, false],
  ['a validation error', { query: '{ webEvent(id: "x") { nope } }' }, () => withKey(), 'GRAPHQL_VALIDATION_FAILED', 200, 400, false],
  [
    'a document over a limit (aliases)',
    { query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }` },
    () => withKey(),
    'GRAPHQL_VALIDATION_FAILED',
    200,
    400,
    false,
  ],
  ['a document over the token limit', { query: `{ ${'__typename '.repeat(5_001)}}` }, () => withKey(), 'GRAPHQL_VALIDATION_FAILED', 200, 400, false],
  [
    'a variables error',
    { query: 'query ($id: String!) { webEvent(id: $id) { id } }', variables: { id: 5 } },
    () => withKey(),
    'BAD_USER_INPUT',
    200,
    400,
    false,
  ],
  ['no key where one is needed', { query: '{ consumers { totalCount } }' }, async () => undefined, 'UNAUTHENTICATED', 200, 401, true],
  ['a key without the scope', { query: 'mutation { createAgent(input: { model: "gpt-4o" }) { id } }' }, () => withKey(['read']), 'FORBIDDEN', 200, 403, true],
  // Its only root field failed: no answer at all, so data is null, whatever the field's nullability.
  ['no key, on a nullable field', { query: '{ webEvent(id: "x") { id } }' }, async () => undefined, 'UNAUTHENTICATED', 200, 401, true],
  ['no key, beside data', { query: '{ webEvent(id: "x") { id } me: __typename }' }, async () => undefined, 'UNAUTHENTICATED', 200, 200, true],
  ['a field error', { query: '{ webEventsPage(page: 0) { page } }' }, () => withKey(), 'BAD_USER_INPUT', 200, 400, true],
  [
    'a field error beside data',
    { query: '{ webEvent(id: "x") { id } node(id: "not a node id") { nodeId } }' },
    () => withKey(),
    'BAD_USER_INPUT',
    200,
    200,
    true,
  ],
  // Issue 13's cases: partial data is 2xx under application/graphql-response+json.
  ['a bad node id next to __typename', { query: '{ __typename node(id: "not a node id") { nodeId } }' }, () => withKey(), 'BAD_USER_INPUT', 200, 200, true],
  ['no key next to __typename', { query: '{ __typename webEvent(id: "x") { id } }' }, async () => undefined, 'UNAUTHENTICATED', 200, 200, true],
  [
    'a key that is not valid (refused before GraphQL runs)',
    { query: '{ __typename }' },
    async () => 'Bearer cg_not_a_real_key',
    'UNAUTHENTICATED',
    401,
    401,
    false,
  ],
];

describe('HTTP status by media type', () => {
  it.each(cases)('%s', async (_name, body, key, code, jsonStatus, graphqlResponseStatus, hasData) => {
    const authorization = await key();
    const json = await send('application/json', body, authorization);
    const graphqlResponse = await send('application/graphql-response+json', body, authorization);
    expect([json.code, json.status, json.hasData]).toEqual([code, jsonStatus, hasData]);
    expect([graphqlResponse.code, graphqlResponse.status, graphqlResponse.hasData]).toEqual([code, graphqlResponseStatus, hasData]);
    if (json.status === 200) expect(json.type).toMatch(/^application\/json/);
    if (hasData) expect(graphqlResponse.type).toMatch(/^application\/graphql-response\+json/);
  });
});
