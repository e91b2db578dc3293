// Every REST route, envelope and status code.
import { describe, expect, it } from 'vitest';
import { config } from '../../src/config.js';
import { testApiKey } from '../helpers/api-key.js';
import { consumerInput, leadInput, salesRepInput } from '../helpers/fixtures.js';
import { execute } from '../helpers/graphql.js';
import { rest } from '../helpers/rest.js';
import { yoga } from '../../src/yoga.js';

const consumerBody = { ...consumerInput, id: 'con_rest00000001' };

describe('a Payload-style collection (consumers)', () => {
  it('creates, reads, lists, updates and deletes with the {doc, message} envelope', async () => {
    const created = await rest('POST', '/api/consumers', { body: consumerBody });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      doc: {
        ...consumerBody,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        createdBy: expect.stringMatching(/^test /),
        updatedBy: expect.stringMatching(/^test /),
      },
      message: 'Consumer successfully created.',
    });

    const read = await rest('GET', '/api/consumers/con_rest00000001');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body.doc);

    const listed = await rest('GET', '/api/consumers?where[lastName][equals]=Lovelace');
    expect(listed.body).toEqual({
      docs: [created.body.doc],
      totalDocs: 1,
      limit: 10,
      totalPages: 1,
      page: 1,
      pagingCounter: 1,
      hasPrevPage: false,
      hasNextPage: false,
      prevPage: null,
      nextPage: null,
    });

    const updated = await rest('PATCH', '/api/consumers/con_rest00000001', { body: { lastName: 'King' } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ doc: { id: 'con_rest00000001', lastName: 'King', firstName: 'Ada' }, message: 'Updated successfully.' });

    const deleted = await rest('DELETE', '/api/consumers/con_rest00000001');
    expect(deleted.body).toMatchObject({ doc: { id: 'con_rest00000001', lastName: 'King' }, message: 'Deleted successfully.' });
    expect((await rest('GET', '/api/consumers/con_rest00000001')).status).toBe(404);
  });

  it('matches the collection name case-insensitively', async () => {
    for (const path of ['/api/salesReps', '/api/salesreps', '/api/SALESREPS']) {
      expect((await rest('GET', path)).status).toBe(200);
    }
  });

  it('serves a city by its state and name', async () => {
    await rest('POST', '/api/cities', { body: { name: 'Peoria', state: 'IL' } });
    const city = await rest('GET', '/api/cities/IL/Peoria?depth=0');
    expect(city.body).toMatchObject({ name: 'Peoria', state: 'IL' });
  });
});

describe('web events keep the commerce envelope {data, success}', () => {
  it('on every route', async () => {
    const created = await rest('POST', '/api/webevents', { body: { id: 'wev_rest00000001', name: 'Page View' }, key: false });
    // The server's times of the event: when it was received, and (no client time given) when it happened.
    const { receivedAt } = created.body.data;
    const times = { receivedAt, eventTime: receivedAt };
    expect(created.body).toEqual({ data: { id: 'wev_rest00000001', name: 'Page View', ...times }, success: true });
    expect((await rest('GET', '/api/webevents/wev_rest00000001')).body).toEqual(created.body);
    const list = await rest('GET', '/api/webevents?where[id][equals]=wev_rest00000001');
    expect(list.body).toMatchObject({ data: { docs: [created.body.data], totalDocs: 1 }, success: true });
    const updated = await rest('PATCH', '/api/webevents/wev_rest00000001', { body: { name: 'Checkout' } });
    expect(updated.body).toEqual({ data: { id: 'wev_rest00000001', name: 'Checkout', ...times }, success: true });
    const deleted = await rest('DELETE', '/api/webevents/wev_rest00000001');
    expect(deleted.body).toEqual({ data: { id: 'wev_rest00000001', name: 'Checkout', ...times }, success: true });
  });
});

describe('status codes and the ErrorModel', () => {
  const errorModel = (code: number, message: string | RegExp) => ({
    error: expect.objectContaining({ code, message: typeof message === 'string' ? message : expect.stringMatching(message) }),
    success: false,
    // Payload's errors, for Payload clients: one per problem, or the one message.
    errors: expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]),
  });

  it('400 naming the key for a path segment that cannot be one, on every document route, before any query', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/leads/x%00y'],
      ['PATCH', '/api/leads/x%00y'],
      ['DELETE', '/api/leads/x%00y'],
      ['POST', '/api/leads/x%00y/restore'],
      ['DELETE', '/api/leads/x%00y?trash=true'],
      ['GET', '/api/leads/x%00y/history'],
      ['GET', '/api/vehicles/x%00y'],
    ];
    for (const [method, path] of routes) {
      const response = await rest(method, path, method === 'PATCH' ? { body: { notes: 'x' } } : {});
      expect([method, path, response.status], JSON.stringify(response.body)).toEqual([method, path, 400]);
      expect(response.body.error.problems).toEqual([{ field: path.includes('vehicles') ? 'vin' : 'id', message: 'must not contain the NUL character' }]);
    }
    // GraphQL finds no record with such a key: 404, not a failure of the database.
    const graphql = await execute('mutation($id: String!) { updateLead(id: $id, input: { notes: "x" }) { id } }', { id: 'x\u0000y' });
    expect(graphql.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Keys before the key's own rules: without a key, 401.
    expect((await rest('PATCH', '/api/leads/x%00y', { body: { notes: 'x' }, key: false })).status).toBe(401);
  });

  it('400 Missing Required Information when a required field is missing', async () => {
    const response = await rest('POST', '/api/webevents', { body: { anonymousId: 'anon_1' }, key: false });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorModel(400, 'Missing Required Information: name: is required'));
  });

  it('400 naming the field and the rule for a bad value, at any depth', async () => {
    const response = await rest('POST', '/api/webevents', {
      body: { name: 'Signup', account: { consumer: { ...consumerInput, phoneNumber: '12' } } },
      key: false,
    });
    expect(response.status).toBe(400);
    expect(response.body).toEqual(errorModel(400, /^account\.consumer\.phoneNumber: must be a phone number/));
    expect(response.body.error.problems).toEqual([{ field: 'account.consumer.phoneNumber', message: expect.any(String) }]);
  });

  it('400 naming a field of the wrong type, without echoing its value', async () => {
    const response = await rest('POST', '/api/leads', { body: { ...leadInput, monthlyPayment: 'lots-of-money' } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^monthlyPayment: /);
    expect(JSON.stringify(response.body)).not.toContain('lots-of-money');
  });

  it('400 naming a field the collection does not have', async () => {
    const response = await rest('POST', '/api/leads', { body: { ...leadInput, favouriteColour: 'red' } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^favouriteColour: /);
  });

  it('401 Unauthorized without a key where one is needed, and with a bad key anywhere', async () => {
    expect(await rest('POST', '/api/leads', { body: leadInput, key: false })).toMatchObject({ status: 401, body: errorModel(401, 'Unauthorized') });
    expect((await rest('GET', '/api/webevents', { key: false })).status).toBe(401);
    const bad = await rest('POST', '/api/webevents', { body: { name: 'x' }, headers: { authorization: 'Bearer nope' } });
    expect(bad).toMatchObject({ status: 401, body: errorModel(401, /Unauthorized/) });
  });

  it('401 without a key before anything of the request is read or checked', async () => {
    // A caller without a key learnt the required fields of a collection (400) before being refused.
    for (const [method, path, options] of [
      ['POST', '/api/consumers', { body: {} }],
      ['POST', '/api/consumers', { rawBody: '{"firstName":' }],
      ['POST', '/api/consumers', { rawBody: 'firstName=Ada', headers: { 'content-type': 'text/plain' } }],
      ['PATCH', '/api/consumers/con_nobody000000', { body: { phoneNumber: '12' } }],
      ['DELETE', '/api/consumers/con_nobody000000', {}],
      ['GET', '/api/consumers?where[favouriteColour][equals]=red&depth=deep', {}],
      ['GET', '/api/consumers/con_nobody000000?depth=deep', {}],
    ] as const) {
      const response = await rest(method, path, { ...options, key: false });
      expect(response, `${method} ${path}`).toMatchObject({ status: 401, body: errorModel(401, 'Unauthorized') });
    }
  });

  it('403 for a key without the scope before the body is read or checked', async () => {
    const readOnly = { authorization: await testApiKey(['read']) };
    for (const [method, path] of [
      ['POST', '/api/consumers'],
      ['PATCH', '/api/consumers/con_nobody000000'],
    ] as const) {
      const response = await rest(method, path, { body: {}, headers: readOnly });
      expect(response, `${method} ${path}`).toMatchObject({ status: 403, body: errorModel(403, 'Forbidden: this API key lacks the scope it needs (write)') });
    }
    const writeOnly = { authorization: await testApiKey(['write']) };
    const list = await rest('GET', '/api/consumers?where[favouriteColour][equals]=red', { headers: writeOnly });
    expect(list).toMatchObject({ status: 403, body: errorModel(403, 'Forbidden: this API key lacks the scope it needs (read)') });
  });

  it('checks a public create without a key (web events)', async () => {
    const response = await rest('POST', '/api/webevents', { body: {}, key: false });
    expect(response).toMatchObject({ status: 400, body: errorModel(400, 'Missing Required Information: name: is required') });
  });

  it('403 when the key lacks the scope', async () => {
    const response = await rest('POST', '/api/agents', { body: { model: 'gpt-4o' }, headers: { authorization: await testApiKey(['read']) } });
    expect(response).toMatchObject({ status: 403, body: errorModel(403, /Forbidden/) });
  });

  it('404 for an unknown id, an unknown collection and a key of the wrong shape', async () => {
    expect(await rest('GET', '/api/leads/led_nobody000000')).toMatchObject({ status: 404, body: errorModel(404, /Not Found/) });
    expect(await rest('PATCH', '/api/leads/led_nobody000000', { body: { notes: 'x' } })).toMatchObject({ status: 404 });
    expect(await rest('DELETE', '/api/leads/led_nobody000000')).toMatchObject({ status: 404 });
    expect(await rest('GET', '/api/unicorns')).toMatchObject({ status: 404, body: errorModel(404, /Not Found/) });
    expect(await rest('GET', '/api/cities/IL')).toMatchObject({ status: 404 });
  });

  it('404 for an unknown route without repeating the path', async () => {
    for (const path of ['/api/secret-path-value', '/api/cities/secret-path-value', '/api/webevents/batch/secret-path-value']) {
      const response = await rest('GET', path);
      expect(response, path).toMatchObject({ status: 404, body: errorModel(404, 'Not Found: no such route') });
      expect(JSON.stringify(response.body), path).not.toContain('secret');
    }
  });

  it('answers HEAD as GET, without the body', async () => {
    const head = await yoga.fetch('http://localhost/api/leads?limit=1', { method: 'HEAD', headers: { authorization: await testApiKey() } });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/application\/json/);
    const onDocument = await yoga.fetch('http://localhost/api/leads/led_nosuch', { method: 'HEAD', headers: { authorization: await testApiKey() } });
    expect(onDocument.status).toBe(404);
  });

  it('405 with Allow for a wrong method', async () => {
    const onCollection = await rest('PUT', '/api/leads', { body: {} });
    expect(onCollection).toMatchObject({ status: 405, body: errorModel(405, /Method Not Allowed/) });
    expect(onCollection.headers.get('allow')).toBe('GET, PATCH, DELETE, POST');
    const onDocument = await rest('POST', '/api/leads/led_x', { body: {} });
    expect(onDocument.status).toBe(405);
    expect(onDocument.headers.get('allow')).toBe('GET, PATCH, DELETE');
  });

  it('409 for an id that exists already', async () => {
    await rest('POST', '/api/salesReps', { body: { ...salesRepInput, id: 'srep_rest0000001' } });
    const again = await rest('POST', '/api/salesReps', { body: { ...salesRepInput, id: 'srep_rest0000001' } });
    expect(again).toMatchObject({ status: 409, body: errorModel(409, /already exists/) });
  });

  it('413 for a body over the limit', async () => {
    const response = await rest('POST', '/api/webevents', { rawBody: JSON.stringify({ name: 'x'.repeat(config.bodyLimitBytes) }), key: false });
    expect(response).toMatchObject({ status: 413, body: errorModel(413, /Payload Too Large/) });
  });

  it('413 for a body over the limit whose Content-Length says less (read whole by its length, then measured)', async () => {
    // Over HTTP, Node's parser holds a body to its Content-Length; a Request made in process is not held to it.
    const rawBody = JSON.stringify({ name: 'x'.repeat(config.bodyLimitBytes) });
    const response = await rest('POST', '/api/webevents', { rawBody, headers: { 'content-length': '20' }, key: false });
    expect(response).toMatchObject({ status: 413, body: errorModel(413, /Payload Too Large/) });
  });

  it('415 for a body that is not JSON', async () => {
    const response = await rest('POST', '/api/webevents', { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, key: false });
    expect(response).toMatchObject({ status: 415, body: errorModel(415, /Unsupported Media Type/) });
  });

  it('400 for JSON that does not parse, or is not an object', async () => {
    expect(await rest('POST', '/api/webevents', { rawBody: '{"name":', key: false })).toMatchObject({
      status: 400,
      body: errorModel(400, 'body: is not valid JSON'),
    });
    expect(await rest('POST', '/api/webevents', { rawBody: '[1,2]', key: false })).toMatchObject({
      status: 400,
      body: errorModel(400, 'body: must be a JSON object'),
    });
  });

  it('400 for a depth that is not a number', async () => {
    expect(await rest('GET', '/api/leads?depth=deep')).toMatchObject({ status: 400, body: errorModel(400, /^depth: must be a whole number/) });
  });
});

describe('the Authorization header on REST', () => {
  it.each([
    ['the bare key', (key: string) => key],
    ['Bearer <key>', (key: string) => `Bearer ${key}`],
    ["Payload's users API-Key <key>", (key: string) => `users API-Key ${key}`],
  ])('accepts %s', async (_form, header) => {
    const response = await rest('GET', '/api/states?limit=1', { headers: { authorization: header(await testApiKey()) } });
    expect(response.status).toBe(200);
    expect(response.body.totalDocs).toBeGreaterThan(50);
  });
});
