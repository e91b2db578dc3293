// REST's errors in REST's words (outside attack P5): a body a REST caller sent is refused naming its
// fields and the rule, never GraphQL's input types (`UpdateLeadInput`, `SalesRepRef`, `String`);
// a 409 names the unique key that collided in Payload's errors[0].field, never its value.
import { describe, expect, it } from 'vitest';
import { prisma } from '../../src/db.js';
import { consumerInput } from '../helpers/fixtures.js';
import { rest } from '../helpers/rest.js';
import { testApiKey } from '../helpers/api-key.js';

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;
// GraphQL's type names a REST answer must not carry.
const graphqlTypeName = /\b\w+(Input|Ref)\b|type "|\b(String|Int|Float|Boolean|ID|JSONObject|DateTime) (cannot|must)/;

async function newLead(): Promise<string> {
  const created = await rest('POST', '/api/leads', { body: { email: `${unique('lead')}@example.com`, phone: '555-0100' } });
  expect(created.status).toBe(201);
  return created.body.doc.id;
}

describe('an id in the body of an update', () => {
  const rule = 'cannot be changed: an id is not a field of an update (the path, or where in a bulk update, names the documents)';

  it('is a 400 naming id and the rule, in the ErrorModel and in errors[]; nothing changes', async () => {
    const id = await newLead();
    for (const given of [unique('led_'), id, 5]) {
      const response = await rest('PATCH', `/api/leads/${id}`, { body: { id: given, notes: 'changed' } });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(`id: ${rule}`);
      expect(response.body.error.problems).toEqual([{ field: 'id', message: rule }]);
      expect(response.body.errors).toEqual([{ field: 'id', message: `id: ${rule}` }]);
      expect(JSON.stringify(response.body)).not.toMatch(graphqlTypeName);
    }
    expect((await rest('GET', `/api/leads/${id}`)).body.notes ?? null).toBeNull();
  });

  it('is the same 400 in a bulk update and in another collection', async () => {
    const id = await newLead();
    const bulk = await rest('PATCH', `/api/leads?where[id][equals]=${id}`, { body: { id: unique('led_') } });
    expect(bulk.status).toBe(400);
    expect(bulk.body.errors).toEqual([{ field: 'id', message: `id: ${rule}` }]);
    const consumer = await rest('POST', '/api/consumers', { body: { ...consumerInput } });
    expect(consumer.status).toBe(201);
    const patch = await rest('PATCH', `/api/consumers/${consumer.body.doc.id}`, { body: { id: unique('con_') } });
    expect(patch.status).toBe(400);
    expect(patch.body.errors).toEqual([{ field: 'id', message: `id: ${rule}` }]);
  });
});

describe('other bad bodies', () => {
  it.each([
    [
      'a field no lead has (create)',
      'POST',
      '/api/leads',
      { email: 'a@example.com', phone: '555-0100', shoeSize: 1 },
      'shoeSize',
      'is not a field of Lead documents',
    ],
    ['a field no lead has (update)', 'PATCH', '/api/leads/:lead', { shoeSize: 1 }, 'shoeSize', 'is not a field of Lead documents'],
    ['a field no web event has', 'POST', '/api/webevents', { name: 'x', shoeSize: 1 }, 'shoeSize', 'is not a field of WebEvent documents'],
    ['a number for text', 'PATCH', '/api/leads/:lead', { email: 5 }, 'email', 'must be text'],
    [
      'a list for a relation',
      'POST',
      '/api/leads',
      { email: 'a@example.com', phone: '555-0100', salesRep: [1] },
      'salesRep',
      'must be a SalesRep id or object',
    ],
    ['a number for properties', 'POST', '/api/webevents', { name: 'x', properties: 5 }, 'properties', 'must be a JSON object'],
    ['a bad timestamp', 'POST', '/api/webevents', { name: 'x', timestamp: 5 }, 'timestamp', expect.stringMatching(/^must be an ISO 8601 date-time/)],
    ['a missing account id in identify', 'POST', '/api/identify', { anonymousId: 'anon_words00001' }, 'accountId', 'is required'],
  ])('%s is a 400 in REST words naming the field', async (_name, method, path, body, field, message) => {
    const response = await rest(method, path.replace(':lead', path.includes(':lead') ? await newLead() : ''), { body });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toContainEqual({ field, message });
    expect(response.body.errors).toContainEqual({ field, message: expect.stringMatching(new RegExp(`^${field}: `)) });
    expect(JSON.stringify(response.body)).not.toMatch(graphqlTypeName);
  });

  it('in a web-event batch are named per event in the same words', async () => {
    const response = await rest('POST', '/api/webevents/batch', { body: { batch: [{ name: 'x', shoeSize: 1 }, { name: 5 }] } });
    expect(response.status).toBe(200);
    expect(response.body.data[0].error.problems).toEqual([{ field: 'batch.0.shoeSize', message: 'is not a field of WebEvent documents' }]);
    expect(response.body.data[1].error.problems).toEqual([{ field: 'batch.1.name', message: 'must be text' }]);
  });
});

describe('a 409 on a create', () => {
  it('names the key that collided in errors[0].field: a taken id', async () => {
    const id = await newLead();
    const response = await rest('POST', '/api/leads', { body: { id, email: `${unique('again')}@example.com`, phone: '555-0100' } });
    expect(response.status).toBe(409);
    expect(response.body.errors).toEqual([{ field: 'id', message: 'id: a Lead with this key already exists' }]);
    expect(response.body.error.problems).toEqual([{ field: 'id', message: 'a Lead with this key already exists' }]);
    expect(response.body.error.message).toBe('id: a Lead with this key already exists');
  });

  it('names a held email or external id, not its value, nested or not', async () => {
    const email = `${unique('held')}@example.com`;
    const externalId = unique('src_');
    expect((await rest('POST', '/api/consumers', { body: { ...consumerInput, email, externalId } })).status).toBe(201);
    const byEmail = await rest('POST', '/api/consumers', { body: { ...consumerInput, email: email.toUpperCase() } });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body.errors).toEqual([{ field: 'email', message: expect.stringMatching(/^email: another Consumer holds this email/) }]);
    const byExternal = await rest('POST', '/api/consumers', { body: { ...consumerInput, externalId } });
    expect(byExternal.status).toBe(409);
    expect(byExternal.body.errors).toEqual([{ field: 'externalId', message: expect.stringMatching(/^externalId: another Consumer holds this external id/) }]);
    const nested = await rest('POST', '/api/accounts', { body: { consumer: { ...consumerInput, email } } });
    expect(nested.status).toBe(409);
    expect(nested.body.errors).toEqual([{ field: 'consumer.email', message: expect.stringMatching(/^consumer\.email: another Consumer holds this email/) }]);
    for (const answer of [byEmail, byExternal, nested]) {
      expect(JSON.stringify(answer.body)).not.toContain(email.split('@')[0]);
      expect(JSON.stringify(answer.body)).not.toContain(externalId);
    }
    expect(await prisma.consumer.count({ where: { externalId } })).toBe(1);
  });
});

describe('a body key that is not a plain name (outside attack X4)', () => {
  const secret = 'secret=hunter2';
  const long = 'k'.repeat(5000);

  it.each([
    ['a lead (create)', 'POST', '/api/leads', { email: 'a@b.com', phone: '555-0100' }, 'Lead'],
    ['a lead (update)', 'PATCH', '/api/leads/:lead', {}, 'Lead'],
    ['an account', 'POST', '/api/accounts', {}, 'Account'],
    ['a consumer nested in an account', 'POST', '/api/accounts', { consumer: { ...consumerInput } }, 'Consumer', 'consumer.'],
    ['a web event', 'POST', '/api/webevents', { name: 'x' }, 'WebEvent'],
  ])('in %s is named by its position, never echoed', async (_name, method, path, base, document, at = '') => {
    const url = path.includes(':lead') ? path.replace(':lead', await newLead()) : path;
    for (const key of [secret, long, 'a b']) {
      const body = at ? { consumer: { [key]: 1, ...consumerInput } } : { [key]: 1, ...base };
      const response = await rest(method, url, { body });
      expect(response.status).toBe(400);
      expect(response.body.error.problems).toEqual([{ field: `${at}key 1`, message: `is not a field of ${document} documents` }]);
      expect(response.body.errors).toEqual([{ field: `${at}key 1`, message: `${at}key 1: is not a field of ${document} documents` }]);
      const text = JSON.stringify(response.body);
      expect(text).not.toContain(key);
      expect(text).not.toMatch(graphqlTypeName);
    }
  });

  it('in public ingest and a batch, the same', async () => {
    const ingest = await rest('POST', '/api/webevents', { key: false, body: { name: 'x', 'a b': 1 } });
    expect(ingest.status).toBe(400);
    expect(ingest.body.errors).toEqual([{ field: 'key 2', message: 'key 2: is not a field of WebEvent documents' }]);
    const batch = await rest('POST', '/api/webevents/batch', { body: { batch: [{ name: 'x', [secret]: 1 }] } });
    expect(batch.body.data[0].error.problems).toEqual([{ field: 'batch.0.key 2', message: 'is not a field of WebEvent documents' }]);
    expect(JSON.stringify(batch.body)).not.toContain(secret);
  });

  it('over GraphQL, is not echoed either', async () => {
    const response = await rest('POST', '/graphql', {
      body: {
        query: 'mutation ($input: CreateLeadInput!) { createLead(input: $input) { id } }',
        variables: { input: { [secret]: 1, email: 'a@b.com', phoneNumber: '555-0100' } },
      },
    });
    expect(JSON.stringify(response.body)).not.toContain(secret);
    expect(response.body.errors[0].extensions.field).toBe('input.a key that is not a plain name');
  });
});

describe('a where operator a field does not take (outside attack X4)', () => {
  it.each([
    ['/api/salesReps', 'isAcceptingNewLeads', 'greater_than', 'true', 'greater_than does not apply to a true/false field: use equals, not_equals, exists'],
    [
      '/api/salesReps/count',
      'isAcceptingNewLeads',
      'greater_than',
      'true',
      'greater_than does not apply to a true/false field: use equals, not_equals, exists',
    ],
    [
      '/api/leads',
      'monthlyPayment',
      'like',
      '3',
      expect.stringMatching(/^like does not apply to a number field: use equals, not_equals, in, not_in, greater_than/),
    ],
    [
      '/api/leads/aggregate',
      'createdAt',
      'like',
      '3',
      expect.stringMatching(/^like does not apply to a date-time field: use equals, not_equals, greater_than/),
    ],
    ['/api/webevents', 'timestamp', 'in', '2020-01-01', expect.stringMatching(/^in does not apply to a date-time field/)],
  ])('%s where[%s][%s] is a 400 in where words', async (path, field, operator, value, message) => {
    const separator = path.endsWith('aggregate') ? '?groupBy=name&' : '?';
    const response = await rest('GET', `${path}${separator}where[${field}][${operator}]=${value}`);
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toContainEqual({ field: `where.${field}.${operator}`, message });
    expect(JSON.stringify(response.body)).not.toMatch(/Filter\b|filter\.|notIn|hasSome/);
  });

  it('is the same in a bulk update and a bulk delete, and nothing changes', async () => {
    for (const method of ['PATCH', 'DELETE']) {
      const response = await rest(method, '/api/salesReps?where[isAcceptingNewLeads][greater_than]=true', {
        body: method === 'PATCH' ? { paused: true } : undefined,
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toContainEqual({
        field: 'where.isAcceptingNewLeads.greater_than',
        message: 'where.isAcceptingNewLeads.greater_than: greater_than does not apply to a true/false field: use equals, not_equals, exists',
      });
    }
  });

  it('the limit on the values of lists names where operators', async () => {
    const values = Array.from({ length: 1001 }, (_, index) => `a${index}`).join(',');
    const response = await rest('GET', `/api/consumers?where[email][not_in]=${values}`);
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([{ field: 'where.email.not_in', message: 'may hold at most 1000 values in all its lists (in, not_in, all)' }]);
  });
});

describe('a query parameter or body key a route does not take (outside attack X14)', () => {
  it('is a 400 naming it on identify, __proto__ anywhere, and beside a batch', async () => {
    const identify = await rest('POST', '/api/identify?foo=1&depth=3', { body: { accountId: 'acc_none', anonymousId: 'anon_none' } });
    expect(identify.status).toBe(400);
    expect(identify.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['foo', 'depth']);
    for (const [url, field] of [
      ['/api/leads?__proto__=1', '__proto__'],
      ['/api/leads?__proto__[x]=1', '__proto__'],
      ['/api/leads/count?__proto__=1', '__proto__'],
      ['/api/leads?select[email]=true&select[__proto__]=true', 'select'],
    ]) {
      const response = await rest('GET', url);
      expect(response.status, url).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    }
    const batch = await rest('POST', '/api/webevents/batch', { body: { batch: [], x: 1 } });
    expect(batch.status).toBe(400);
    expect(batch.body.error.problems).toEqual([{ field: 'x', message: 'is not known here: give batch' }]);
  });
});

describe('a 409 names the fields that collided (outside attacks X5, X10)', () => {
  it('a City taken: its state and name', async () => {
    await prisma.state.upsert({ where: { code: 'IL' }, create: { code: 'IL' }, update: {} });
    const name = unique('Town ');
    expect((await rest('POST', '/api/cities', { body: { name, state: 'IL' } })).status).toBe(201);
    const again = await rest('POST', '/api/cities', { body: { name, state: 'IL' } });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([
      { field: 'state', message: 'state: a City with this key already exists' },
      { field: 'name', message: 'name: a City with this key already exists' },
    ]);
  });

  it('a web event given the unique-key values of another: its name and key properties, on an update and in a bulk update', async () => {
    const name = unique('Reserved ');
    expect((await rest('POST', '/api/eventdefinitions', { body: { name, properties: { vin: { type: 'string', uniqueKey: true } } } })).status).toBe(201);
    expect((await rest('POST', '/api/webevents', { body: { name, properties: { vin: 'V1' } } })).status).toBe(200);
    const other = await rest('POST', '/api/webevents', { body: { name: 'Other', properties: { vin: 'V1' } } });
    const id = other.body.data.id;
    const patch = await rest('PATCH', `/api/webevents/${id}`, { body: { name } });
    expect(patch.status).toBe(409);
    expect(patch.body.errors.map((error: { field: string }) => error.field)).toEqual(['name', 'properties.vin']);
    expect(JSON.stringify(patch.body)).not.toContain('V1');
    const bulk = await rest('PATCH', `/api/webevents?where[id][equals]=${id}`, { body: { name } });
    expect(bulk.body.errors).toEqual([expect.objectContaining({ field: 'name', message: expect.stringMatching(/^name: another WebEvent/) })]);
  });

  it('an anonymous id another account holds: anonymousIds, on a create, an update and over GraphQL', async () => {
    const held = unique('anon_');
    expect((await rest('POST', '/api/accounts', { body: { anonymousIds: [held] } })).status).toBe(201);
    const created = await rest('POST', '/api/accounts', { body: { anonymousIds: [held] } });
    expect(created.status).toBe(409);
    expect(created.body.errors).toEqual([
      { field: 'anonymousIds', message: expect.stringMatching(/^anonymousIds: another Account holds one of these anonymous ids/) },
    ]);
    expect(JSON.stringify(created.body)).not.toContain(held);
    const mine = await rest('POST', '/api/accounts', { body: {} });
    const patched = await rest('PATCH', `/api/accounts/${mine.body.doc.id}`, { body: { anonymousIds: [held] } });
    expect(patched.status).toBe(409);
    expect(patched.body.errors[0].field).toBe('anonymousIds');
    const graphql = await rest('POST', '/graphql', { body: { query: `mutation { createAccount(input: { anonymousIds: ["${held}"] }) { id } }` } });
    expect(graphql.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'anonymousIds' });
  });

  it('concurrent identifies of one anonymous id: each loser gets identify 409 naming anonymousId', async () => {
    const anonymousId = unique('anon_');
    const accounts = await Promise.all(Array.from({ length: 8 }, () => rest('POST', '/api/accounts', { body: {} })));
    const answers = await Promise.all(accounts.map((account) => rest('POST', '/api/identify', { body: { accountId: account.body.doc.id, anonymousId } })));
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const answer of answers.filter((each) => each.status !== 200)) {
      expect(answer.status).toBe(409);
      expect(answer.body.errors[0]).toEqual({ field: 'anonymousId', message: expect.stringMatching(/^anonymousId: belongs to account acc_/) });
    }
  });
});

describe('a key field in the body of an update (outside attack X6)', () => {
  const rule = (entity: string) =>
    `cannot be changed: the key of ${entity === 'EventDefinition' ? 'an' : 'a'} ${entity} is not a field of an update (the path, or where in a bulk update, names the documents)`;

  it('is a 400 naming it on a State, a City, an event definition, in bulk and over GraphQL; nothing moves', async () => {
    await prisma.state.upsert({ where: { code: 'WI' }, create: { code: 'WI' }, update: {} });
    await prisma.state.upsert({ where: { code: 'IL' }, create: { code: 'IL' }, update: {} });
    const city = unique('Keyton ');
    expect((await rest('POST', '/api/cities', { body: { name: city, state: 'IL' } })).status).toBe(201);
    const definition = unique('defined_');
    expect((await rest('POST', '/api/eventdefinitions', { body: { name: definition, properties: {} } })).status).toBe(201);
    for (const [path, body, field, entity] of [
      ['/api/states/IL', { code: 'XX' }, 'code', 'State'],
      [`/api/cities/IL/${encodeURIComponent(city)}`, { name: 'Chi' }, 'name', 'City'],
      [`/api/cities/IL/${encodeURIComponent(city)}`, { state: 'WI' }, 'state', 'City'],
      [`/api/eventdefinitions/${definition}`, { name: 'other' }, 'name', 'EventDefinition'],
      ['/api/states?where[code][in]=IL,WI', { code: 'ZZ' }, 'code', 'State'],
    ] as const) {
      const response = await rest('PATCH', path, { body });
      expect(response.status, path).toBe(400);
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field, message: `${field}: ${rule(entity)}` }));
    }
    const graphql = await rest('POST', '/graphql', { body: { query: 'mutation { updateState(code: "IL", input: { code: "XX" }) { code } }' } });
    expect(graphql.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await prisma.state.count({ where: { code: { in: ['XX', 'ZZ'] } } })).toBe(0);
    expect(await prisma.city.count({ where: { name: city, stateCode: 'IL' } })).toBe(1);
    expect(await prisma.eventDefinition.count({ where: { name: definition } })).toBe(1);
  });
});

describe('smaller words (outside attack X15)', () => {
  it('a caller key connect or upsert inside a relation keeps its name in the path', async () => {
    const response = await rest('POST', '/api/leads', { body: { email: 'a@b.com', phone: '555-0100', consumer: { connect: 'x' } } });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toContainEqual({ field: 'consumer.connect', message: 'is not a field of Consumer documents' });
  });

  it('a 403 for a scope a field needs names the scope', async () => {
    const consumer = await rest('POST', '/api/consumers', { body: { ...consumerInput } });
    const response = await rest('GET', `/api/consumers/${consumer.body.doc.id}/export`, {
      headers: { authorization: await testApiKey(['read', 'write']) },
    });
    expect(response.status).toBe(403);
    expect(response.body.error.message).not.toContain('see the field');
    expect(response.body.error.message).toMatch(/pii:read|admin/);
  });
});

describe('entity names in sentences (outside attack X15)', () => {
  it('take the description plural and the right article', async () => {
    const where = await rest('GET', '/api/addresses?where[bogus][equals]=1');
    expect(where.body.error.problems).toEqual([{ field: 'where.bogus', message: 'is not a field Addresses can be filtered by' }]);
    const account = await rest('POST', '/api/accounts', { body: {} });
    const again = await rest('POST', '/api/accounts', { body: { id: account.body.doc.id } });
    expect(again.body.errors).toEqual([{ field: 'id', message: 'id: an Account with this key already exists' }]);
  });
});
