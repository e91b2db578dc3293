// REST's errors in REST's words (outside attack P5): a body a REST caller sent is refused naming its
// fields and the rule, never GraphQL's input types (`UpdateLeadInput`, `SalesRepRef`, `String`);
// a 409 names the unique key that collided in Payload's errors[0].field, never its value.
import { describe, expect, it } from 'vitest';
import { prisma } from '../../src/db.js';
import { consumerInput } from '../helpers/fixtures.js';
import { rest } from '../helpers/rest.js';

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
