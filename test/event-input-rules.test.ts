// What an outside attack on the running server found in events and consumers (2026-11-30), each
// over HTTP through the real server: a property problem on a definition with required properties
// reported only the real problems; an empty update writes nothing; the vendor event name is 1 to 300
// characters; an integer field is at most 15 digits; an email is one person whatever its invisible
// characters or Unicode case; property numbers come back as sent or are refused; property keys are
// counted in characters; an empty anonymous id is refused everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { testApiKey } from './helpers/api-key.js';
import { consumerInput } from './helpers/fixtures.js';
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

describe('X19: an update that gives nothing', () => {
  it('changes nothing: no updatedAt, no audit entry, and answers the key alone to a write-only key', async () => {
    const created = await call(server, 'POST', '/api/consumers', { headers: admin, body: { ...consumerInput, email: `${unique('empty')}@x.com` } });
    expect(created.status).toBe(201);
    const id = created.body.doc.id as string;
    const before = await prisma.consumer.findUniqueOrThrow({ where: { id }, select: { updatedAt: true } });
    const entries = () => prisma.auditEntry.count({ where: { entity: 'Consumer', recordKey: id } });
    const auditBefore = await entries();
    const patched = await call(server, 'PATCH', `/api/consumers/${id}`, { headers: writeOnly, body: {} });
    expect(patched.status).toBe(200);
    expect(patched.body.doc).toEqual({ id });
    expect((await prisma.consumer.findUniqueOrThrow({ where: { id }, select: { updatedAt: true } })).updatedAt).toEqual(before.updatedAt);
    expect(await entries()).toBe(auditBefore);
  });

  it('identify of an anonymous id the account holds already writes nothing', async () => {
    const accountId = unique('acc_');
    const anonymousId = unique('anon_');
    expect((await call(server, 'POST', '/api/accounts', { headers: admin, body: { id: accountId, anonymousIds: [anonymousId] } })).status).toBe(201);
    const before = await prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { updatedAt: true } });
    const entries = () => prisma.auditEntry.count({ where: { entity: 'Account', recordKey: accountId } });
    const auditBefore = await entries();
    const again = await call(server, 'POST', '/api/identify', { headers: writeOnly, body: { accountId, anonymousId } });
    expect(again.status).toBe(200);
    expect(again.body.doc.id).toBe(accountId);
    expect((await prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { updatedAt: true } })).updatedAt).toEqual(before.updatedAt);
    expect(await entries()).toBe(auditBefore);
    const read = await call(server, 'POST', '/api/identify', { headers: admin, body: { accountId, anonymousId } });
    expect(read.body.doc.anonymousIds).toEqual([anonymousId]);
    // A trashed account is not found, as before.
    expect((await call(server, 'DELETE', `/api/accounts/${accountId}`, { headers: admin })).status).toBe(200);
    expect((await call(server, 'POST', '/api/identify', { headers: admin, body: { accountId, anonymousId } })).status).toBe(404);
  });
});

describe('X19: an update that gives nothing, of a record that is not there', () => {
  it('is a 404, missing or in the trash', async () => {
    expect((await call(server, 'PATCH', '/api/consumers/con_nothere00000', { headers: writeOnly, body: {} })).status).toBe(404);
    const created = await call(server, 'POST', '/api/consumers', { headers: admin, body: { ...consumerInput, email: `${unique('trash')}@x.com` } });
    const id = created.body.doc.id as string;
    expect((await call(server, 'DELETE', `/api/consumers/${id}`, { headers: admin })).status).toBe(200);
    expect((await call(server, 'PATCH', `/api/consumers/${id}`, { headers: admin, body: {} })).status).toBe(404);
  });
});

describe('X11: an event name of 1 to 300 characters (seed 004)', () => {
  it('is taken at 256-300 characters on /client/v1/events, /api/webevents and as a definition, refused at 301', async () => {
    const long = (length: number) => unique('n').padEnd(length, 'x');
    const name = long(300);
    const voucherify = await call(server, 'POST', '/client/v1/events', { headers: admin, body: { event: name, customer: { source_id: unique('src') } } });
    expect(voucherify.status).toBe(200);
    expect(voucherify.body.type).toBe(name);
    const public256 = await call(server, 'POST', '/api/webevents', { body: { name: long(256) } });
    expect(public256.status).toBeLessThan(300);
    const definition = await call(server, 'POST', '/api/eventdefinitions', { headers: admin, body: { name: long(299), properties: {} } });
    expect(definition.status).toBe(201);
    expect((await call(server, 'GET', `/api/eventdefinitions/${encodeURIComponent(definition.body.doc.name)}`, { headers: admin })).status).toBe(200);
    const tooLong = await call(server, 'POST', '/client/v1/events', { headers: admin, body: { event: long(301), customer: { source_id: unique('src') } } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toContain('1 to 300 characters');
    const tooLongHere = await call(server, 'POST', '/api/webevents', { body: { name: long(301) } });
    expect(messages(tooLongHere.body)).toEqual(['name: must be at most 300 characters']);
  });
});

describe('X12: an integer field of /v2/events', () => {
  const post = (value: unknown) =>
    call(server, 'POST', '/v2/events', {
      headers: admin,
      body: {
        eventName: 'Counted',
        actions: 'EMFConsumer',
        addCustomerIfNotExists: true,
        identifierType: { value: 'externalId', valueType: unique('ext') },
        fields: [{ name: 'count', type: 'int', valueType: 'Integer', value }],
      },
    });

  it('is at most 15 digits, as text or as a JSON number, and the error says so', async () => {
    const fifteen = await post('123456789012345');
    expect(fifteen.status).toBe(200);
    expect(fifteen.body.data.properties.count).toBe(123456789012345);
    for (const value of ['1234567890123456', 1234567890123456, '-1234567890123456']) {
      const refused = await post(value);
      expect(refused.status).toBe(400);
      expect(messages(refused.body)).toEqual([
        'fields.0.value: must be an integer in decimal notation of at most 15 digits, such as 42 (field count, type integer)',
      ]);
    }
  });
});

describe('X16: one consumer per email, whatever its invisible characters or Unicode case', () => {
  it('refuses an email with an invisible or control character, naming the field', async () => {
    const email = `${unique('kate')}@x.com`;
    expect((await call(server, 'POST', '/api/consumers', { headers: admin, body: { ...consumerInput, email } })).status).toBe(201);
    for (const hidden of [`${email}\u200b`, `\u200e${email}`, email.replace('@', '\u2060@'), `${email}\u0007`]) {
      const refused = await call(server, 'POST', '/api/consumers', { headers: admin, body: { ...consumerInput, email: hidden } });
      expect(refused.status).toBe(400);
      expect(fields(refused.body)).toEqual(['email']);
      expect(refused.body.error.message).toContain('invisible or control characters');
    }
    // Public ingest nesting such a consumer is refused the same way, nothing stored.
    const nested = await call(server, 'POST', '/api/webevents', { body: { name: 'Signed Up', consumer: { ...consumerInput, email: `${email}\u200b` } } });
    expect(nested.status).toBe(400);
    expect(await prisma.consumer.count({ where: { email: { startsWith: email } } })).toBe(1);
  });

  it('folds ASCII case only: the Kelvin sign is another character, KATE is kate', async () => {
    const local = unique('kate');
    const email = `${local}@x.com`;
    expect((await call(server, 'POST', '/api/consumers', { headers: admin, body: { ...consumerInput, email } })).status).toBe(201);
    const kelvin = await call(server, 'POST', '/api/consumers', { headers: admin, body: { ...consumerInput, email: `\u212A${local.slice(1)}@x.com` } });
    expect(kelvin.status).toBe(201);
    const upper = await call(server, 'POST', '/api/consumers', { headers: admin, body: { ...consumerInput, email: email.toUpperCase() } });
    expect(upper.status).toBe(409);
    expect(fields(upper.body)).toEqual(['email']);
  });

  it('normalises in JavaScript as the database does (consumer_email_key)', async () => {
    const { normalisedEmail } = await import('../src/model/identifiers.js');
    const samples = [' Kate@X.com ', '\u212Aate@x.com', 'ÄB@x.com', '\tA@B.COM\n', '\u00a0a@b.com', 'ǅ@x.com', 'İ@x.com', 'a@b.com\u000b'];
    for (const sample of samples) {
      const [row] = await prisma.$queryRawUnsafe<{ key: string }[]>('SELECT consumer_email_key($1) AS key', sample);
      expect(row.key, JSON.stringify(sample)).toBe(normalisedEmail(sample));
    }
  });
});

describe('X18: properties come back as sent, keys counted in characters, one rule for anonymous ids', () => {
  it('refuses a property number past 2^53 with a 400 naming its path, and keeps one within it exactly', async () => {
    const refused = await call(server, 'POST', '/api/webevents', { rawBody: '{"name": "Big", "properties": {"order": {"total": 12345678901234567890}}}' });
    expect(refused.status).toBe(400);
    expect(fields(refused.body)).toEqual(['properties.order.total']);
    const kept = await call(server, 'POST', '/api/webevents', {
      headers: admin,
      rawBody: '{"name": "Big", "properties": {"total": 9007199254740991, "ratio": 0.5}}',
    });
    expect(kept.status).toBe(200);
    expect(kept.body.data.properties).toEqual({ total: 9007199254740991, ratio: 0.5 });
  });

  it('counts a property key in characters: 128 emoji are a key, 129 are not', async () => {
    const taken = await call(server, 'POST', '/api/webevents', { headers: admin, body: { name: 'Keys', properties: { ['😀'.repeat(128)]: 1 } } });
    expect(taken.status).toBe(200);
    const refused = await call(server, 'POST', '/api/webevents', { body: { name: 'Keys', properties: { ['😀'.repeat(129)]: 1 } } });
    expect(refused.status).toBe(400);
    expect(fields(refused.body)).toEqual(['properties']);
  });

  it('refuses an empty anonymous id on ingest, as identify does', async () => {
    const ingest = await call(server, 'POST', '/api/webevents', { body: { name: 'Empty', anonymousId: '' } });
    expect(ingest.status).toBe(400);
    expect(fields(ingest.body)).toEqual(['anonymousId']);
    const account = await call(server, 'POST', '/api/accounts', { headers: admin, body: { anonymousIds: [''] } });
    expect(account.status).toBe(400);
    expect(fields(account.body)).toEqual(['anonymousIds.0']);
    const identify = await call(server, 'POST', '/api/identify', { headers: admin, body: { accountId: 'acc_x', anonymousId: '' } });
    expect(identify.status).toBe(400);
    expect(fields(identify.body)).toEqual(['anonymousId']);
  });
});
