// GraphQL queries answered by one statement that writes the response (plugins/use-compiled-queries.ts)
// answer byte for byte what the executor answers: status, content type and body, for many shapes
// (aliases, __typename, fragments, variables, nulls, soft references, personal data with and
// without pii:read, JSON properties, instants, floats, list sizes), and shapes left to the
// executor (a filter, pageInfo, a directive, bad variables) answer as before too.
import { getOperationAST, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../src/auth/scopes.js';
import { compileOperation } from '../src/compiled/graphql-operation.js';
import { config } from '../src/config.js';
import { prisma } from '../src/db.js';
import { schema } from '../src/schema/index.js';
import { seedSampleGraph } from '../src/seed/sample-graph.js';
import { createYogaServer } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';
import { consumerInput, hardValuesLead, leadInput } from './helpers/fixtures.js';
import { countStatements } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';
import { webEventLookupQuery } from '../bench/scenarios/lookup.js';
import { nestedLeadsQuery } from '../bench/scenarios/nested-graphql.js';

const compiled = createYogaServer(config);
const executor = createYogaServer(config, { compiledQueries: false });

async function both(query: string, variables: Record<string, unknown>, scopes: Scope[], accept: string) {
  const authorization = `Bearer ${await testApiKey(scopes)}`;
  const answers = await Promise.all(
    [compiled, executor].map(async (server) => {
      const response = await server.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    }),
  );
  return { compiled: answers[0], executor: answers[1] };
}

async function expectSame(query: string, variables: Record<string, unknown> = {}, scopes: Scope[] = ['read'], accept = 'application/graphql-response+json') {
  const answers = await both(query, variables, scopes, accept);
  expect(answers.compiled, `${query} ${JSON.stringify(variables)} with ${scopes.join(',')}`).toEqual(answers.executor);
  return answers.compiled;
}

const isCompiled = (query: string, scopes: Scope[] = ['read']) => {
  const document = parse(query);
  return compileOperation(schema, document, getOperationAST(document)!, { apiKey: { scopes } }) !== undefined;
};

// The benchmark's own queries (issue 10's nested read and lookup): the shapes measured are the shapes tested.
const nestedLeads = nestedLeadsQuery;
const webEventLookup = webEventLookupQuery;

beforeAll(async () => {
  await seedSampleGraph();
  const created = await rest('POST', '/api/leads', {
    body: {
      ...hardValuesLead,
      consumer: { ...consumerInput, id: 'con_hard00000001', ssn: '123-45-6789', birthDate: '1970-01-02', phoneNumbers: [] },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
  await prisma.account.create({ data: { id: 'acc_hard00000001', anonymousIds: [], consumerId: 'con_notyet000001', leadId: 'led_hard00000001' } });
  await prisma.webEvent.create({
    data: {
      id: 'wev_hard00000001',
      name: 'Hard',
      accountId: 'acc_hard00000001',
      timestamp: new Date('0001-01-01T00:00:00.000Z'),
      sentAt: new Date('9999-12-31T23:59:59.999Z'),
    },
  });
  await prisma.$executeRawUnsafe(
    String.raw`UPDATE "WebEvent" SET "properties" = '{"b": 1.0, "10": 1e2, "a": {"z": 12345678901234567890123, "y": 1.5e-7}, "": "empty key", "__proto__": {"p": true}, "text": "quote \" nl \n bell \u0007 😀", "list": [1, null, {}, []], "none": null}'::jsonb WHERE "id" = 'wev_hard00000001'`,
  );
  await prisma.webEvent.create({ data: { id: 'wev_list00000001', name: 'A list', properties: {} } });
  // A lead in the trash, which an account still names.
  const trashed = await rest('POST', '/api/leads', { body: { ...leadInput, id: 'led_trash0000001' } });
  expect(trashed.status, JSON.stringify(trashed.body)).toBeLessThan(300);
  await prisma.account.create({ data: { id: 'acc_trash0000001', anonymousIds: [], leadId: 'led_trash0000001' } });
  expect((await rest('DELETE', '/api/leads/led_trash0000001')).status).toBe(200);
  await prisma.$executeRawUnsafe(`UPDATE "WebEvent" SET "properties" = '[1, 2]'::jsonb WHERE "id" = 'wev_list00000001'`);
});

describe('GraphQL queries built by the database answer what the executor answers', () => {
  it('answers the benchmark queries byte for byte, in one statement each', async () => {
    expect(isCompiled(nestedLeads) && isCompiled(webEventLookup)).toBe(true);
    for (const first of [0, 1, 3, 100, 1000]) await expectSame(nestedLeads, { first });
    const events = await prisma.webEvent.findMany({ select: { id: true }, take: 20 });
    for (const { id } of [...events, { id: 'wev_hard00000001' }, { id: 'wev_nowhere' }]) await expectSame(webEventLookup, { id });
    const authorization = `Bearer ${await testApiKey(['read'])}`;
    const request = (query: string, variables: object) => async () =>
      compiled.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query, variables }),
      });
    // The key is looked up once, and again when its cache entry ages out: warm it first.
    await request('{ __typename }', {})();
    const counts = [
      (await countStatements(request(nestedLeads, { first: 100 }))).count,
      (await countStatements(request(webEventLookup, { id: 'wev_hard00000001' }))).count,
    ];
    expect(counts).toEqual([1, 1]);
  });

  type Shape = [string, string, Record<string, unknown>?];
  const compiledShapes: Shape[] = [
    ['aliases and __typename', `{ __typename a: lead(id: "led_hard00000001") { __typename theId: id n: notes id } b: lead(id: "led_hard00000001") { email } }`],
    [
      'floats, lists and empty lists',
      `{ lead(id: "led_hard00000001") { monthlyPayment cashDown searches bodyStyle year calls createdAt updatedAt phone salesRepId } }`,
    ],
    ['a lead that is nowhere', `{ lead(id: "led_nowhere") { id } }`],
    ['personal data', `{ lead(id: "led_hard00000001") { consumer { id ssn birthDate email phoneNumbers } } }`],
    [
      'JSON properties and instants',
      `{ webEvent(id: "wev_hard00000001") { properties timestamp sentAt receivedAt eventTime account { consumer { id } consumerId lead { id } } } }`,
    ],
    [
      'fragments and inline fragments',
      `query Q { leads(first: 5) { __typename edges { __typename node { ...L ... on Lead { email } ... { lastName } } } } } fragment L on Lead { id firstName }`,
    ],
    ['list sizes', `query Q($n: Int) { leads { edges { node { id favorites(first: $n) { vin } } } } }`, { n: 1 }],
    ['a default page', `{ vehicles { edges { node { vin year favoritedBy: spec { make } } } } }`],
    [
      'every collection',
      `{ states(first: 3) { edges { node { code } } } cities(first: 3) { edges { node { name state { code } } } } addresses(first: 3) { edges { node { zip city { name } } } } salesReps(first: 3) { edges { node { id firstName } } } }`,
    ],
  ];
  // Left to the executor, before the statement (the first five) or when it meets a value it cannot
  // answer as the executor would: the answers must still be the same.
  const executorShapes: Shape[] = [
    ['pageInfo and totalCount', `{ leads(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`],
    ['a filter', `{ leads(first: 2, filter: { email: { contains: "@" } }) { edges { node { id } } } }`],
    ['a directive', `query Q($yes: Boolean!) { lead(id: "led_hard00000001") { id email @include(if: $yes) } }`, { yes: false }],
    ['the Relay id', `{ lead(id: "led_hard00000001") { nodeId id } }`],
    ['a relation by foreign key', `{ lead(id: "led_hard00000001") { consumer { id accounts { id } } } }`],
    ['a list JSONObject', `{ webEvent(id: "wev_list00000001") { id properties } }`],
    ['a negative first', `{ leads(first: -1) { edges { node { id } } } }`],
    ['a negative list size', `{ leads(first: 2) { edges { node { id favorites(first: -1) { vin } } } } }`],
    ['a variable of the wrong type', `query Q($id: String!) { lead(id: $id) { id } }`, { id: 5 }],
    ['a key PostgreSQL cannot hold', `query Q($id: String!) { lead(id: $id) { id } }`, { id: 'led\u0000x' }],
  ];

  for (const [what, query, variables] of [...compiledShapes, ...executorShapes]) {
    it(what, async () => {
      for (const scopes of [['read'], ['read', 'pii:read']] as Scope[][]) {
        for (const accept of ['application/graphql-response+json', 'application/json']) await expectSame(query, variables, scopes, accept);
      }
    });
  }

  it('takes the shapes it can answer, and leaves the others to the executor', () => {
    for (const [, query] of compiledShapes) expect(isCompiled(query), query).toBe(true);
    for (const [, query] of executorShapes.slice(0, 5)) expect(isCompiled(query), query).toBe(false);
  });

  it('answers a caller without read as the executor does', async () => {
    await expectSame(nestedLeads, { first: 2 }, ['write']);
  });
});
