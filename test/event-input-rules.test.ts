// What an outside attack on the running server found in events and consumers (2026-11-30), each
// over HTTP through the real server: a property problem on a definition with required properties
// reported only the real problems; an empty update writes nothing; the vendor event name is 1 to 300
// characters; an integer field is at most 15 digits; an email is one person whatever its invisible
// characters or Unicode case; property numbers come back as sent or are refused; property keys are
// counted in characters; an empty anonymous id is refused everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { testApiKey } from './helpers/api-key.js';
import { call, startHttpServer, type HttpServer } from './helpers/http-server.js';

let server: HttpServer;
let admin: Record<string, string>;
let writeOnly: Record<string, string>;
beforeAll(async () => {
  server = await startHttpServer();
  admin = { authorization: await testApiKey() };
  writeOnly = { authorization: await testApiKey(['write']) };
});
afterAll(() => server.close());

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 12)}`;
const fields = (body: { error: { problems: { field: string }[] } }) => body.error.problems.map((problem) => problem.field).sort();
const messages = (body: { error: { problems: { field: string; message: string }[] } }) =>
  body.error.problems.map((problem) => `${problem.field}: ${problem.message}`).sort();

async function defineRequired(name: string) {
  const defined = await call(server, 'POST', '/api/eventdefinitions', {
    headers: admin,
    body: { name, addCustomerIfNotExists: true, properties: { vin: { type: 'string', required: true }, n: { type: 'number', required: true } } },
  });
  expect(defined.status).toBe(201);
}

describe('X8: a property problem on a definition with required properties', () => {
  it('is answered with the real problems only, all of them, on /api/webevents', async () => {
    const name = unique('ReqDef ');
    await defineRequired(name);
    for (const bad of [{ note: 'enc:v1:zz' }, { note: 'a\u0000b' }]) {
      const response = await call(server, 'POST', '/api/webevents', { body: { name, properties: { vin: 'V', n: 'x', ...bad } } });
      expect(response.status).toBe(400);
      expect(fields(response.body)).toEqual(['properties.n', 'properties.note']);
      expect(messages(response.body)[0]).toMatch(/^properties\.n: must be a number/);
    }
    const lone = await call(server, 'POST', '/api/webevents', {
      rawBody: `{"name": ${JSON.stringify(name)}, "properties": {"vin": "V", "n": "x", "note": "\\ud800"}}`,
    });
    expect(fields(lone.body)).toEqual(['properties.n', 'properties.note']);
    const huge = await call(server, 'POST', '/api/webevents', { rawBody: `{"name": ${JSON.stringify(name)}, "properties": {"vin": "V", "n": 1e400}}` });
    expect(huge.status).toBe(400);
    expect(messages(huge.body)).toEqual(['properties.n: must be a number JSON can hold (1e400 is beyond it)']);
    // A required property that is missing is still named, beside the other problem.
    const missing = await call(server, 'POST', '/api/webevents', { body: { name, properties: { n: 1, note: 'enc:v1:zz' } } });
    expect(fields(missing.body)).toEqual(['properties.note', 'properties.vin']);
    expect(await prisma.webEvent.count({ where: { name } })).toBe(0);
  });

  it('is answered with the type errors too on /v2/events and /client/v1/events', async () => {
    const name = unique('ReqVendor');
    await defineRequired(name);
    const capillary = await call(server, 'POST', '/v2/events', {
      headers: admin,
      body: {
        eventName: name,
        actions: 'EMFConsumer',
        identifierType: { value: 'externalId', valueType: unique('ext') },
        fields: [
          { name: 'vin', type: 'string', value: 'V' },
          { name: 'n', type: 'string', value: 'x' },
          { name: 'note', type: 'string', value: 'enc:v1:zz' },
        ],
      },
    });
    expect(capillary.status).toBe(400);
    expect(fields(capillary.body)).toEqual(['fields.n', 'fields.note']);
    const voucherify = await call(server, 'POST', '/client/v1/events', {
      headers: admin,
      body: { event: name, customer: { source_id: unique('src') }, metadata: { vin: 'V', n: 'x', note: 'enc:v1:zz' } },
    });
    expect(voucherify.status).toBe(400);
    expect(fields(voucherify.body)).toEqual(['metadata.n', 'metadata.note']);
  });
});
