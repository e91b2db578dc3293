// Each GraphQL limit with a query just under it and one just over it.
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { entities } from '../src/model/entities.js';
import { createYogaServer } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';

const limits = { depth: 6, cost: 200, aliases: 3, directives: 2, tokens: 120, introspection: false };
const server = createYogaServer({ rateLimit: config.rateLimit, bodyLimitBytes: 2_000, graphqlLimits: limits });

async function run(query: string, accept = 'application/graphql-response+json') {
  const response = await server.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: await testApiKey() },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
}

const nest = (levels: number) => {
  // webEvent > account > lead > salesRep > address > city: one level each, no list (the cost stays low)
  const chain = ['account', 'lead', 'salesRep', 'address', 'city'].slice(0, levels - 1);
  return `{ webEvent(id: "x") { ${chain.reduceRight((inner, field) => `${field} { ${inner} }`, '__typename')} } }`;
};

describe('GraphQL limits', () => {
  it('depth', async () => {
    expect((await run(nest(5))).body.errors).toBeUndefined();
    const over = await run(`{ webEvent(id: "x") { account { consumer { addresses { city { state { cities { edges { node { name } } } } } } } } } }`);
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0].message).toMatch(/depth limit of 6/i);
  });

  it('aliases', async () => {
    const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: webEvent(id: "x") { id }`).join(' ')} }`;
    expect((await run(aliased(3))).body.errors).toBeUndefined();
    const over = await run(aliased(4));
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0].message).toMatch(/aliases limit of 3/i);
  });

  it('aliases of __typename count too', async () => {
    // graphql-armor leaves __typename out by default: a document of 5,000 tokens could ask for it
    // a thousand times under as many names.
    const typenames = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `t${i}: __typename`).join(' ')} }`;
    expect((await run(typenames(3))).body.errors).toBeUndefined();
    const over = await run(typenames(4));
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0].message).toMatch(/aliases limit of 3/i);
  });

  it('directives', async () => {
    expect((await run(`{ __typename @skip(if: false) @include(if: true) }`)).body.errors).toBeUndefined();
    const over = await run(`{ __typename @skip(if: false) @include(if: true) @skip(if: false) }`);
    expect(over.body.errors?.[0].message).toMatch(/directives limit of 2/i);
  });

  it('tokens', async () => {
    expect((await run(`{ ${'__typename '.repeat(20)}}`)).body.errors).toBeUndefined();
    const over = await run(`{ ${'__typename '.repeat(130)}}`);
    expect(over.body.errors?.[0].message).toMatch(/token limit of 120/i);
  });

  it.each([
    [
      'depth',
      `{ webEvent(id: "x") { account { consumer { addresses { city { state { cities { edges { node { name } } } } } } } } } }`,
      'Query depth limit of 6 exceeded',
    ],
    ['aliases', `{ a: __typename b: __typename c: __typename d: __typename }`, 'Aliases limit of 3 exceeded'],
    ['directives', `{ a: __typename @skip(if: false) @include(if: true) b: __typename @skip(if: false) }`, 'Directives limit of 2 exceeded'],
    ['tokens', `{ ${'__typename '.repeat(130)}}`, 'Token limit of 120 exceeded'],
  ])(
    'over the %s limit: GRAPHQL_VALIDATION_FAILED, 400 under application/graphql-response+json, 200 under application/json',
    async (_limit, query, message) => {
      for (const [accept, status] of [
        ['application/graphql-response+json', 400],
        ['application/json', 200],
      ] as const) {
        const { status: answered, body } = await run(query, accept);
        expect({ status: answered, data: 'data' in body, errors: body.errors?.length }, accept).toEqual({ status, data: false, errors: 1 });
        // graphql-armor's own message began "Syntax Error:", with the code BAD_USER_INPUT (GRAPHQL_PARSE_FAILED for tokens).
        expect(body.errors?.[0].message).toMatch(new RegExp(`^${message}: `));
        expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      }
    },
  );

  it('cost, which counts list sizes (test/graphql-cost.test.ts has the rest)', async () => {
    const fields = Object.keys(entities.Lead.scalars).join(' ');
    expect((await run(`{ leads(first: 1) { edges { node { ${fields} } } } }`)).body.errors).toBeUndefined();
    const over = await run(`{ leads(first: 3) { edges { node { id } } } }`.replace('id', 'favorites { vin }'));
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0].message).toMatch(/cost limit of 200 exceeded/i);
  });

  it('introspection, when turned off (production default)', async () => {
    const result = await run(`{ __schema { types { name } } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0].message).toMatch(/introspection/i);
    expect((await run(`{ __typename }`)).body.errors).toBeUndefined();
  });

  it('field suggestions stay hidden', async () => {
    const result = await run(`{ webEvnt(id: "x") { id } }`);
    expect(result.body.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it.each([
    ['an unknown type in an inline fragment', `{ node(id: "x") { ... on Leed { id } } }`, 'Lead'],
    ['a field of an interface', `{ node(id: "x") { email } }`, 'Consumer'],
    ['an unknown enum value', `{ leadsPage(orderBy: [{ field: emial }]) { totalDocs } }`, 'email'],
    ['an unknown enum value in a variable', `query($d: OrderDirection!) { leadsPage(orderBy: [{ field: id, direction: $d }]) { totalDocs } } # ASCC`, 'ASC'],
    ['an unknown argument', `{ webEvent(idd: "x") { id } }`, '"id"?'],
  ])('no suggestion names the schema for %s', async (_case, query, suggested) => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await testApiKey() },
      body: JSON.stringify({ query, variables: { d: 'ASCC' } }),
    });
    const messages = ((await response.json()) as { errors: { message: string }[] }).errors.map((error) => error.message).join(' | ');
    expect(messages).toMatch(/\w/);
    expect(messages).not.toMatch(/Did you mean|Suggestion/);
    expect(messages).not.toContain(suggested === '"id"?' ? suggested : `"${suggested}"`);
  });

  it('body size', async () => {
    const under = await run(`{ __typename } # ${'x'.repeat(1_500)}`);
    expect(under.status).toBe(200);
    const over = await run(`{ __typename } # ${'x'.repeat(2_100)}`);
    expect(over.status).toBe(413);
  });

  it('body size, also of a body sent without Content-Length (chunked)', async () => {
    const text = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(2_100)}` });
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.close();
      },
    });
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await testApiKey() },
      body: chunked,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it('one operation per request: request batching is off', async () => {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await testApiKey() },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });
});
