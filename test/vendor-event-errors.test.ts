// The vendor routes' errors name what the caller sent (outside attacks E11, E12): an unknown key by
// its name, a lone UTF-16 surrogate by the path of the property (or field) that holds it; a number
// sent as text is read in decimal notation only; and a write-only key gets back in `customer` only
// what it sent, never a stored value.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { testApiKey } from './helpers/api-key.js';
import { ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const seed003Body = JSON.parse(readFileSync(path.resolve(import.meta.dirname, 'fixtures/seed-003-event.json'), 'utf8'));
const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;
const eventsNamed = (name: string) => prisma.webEvent.count({ where: { name } });
const fieldsOf = (body: { error: { problems: { field: string }[] } }) => body.error.problems.map((problem) => problem.field);

describe('an unknown key', () => {
  it.each([
    ['/client/v1/events', { event: 'x', customer: { source_id: 'x' }, campaign: 'c' }, 'campaign'],
    ['/client/v1/events', { event: 'x', customer: { source_id: 'x', phone: '1' } }, 'customer.phone'],
    ['/client/v1/events', { event: 'x', customer: { source_id: 'x' }, referral: { code: 'c', amount: 1 } }, 'referral.amount'],
    ['/client/v1/events', { event: 'x', customer: { source_id: 'x' }, loyalty: { code: 'c', points: 1 } }, 'loyalty.points'],
    ['/v2/events', { ...seed003Body, channel: 'web' }, 'channel'],
    ['/v2/events', { ...seed003Body, identifierType: { value: 'email', valueType: 'a@example.com', source: 'x' } }, 'identifierType.source'],
    ['/v2/events', { ...seed003Body, fields: [{ name: 'vin', value: 'x', isPsiData: true }] }, 'fields.0.isPsiData'],
    ['/api/identify', { accountId: 'acc_x', anonymousId: 'anon_x', merge: true }, 'merge'],
  ])('%s names it by its path: %j', async (route, body, field) => {
    const response = await rest('POST', route, { body });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual([field]);
    expect(response.body.errors).toEqual([{ field, message: expect.stringMatching(new RegExp(`^${field.replaceAll('.', '\\.')}: is not`)) }]);
    expect(response.body.error.message).not.toMatch(/field \d+ not known/);
  });

  it('that is no plain name is named by its position, not repeated', async () => {
    const response = await rest('POST', '/client/v1/events', { rawBody: '{"event":"x","customer":{"source_id":"x"},"<script>\\ud800":1}' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['key 3']);
    expect(JSON.stringify(response.body)).not.toContain('script');
  });
});

describe('actions on /v2/events', () => {
  it.each([
    ['an action seed 003 does not have', 'Bogus', /^actions: must be: EMFConsumer or EIConsumer/],
    ['a list holding one', ['EMFConsumer', 'Bogus'], /^actions: must be: EMFConsumer or EIConsumer/],
    ['none', undefined, /^actions: is required: EMFConsumer or EIConsumer/],
  ])('%s is a 400 that says which actions there are', async (_case, actions, message) => {
    const response = await rest('POST', '/v2/events', { body: { ...seed003Body, actions } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual({ field: 'actions', message: expect.stringMatching(message) });
  });
});

describe('a lone UTF-16 surrogate', () => {
  const identified = { identifierType: { value: 'email', valueType: `${unique('s')}@example.com` }, addCustomerIfNotExists: true };
  it.each([
    ['/client/v1/events', '{"event":"%s","customer":{"source_id":"src_surrogate"},"metadata":{"note":"a\\ud800"}}', 'metadata.note'],
    ['/client/v1/events', '{"event":"%s","customer":{"source_id":"src_surrogate"},"metadata":{"a":{"b":["ok","\\udc00"]}}}', 'metadata.a.b.1'],
    ['/client/v1/events', '{"event":"%s","customer":{"source_id":"src_surrogate"},"metadata":{"k\\ud800":1}}', 'metadata'],
    ['/client/v1/events', '{"event":"%s\\ud800","customer":{"source_id":"src_surrogate"}}', 'event'],
    [
      '/v2/events',
      `{"eventName":"%s","actions":["EMFConsumer"],"identifierType":${JSON.stringify(identified.identifierType)},"addCustomerIfNotExists":true,"fields":[{"name":"vin","value":"\\ud800"}]}`,
      'fields.vin',
    ],
    ['/api/webevents', '{"name":"%s","properties":{"vin":"\\udbff"}}', 'properties.vin'],
  ])('in %s is a 400 naming its path (%s)', async (route, template, field) => {
    const name = unique('surrogate_');
    const response = await rest('POST', route, { rawBody: template.replace('%s', name) });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(fieldsOf(response.body)).toEqual([field]);
    expect(response.body.errors[0].field).toBe(field);
    expect(response.body.error.message).toMatch(/well-formed/);
    expect(await eventsNamed(name)).toBe(0);
  });
});

describe('a number a vendor field sends as text', () => {
  const field = (type: string, value: unknown) => ({ ...seed003Body, eventName: unique('numbers_'), fields: [{ name: 'deposit', type, value }] });

  it.each([
    ['double', '0x1F'],
    ['Double', '0b11'],
    ['number', '0o7'],
    ['float', 'Infinity'],
    ['double', '-Infinity'],
    ['double', ''],
    ['double', ' '],
    ['double', ' 12 '],
    ['double', '1e400'],
    ['double', '1_000'],
    ['int', '1.5'],
    ['integer', '0x10'],
    ['long', '9007199254740993'],
    ['double', true],
    ['int', 1.5],
  ])('of type %s given %j is a 400 naming the field and the rule, nothing stored', async (type, value) => {
    const body = field(type, value);
    const response = await rest('POST', '/v2/events', { body });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'fields.0.value', message: expect.stringMatching(/^fields\.0\.value: must be an? (number|integer) in decimal notation.*field deposit/) },
    ]);
    expect(await eventsNamed(body.eventName)).toBe(0);
  });

  it.each([
    ['double', '500', 500],
    ['double', '-0.5', -0.5],
    ['number', '1e3', 1000],
    ['double', 12.25, 12.25],
    ['long', '-42', -42],
  ])('of type %s given %j is the number %d', async (type, value, number) => {
    const response = await rest('POST', '/v2/events', { body: field(type, value) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.data.properties.deposit).toBe(number);
  });
});

describe('POST /client/v1/events answered to a write-only key', () => {
  const writeOnly = async () => ({ authorization: await testApiKey(['write']) });

  it('echoes a new customer as sent', async () => {
    const sourceId = unique('src_');
    const response = await rest('POST', '/client/v1/events', {
      body: { event: unique('signup_'), customer: { source_id: sourceId, name: 'Ann Sent', email: 'ann.sent@example.com' } },
      headers: await writeOnly(),
    });
    expect(response.status).toBe(200);
    expect(response.body.customer).toEqual({
      id: expect.any(String),
      name: 'Ann Sent',
      email: 'ann.sent@example.com',
      source_id: sourceId,
      object: 'customer',
    });
  });

  it('echoes what it sent for a matched customer whose stored name and email differ, never the stored ones', async () => {
    const sourceId = unique('src_');
    const id = unique('con_');
    await ok(`mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { id } }`, {
      input: {
        id,
        firstName: 'Stored',
        lastName: 'Name',
        email: `${unique('stored')}@example.com`,
        phoneNumber: '555-0199',
        birthDate: '1990-05-15',
        externalId: sourceId,
      },
    });
    const sent = await rest('POST', '/client/v1/events', {
      body: { event: unique('login_'), customer: { source_id: sourceId, name: 'Sent Name' } },
      headers: await writeOnly(),
    });
    expect(sent.status).toBe(200);
    expect(sent.body.customer).toEqual({ id, name: 'Sent Name', email: null, source_id: sourceId, object: 'customer' });
    expect(JSON.stringify(sent.body)).not.toMatch(/Stored|stored/);
    // A key that may read gets the stored customer.
    const read = await rest('POST', '/client/v1/events', { body: { event: unique('login_'), customer: { source_id: sourceId, name: 'Sent Name' } } });
    expect(read.body.customer).toMatchObject({ id, name: 'Stored Name', email: expect.stringMatching(/^stored/) });
  });
});
