// Errors under /api carry both formats a client may read: the commerce ErrorModel
// ({error: {code, message}, success: false}) and Payload's {errors: [{message, field?}]}. A query
// parameter no route reads is refused by name, and a Payload collection answers a create with 201.
import { describe, expect, it } from 'vitest';
import { rest } from '../helpers/rest.js';

describe('error bodies under /api', () => {
  it('list each problem as Payload does, with its field, beside the ErrorModel', async () => {
    const response = await rest('POST', '/api/leads', { body: { email: 'not an email', phone: '12' } });
    expect(response.status).toBe(400);
    expect(response.body.success).toBe(false);
    expect(response.body.error.code).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'phone', message: expect.stringMatching(/^phone: must be a phone number/) },
      { field: 'email', message: 'email: must be an email address' },
    ]);
    expect(JSON.stringify(response.body)).not.toContain('not an email');
  });

  it('give the one message when there is no field to name', async () => {
    for (const [method, path, status] of [
      ['GET', '/api/leads/led_nosuch000000', 404],
      ['GET', '/api/no-such-collection', 404],
      ['PUT', '/api/leads', 405],
    ] as const) {
      const response = await rest(method, path);
      expect(response.status, path).toBe(status);
      expect(response.body.errors, path).toEqual([{ message: response.body.error.message }]);
      expect(response.body.errors[0].message, path).not.toBe('');
    }
    const unauthorized = await rest('GET', '/api/leads', { key: false });
    expect(unauthorized.body.errors).toEqual([{ message: 'Unauthorized' }]);
  });
});

describe('query parameters', () => {
  it.each([
    ['a list', 'GET', '/api/leads?search=jeep'],
    ['a document', 'GET', '/api/leads/led_nosuch000000?limit=5'],
    ['a delete', 'DELETE', '/api/leads/led_nosuch000000?where[id][equals]=x'],
    ['the web-event batch', 'POST', '/api/webevents/batch?draft=true'],
  ])('that %s does not read are a 400 naming them, before anything is done', async (_name, method, path) => {
    const response = await rest(method, path, { body: method === 'POST' ? { batch: [{ name: 'x' }] } : undefined });
    expect(response.status).toBe(400);
    const name = new URL(path, 'http://x').searchParams.keys().next().value!.replace(/\[.*/, '');
    expect(response.body.error.message).toMatch(new RegExp(`^${name}: is not a query parameter of this route \\(it takes `));
    expect(response.body.errors).toEqual([{ field: name, message: response.body.error.message }]);
  });

  it('that the route reads are accepted (locale and fallback-locale everywhere, ignored)', async () => {
    const response = await rest('GET', '/api/leads?locale=en&fallback-locale=none&depth=0&limit=1&page=1&sort=-createdAt');
    expect(response.status).toBe(200);
  });

  it('with a name that is no plain word are named by their position', async () => {
    const response = await rest('GET', '/api/leads?limit=1&%3Cscript%3E=1');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^parameter 2: is not a query parameter/);
    expect(response.body.error.message).not.toContain('script');
  });
});

describe('creates', () => {
  it('answer 201 Created in Payload collections, and 200 for web events as the commerce OpenAPI says', async () => {
    const lead = await rest('POST', '/api/leads', { body: { email: 'created@example.com', phone: '555-0100' } });
    expect(lead.status).toBe(201);
    expect(lead.body.message).toBe('Lead successfully created.');
    const event = await rest('POST', '/api/webevents', { body: { name: 'Page View' }, key: false });
    expect(event.status).toBe(200);
    expect(event.body.success).toBe(true);
  });
});
