// Create mutations answered without the executor (plugins/use-compiled-mutations.ts) answer byte
// for byte what the executor answers: status, content type and body, under both GraphQL media
// types, with and without pii:read and read, for the benchmark's createLead and other shapes
// (aliases, __typename, fragments, lists, floats, nulls, personal data, a nested input), and for
// failures (validation 400s, 409 conflicts, scope refusals, variables that do not coerce). Shapes
// left to the executor answer as before too. Each side writes records of its own (ids and values
// carry a token of the side); the tokens and the instants of the write are what the comparison
// leaves out.
import { getOperationAST, parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../src/auth/scopes.js';
import { compileMutation } from '../src/compiled/graphql-mutation.js';
import { config } from '../src/config.js';
import { prisma } from '../src/db.js';
import { schema } from '../src/schema/index.js';
import { seedSampleGraph } from '../src/seed/sample-graph.js';
import { createYogaServer } from '../src/yoga.js';
import { createLeadMutation, flatLeadInput } from '../bench/scenarios/create-lead.js';
import { testApiKey } from './helpers/api-key.js';
import { consumerInput, hardValuesLead, leadInput } from './helpers/fixtures.js';
import { countStatements } from './helpers/graphql.js';

const compiled = createYogaServer(config);
const executor = createYogaServer(config, { compiledMutations: false });

const graphqlResponse = 'application/graphql-response+json';
const mediaTypes = [graphqlResponse, 'application/json'];

let sequence = 0;
/** A token of 8 characters, unique in the run: ids are `<prefix>_<token>` and four more. */
const newToken = () => `${Date.now().toString(36).slice(-4)}${(sequence++).toString(36).padStart(4, '0')}`;

/** The instants of the last minutes (a write's createdAt and updatedAt), which differ between the two writes. */
const recentInstants = /"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/g;
/** Ids the server made (the input gave none), and Relay ids, which hold a record's id. */
const madeIds = /"[a-z]{3}_[0-9a-z]{12}"/g;
const relayIds = /"nodeId":"([^"]*)"/g;
function normalised(text: string, token: string): string {
  const decoded = text.replace(relayIds, (_, id: string) => `"nodeId":${JSON.stringify(Buffer.from(id, 'base64').toString())}`);
  return decoded
    .replaceAll(token, '<token>')
    .replace(madeIds, '"<new id>"')
    .replace(recentInstants, (instant) => (Math.abs(Date.parse(JSON.parse(instant)) - Date.now()) < 600_000 ? '"<now>"' : instant));
}

type Variables = (token: string) => Record<string, unknown>;

async function send(server: typeof compiled, query: string, variables: Record<string, unknown>, scopes: Scope[], accept: string) {
  const response = await server.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${await testApiKey(scopes)}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** Both paths, each with variables of its own token; the compiled answer, its token left in. */
async function expectSame(query: string, variables: Variables = () => ({}), scopes: Scope[] = ['read', 'write'], accept = graphqlResponse) {
  const [a, b] = [newToken(), newToken()];
  const answers = [await send(compiled, query, variables(a), scopes, accept), await send(executor, query, variables(b), scopes, accept)];
  const [fromCompiled, fromExecutor] = answers.map((answer, side) => ({ ...answer, text: normalised(answer.text, side === 0 ? a : b) }));
  expect(fromCompiled, `${query} with ${scopes.join(',')} as ${accept}`).toEqual(fromExecutor);
  return { ...answers[0], token: a };
}

const isCompiled = (query: string) => {
  const document = parse(query);
  return compileMutation(schema, document, getOperationAST(document)!) !== undefined;
};

const everyScopeSet: Scope[][] = [['read', 'write'], ['read', 'write', 'pii:read'], ['write'], ['write', 'pii:read']];

const leadWith = (token: string, more: Record<string, unknown> = {}) => ({ ...leadInput, id: `led_${token}0001`, email: `lead.${token}@example.com`, ...more });
const consumerWith = (token: string, more: Record<string, unknown> = {}) => ({
  ...consumerInput,
  id: `con_${token}0001`,
  email: `consumer.${token}@example.com`,
  ssn: '123-45-6789',
  ...more,
});

beforeAll(async () => {
  await seedSampleGraph();
  // A rep who takes no new leads: a create naming them is refused unless forced (writes/assignment.ts).
  await send(
    executor,
    'mutation { createSalesRep(input: { id: "srep_closed", firstName: "R", lastName: "Closed", isAcceptingNewLeads: false }) { id } }',
    {},
    ['read', 'write'],
    graphqlResponse,
  );
});

describe('create mutations answered without the executor answer what the executor answers', () => {
  it("answers the benchmark's createLead byte for byte, under every scope set and both media types, in one statement", async () => {
    expect(isCompiled(createLeadMutation)).toBe(true);
    for (const scopes of everyScopeSet)
      for (const accept of mediaTypes) {
        const { input, unique } = flatLeadInput();
        const answer = await expectSame(createLeadMutation, () => ({ input }), scopes, accept);
        expect(answer.status).toBe(200);
        // The record the compiled path wrote is the one it answered with.
        const { createLead } = JSON.parse(answer.text).data;
        const stored = await prisma.lead.findUniqueOrThrow({ where: { id: createLead.id } });
        expect(stored.email).toBe(`lead.${unique}@example.com`);
        expect(createLead.createdAt).toBe(stored.createdAt.toISOString());
      }
    const authorization = `Bearer ${await testApiKey(['read', 'write'])}`;
    const request = async () =>
      compiled.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: createLeadMutation, variables: { input: flatLeadInput().input } }),
      });
    await request();
    expect((await countStatements(request)).count).toBe(1);
  });

  type Shape = [string, string, Variables];
  const compiledShapes: Shape[] = [
    [
      'aliases, __typename, fragments and the phone alias',
      `mutation M($input: CreateLeadInput!) { made: createLead(input: $input) { __typename theId: id ...F ... on Lead { phone } ... { lastName } n: notes } } fragment F on Lead { email firstName }`,
      (token) => ({ input: leadWith(token, { firstName: 'Ada', lastName: 'Byron' }) }),
    ],
    [
      'floats, lists, empty lists, nulls and hard strings',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id notes monthlyPayment cashDown searches bodyStyle timeToPurchase year calls salesRepId consumerId createdAt updatedAt deletedAt createdBy updatedBy } }`,
      (token) => ({ input: { ...hardValuesLead, id: `led_${token}0001` } }),
    ],
    [
      'personal data, sent and stored',
      `mutation M($input: CreateConsumerInput!) { createConsumer(input: $input) { id email ssn birthDate phoneNumbers firstName createdAt } }`,
      (token) => ({ input: consumerWith(token) }),
    ],
    [
      'a nested input, answered with columns',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id email consumerId } }`,
      (token) => ({ input: leadWith(token, { consumer: { upsert: consumerWith(token) } }) }),
    ],
    [
      'a rep given by hand and forced',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input, forceAssignment: true) { id salesRepId } }`,
      (token) => ({ input: leadWith(token, { salesRep: { connect: 'srep_closed' } }) }),
    ],
    ['an inline input', `mutation { createLead(input: { email: "inline@example.com", phoneNumber: "555-0100" }) { id email } }`, () => ({})],
  ];
  it.each(compiledShapes)('answers %s byte for byte under every scope set and both media types', async (_name, query, variables) => {
    expect(isCompiled(query)).toBe(true);
    for (const scopes of everyScopeSet) for (const accept of mediaTypes) expect((await expectSame(query, variables, scopes, accept)).status).toBe(200);
  });

  const failures: [string, string, Variables, number][] = [
    [
      'a validation 400',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id email } }`,
      (token) => ({ input: leadWith(token, { email: 'not an email', monthlyPayment: -1 }) }),
      400,
    ],
    [
      'a 409 for a key that is taken',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id email } }`,
      () => ({ input: { ...leadInput, id: 'led_taken0000001' } }),
      409,
    ],
    [
      'a 409 for an email another consumer holds',
      `mutation M($input: CreateConsumerInput!) { createConsumer(input: $input) { id ssn } }`,
      (token) => ({ input: consumerWith(token, { email: 'held@example.com' }) }),
      409,
    ],
    [
      'a relation naming a record that is not there',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id } }`,
      (token) => ({ input: leadWith(token, { salesRep: { connect: 'srp_nowhere00000' } }) }),
      400,
    ],
    [
      'a 409 for a rep who takes no new leads',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id salesRepId } }`,
      (token) => ({ input: leadWith(token, { salesRep: { connect: 'srep_closed' } }) }),
      409,
    ],
    [
      'variables that do not coerce',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id } }`,
      () => ({ input: { email: 'a@example.com', monthlyPayment: 'much' } }),
      400,
    ],
  ];
  it.each(failures)('answers %s as the executor does', async (_name, query, variables, status) => {
    // Compiled shapes all: the refusals come from the write (or, for bad variables, before it).
    expect(isCompiled(query)).toBe(true);
    await send(
      executor,
      `mutation { createLead(input: { id: "led_taken0000001", email: "t@example.com", phoneNumber: "555-0100" }) { id } }`,
      {},
      ['write'],
      graphqlResponse,
    );
    await send(
      executor,
      `mutation { createConsumer(input: { firstName: "H", lastName: "E", email: "held@example.com", birthDate: "1980-01-01", phoneNumber: "555-0101" }) { id } }`,
      {},
      ['write'],
      graphqlResponse,
    );
    for (const scopes of everyScopeSet)
      for (const accept of mediaTypes) {
        const answer = await expectSame(query, variables, scopes, accept);
        expect(answer.status, answer.text).toBe(accept === graphqlResponse ? status : 200);
      }
  });

  const executorShapes: [string, string, Variables, Scope[]][] = [
    [
      'a relation in the answer',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id consumer { id ssn } } }`,
      (token) => ({ input: leadWith(token, { consumer: { upsert: consumerWith(token) } }) }),
      ['read', 'write'],
    ],
    [
      'the Relay id',
      `mutation M($input: CreateLeadInput!) { createLead(input: $input) { nodeId id } }`,
      (token) => ({ input: leadWith(token) }),
      ['read', 'write'],
    ],
    [
      'a directive',
      `mutation M($input: CreateLeadInput!, $no: Boolean!) { createLead(input: $input) { id email @skip(if: $no) } }`,
      (token) => ({ input: leadWith(token), no: true }),
      ['read', 'write'],
    ],
    [
      'two mutations',
      `mutation M($a: CreateLeadInput!, $b: CreateLeadInput!) { a: createLead(input: $a) { id } b: createLead(input: $b) { id } }`,
      (token) => ({ a: leadWith(token), b: leadWith(token, { id: `led_${token}0002` }) }),
      ['read', 'write'],
    ],
    ['a key without write', `mutation M($input: CreateLeadInput!) { createLead(input: $input) { id } }`, (token) => ({ input: leadWith(token) }), ['read']],
    ['a create with a scope of its own', `mutation { createEventDefinition(input: { name: "X" }) { id } }`, () => ({}), ['read', 'write']],
    ['an update', `mutation { updateLead(id: "led_nowhere00000", input: { notes: "x" }) { id } }`, () => ({}), ['read', 'write']],
  ];
  it.each(executorShapes)('leaves %s to the executor, which answers as before', async (_name, query, variables, scopes) => {
    if (scopes.includes('write')) expect(isCompiled(query)).toBe(false);
    for (const accept of mediaTypes) await expectSame(query, variables, scopes, accept);
  });
});
