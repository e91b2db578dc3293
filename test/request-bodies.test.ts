// JSON request bodies are read strictly, by REST and GraphQL alike: bytes that are not UTF-8 are
// refused rather than stored as U+FFFD, and nesting past 64 levels is refused before anything
// recursive runs on it.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';

const encoder = new TextEncoder();

/** The bytes of `before`, one byte that cannot start a UTF-8 character, then `after`. */
const withInvalidUtf8 = (before: string, after: string) => Uint8Array.from([...encoder.encode(before), 0xff, ...encoder.encode(after)]);

async function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  const response = await yoga.fetch(`http://localhost${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: await testApiKey(), ...headers },
    body,
  });
  return { status: response.status, body: await response.json() };
}

const graphqlError = (message: string, field = 'body') => ({
  errors: [{ message: `${field}: ${message}`, extensions: { code: 'BAD_USER_INPUT', field, problems: [{ field, message }] } }],
});
const restError = (message: string) => ({ error: { code: 400, message }, success: false, errors: [{ message }] });

/** JSON text nested `levels` deep in arrays and objects, in turn. */
function nested(levels: number): string {
  const opening = Array.from({ length: levels }, (_, level) => (level % 2 ? '{"a":' : '['));
  const closing = Array.from({ length: levels }, (_, level) => (level % 2 ? '}' : ']')).reverse();
  return `${opening.join('')}"x"${closing.join('')}`;
}

describe('bodies that are not UTF-8', () => {
  it('are refused by REST with 400, and nothing is stored', async () => {
    const response = await post('/api/webevents', withInvalidUtf8('{"id": "wev_utf8rest0001", "name": "a', '"}'));
    expect(response).toEqual({ status: 400, body: restError('body: is not valid UTF-8') });
    expect(await prisma.webEvent.count({ where: { id: 'wev_utf8rest0001' } })).toBe(0);
  });

  it('are refused by GraphQL with 400, and nothing is stored', async () => {
    const query = 'mutation { createWebEvent(input: { id: \\"wev_utf8gql00001\\", name: \\"a';
    const response = await post('/graphql', withInvalidUtf8(`{"query": "${query}`, '\\" }) { id } }"}'));
    expect(response).toEqual({ status: 400, body: graphqlError('is not valid UTF-8') });
    expect(await prisma.webEvent.count({ where: { id: 'wev_utf8gql00001' } })).toBe(0);
  });

  it('nor are the parameters of a GraphQL GET: variables, extensions, the query', async () => {
    // What U+FFFD was taken for: %FF%FE in variables found this consumer.
    await prisma.consumer.create({
      data: { id: 'con_utf8get00001', firstName: '\uFFFD\uFFFD', lastName: 'Doe', phoneNumber: '555-0100', birthDate: new Date('1990-01-01') },
    });
    const get = async (parameters: string) => {
      const response = await yoga.fetch(`http://localhost/graphql?${parameters}`, { headers: { authorization: await testApiKey() } });
      return { status: response.status, body: await response.json() };
    };
    const query = `query=${encodeURIComponent('query($a: String) { consumers(first: 1, filter: { firstName: { equals: $a } }) { totalCount } }')}`;
    const notUtf8 = (field: string) => ({ status: 400, body: graphqlError('is not valid UTF-8', field) });
    expect(await get(`${query}&variables=${encodeURIComponent('{"a": "\uFFFD\uFFFD"}')}`)).toEqual({
      status: 200,
      body: { data: { consumers: { totalCount: 1 } } },
    });
    expect(await get(`${query}&variables=%7B%22a%22%3A%22%FF%FE%22%7D`)).toEqual(notUtf8('variables'));
    expect(await get('query=%7B__typename%7D&extensions=%7B%22a%22%3A%22%C3%28%22%7D')).toEqual(notUtf8('extensions'));
    expect(await get('query=%7B__typename%20%23%E9%7D')).toEqual(notUtf8('query'));
    expect(await get('query=%7B__typename%7D&secret%FF=1')).toEqual(notUtf8('query string'));
    // An escape that is no escape is text, as URLSearchParams reads it.
    expect((await get('query=%7B__typename%20%23%zz%7D')).status).toBe(200);
  });

  it('valid UTF-8 of every length is kept as sent', async () => {
    const name = 'é 名 👩‍🔧';
    const response = await post('/api/webevents', encoder.encode(JSON.stringify({ id: 'wev_utf8valid001', name })));
    expect(response.body.data.name).toBe(name);
  });
});

describe('bodies nested deep', () => {
  const deepest = 'may nest arrays and objects at most 64 levels deep';

  it('REST takes 64 levels and refuses 65, and 100,000', async () => {
    const body = (levels: number) => `{"name": "x", "anonymousId": ${nested(levels - 1)}}`;
    expect((await post('/api/webevents', body(64))).body.error.message).toMatch(/^anonymousId: /);
    expect(await post('/api/webevents', body(65))).toEqual({ status: 400, body: restError(`body: ${deepest}`) });
    expect(await post('/api/webevents', body(100_000))).toEqual({ status: 400, body: restError(`body: ${deepest}`) });
  });

  it('GraphQL refuses a body nested past 64 levels, in its variables or anywhere else', async () => {
    const query = JSON.stringify('query($v: String) { __typename }');
    expect((await post('/graphql', `{"query": ${query}, "variables": {"v": "x"}, "extensions": {"a": ${nested(62)}}}`)).status).toBe(200);
    for (const levels of [63, 100_000]) {
      const response = await post('/graphql', `{"query": ${query}, "variables": {"v": ${nested(levels)}}}`);
      expect(response).toEqual({ status: 400, body: graphqlError(deepest) });
    }
  });

  it('GraphQL over GET refuses variables nested past 64 levels', async () => {
    const variables = encodeURIComponent(`{"v": ${nested(64)}}`);
    const response = await yoga.fetch(`http://localhost/graphql?query=${encodeURIComponent('query($v: String) { __typename }')}&variables=${variables}`, {
      headers: { authorization: await testApiKey() },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(graphqlError(deepest, 'variables'));
  });
});

describe('bodies that are not JSON', () => {
  it('GraphQL answers 400 without quoting the body (Yoga quoted it in originalError)', async () => {
    const response = await post('/graphql', '{"query": "secret-body-text');
    expect(response).toEqual({ status: 400, body: graphqlError('is not valid JSON') });
  });

  it('GraphQL over GET answers 400 for variables that are not JSON (Yoga answered 500)', async () => {
    const response = await yoga.fetch('http://localhost/graphql?query={__typename}&variables=nope', { headers: { authorization: await testApiKey() } });
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 400, body: graphqlError('is not valid JSON', 'variables') });
  });
});
