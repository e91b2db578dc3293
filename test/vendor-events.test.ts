// The two vendor event formats (issue 11, part 4): `POST /v2/events` takes seed 003's body and
// `POST /client/v1/events` seed 004's, answering seed 004's documented shape; both run through the
// same pipeline as the other routes (key and scopes, validation, definitions, the write core), with
// errors in the ErrorModel naming the vendor's fields.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { testApiKey } from './helpers/api-key.js';
import { ok } from './helpers/graphql.js';
import { jsonAfter, rest, seedText } from './helpers/rest.js';

const seed003Body = JSON.parse(readFileSync(path.resolve(import.meta.dirname, 'fixtures/seed-003-event.json'), 'utf8'));
const seed004 = seedText('004');
const seed004Body = jsonAfter(seed004, "--data '") as Record<string, unknown>;
const seed004Response = jsonAfter(seed004, "}'\n{") as Record<string, unknown>;

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;

async function consumer(values: Record<string, unknown>): Promise<string> {
  const id = unique('con_');
  await ok(`mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { id } }`, {
    input: { id, firstName: 'John', lastName: 'Doe', phoneNumber: '555-0199', birthDate: '1990-05-15', ...values },
  });
  return id;
}

const eventsNamed = (name: string) =>
  prisma.webEvent.findMany({ where: { name }, select: { id: true, properties: true, customerIdentifier: true, consumerId: true } });

describe('POST /client/v1/events (seed 004)', () => {
  it("takes seed 004's example body as printed and answers its documented shape", async () => {
    const response = await rest('POST', '/client/v1/events', { body: seed004Body });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual([...Object.keys(seed004Response), 'metadata'].sort());
    expect(response.body).toMatchObject({ object: 'event', type: 'user_subscribed', referral: null, loyalty: null, metadata: seed004Body.metadata });
    expect(response.body.customer).toMatchObject({ object: 'customer', source_id: 'source_customer_event' });
    const [stored] = await eventsNamed('user_subscribed');
    // Seed 004 adds a customer it does not know: one holding the source_id, linked to the event.
    expect(stored).toMatchObject({ properties: seed004Body.metadata, customerIdentifier: 'externalId:source_customer_event' });
    expect(response.body.customer.id).toBe(stored.consumerId);
    expect(await prisma.consumer.findUnique({ where: { id: stored.consumerId! }, select: { externalId: true } })).toEqual({
      externalId: 'source_customer_event',
    });
  });

  it('links a known customer by source_id and answers it, with the read scope', async () => {
    const sourceId = unique('src_');
    const id = await consumer({ externalId: sourceId, email: 'jane@voucherify.io' });
    const event = unique('cart_abandoned_');
    const response = await rest('POST', '/client/v1/events', { body: { event, customer: { source_id: sourceId }, metadata: { cart: 3 } } });
    expect(response.status).toBe(200);
    expect(response.body.customer).toEqual({ id, name: 'John Doe', email: 'jane@voucherify.io', source_id: sourceId, object: 'customer' });
    expect((await eventsNamed(event))[0].consumerId).toBe(id);
    const writeOnly = { authorization: await testApiKey(['write']) };
    const blind = await rest('POST', '/client/v1/events', { body: { event, customer: { source_id: sourceId } }, headers: writeOnly });
    expect(blind.body.customer).toEqual({ id, name: null, email: null, source_id: sourceId, object: 'customer' });
  });

  it("loses the customer's identifier and id when the consumer is erased", async () => {
    const sourceId = unique('src_');
    const id = await consumer({ externalId: sourceId });
    const event = unique('erased_');
    expect((await rest('POST', '/client/v1/events', { body: { event, customer: { source_id: sourceId }, metadata: { a: 1 } } })).status).toBe(200);
    await ok(`mutation($id: String!) { eraseConsumer(id: $id) { webEvents } }`, { id });
    expect(await eventsNamed(event)).toEqual([{ id: expect.any(String), properties: null, customerIdentifier: null, consumerId: null }]);
  });

  it('refuses bad bodies with a 400 naming the field, nothing stored', async () => {
    const event = unique('bad_');
    const cases: [unknown, string][] = [
      [{ customer: { source_id: 'x' } }, 'event'],
      [{ event: 'x'.repeat(301), customer: { source_id: 'x' } }, 'event'],
      [{ event }, 'customer'],
      [{ event, customer: { name: 'Bob' } }, 'customer.source_id'],
      [{ event, customer: { source_id: 'x' }, metadata: [1] }, 'metadata'],
      [{ event, customer: { source_id: 'x' }, referral: 'code' }, 'referral'],
      [{ event, customer: { source_id: 'x' }, campaign: 'x' }, 'campaign'],
      [{ event, customer: { source_id: 'x' }, metadata: { note: 'enc:v1:forged' } }, 'metadata.note'],
    ];
    for (const [body, field] of cases) {
      const response = await rest('POST', '/client/v1/events', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.success).toBe(false);
      expect(response.body.error.problems.map((problem: { field: string }) => problem.field)).toContain(field);
    }
    expect(await eventsNamed(event)).toEqual([]);
  });

  it('needs a key that may write: 401 without one, 403 with a read key, 405 for GET', async () => {
    expect((await rest('POST', '/client/v1/events', { body: seed004Body, key: false })).status).toBe(401);
    const reader = { authorization: await testApiKey(['read']) };
    const refused = await rest('POST', '/client/v1/events', { body: seed004Body, headers: reader });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe(403);
    expect((await rest('GET', '/client/v1/events')).status).toBe(405);
  });
});

describe('POST /v2/events (seed 003)', () => {
  it("takes the body of seed 003's table: fields as typed properties, the customer by identifier", async () => {
    const id = await consumer({ email: 'john.doe@example.com' });
    const response = await rest('POST', '/v2/events', { body: seed003Body });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.success).toBe(true);
    expect(response.body.data).toMatchObject({
      name: 'vehicleReserved',
      properties: { vin: '1C4HJXEN5MW592818', deposit: 500, financed: true },
      customerIdentifier: 'email:john.doe@example.com',
      consumerId: id,
    });
  });

  it('keeps a field named __proto__ or constructor as a plain property, and refuses one given twice', async () => {
    await consumer({ email: 'proto.fields@example.com' });
    const field = (name: string, value: string) => ({ name, type: 'string', valueType: 'String', value });
    const body = { ...seed003Body, eventName: unique('proto_'), identifierType: { value: 'email', valueType: 'proto.fields@example.com' } };
    const kept = await rest('POST', '/v2/events', { body: { ...body, fields: [field('__proto__', 'X'), field('constructor', 'Z')] } });
    expect(kept.status, JSON.stringify(kept.body)).toBe(200);
    const stored = await prisma.webEvent.findUniqueOrThrow({ where: { id: kept.body.data.id }, select: { properties: true } });
    expect(JSON.parse(JSON.stringify(stored.properties))).toEqual(JSON.parse('{"__proto__":"X","constructor":"Z"}'));
    const twice = await rest('POST', '/v2/events', { body: { ...body, fields: [field('__proto__', 'X'), field('__proto__', 'Y')] } });
    expect(twice.status).toBe(400);
    expect(twice.body.error.problems).toEqual([{ field: 'fields.1.name', message: 'names a field given before, at fields.0' }]);
  });

  it('refuses an unknown customer unless addCustomerIfNotExists (body or definition) says to add it', async () => {
    const eventName = unique('signup_');
    const body = { ...seed003Body, eventName, identifierType: { value: 'mobile', valueType: '+1 (312) 555-0142' }, addCustomerIfNotExists: false };
    const refused = await rest('POST', '/v2/events', { body });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems[0].field).toBe('identifierType.valueType');
    expect(await eventsNamed(eventName)).toEqual([]);
    const added = await rest('POST', '/v2/events', { body: { ...body, addCustomerIfNotExists: true } });
    expect(added.status).toBe(200);
    expect(added.body.data.customerIdentifier).toBe('phone:3125550142');
    // The definition's word is the last: it refuses unknown customers for this event.
    await ok(`mutation($input: CreateEventDefinitionInput!) { createEventDefinition(input: $input) { name } }`, {
      input: { name: eventName, properties: {}, addCustomerIfNotExists: false },
    });
    // (The customer added above is known now: another number is unknown.)
    const unknown = { ...body, identifierType: { value: 'mobile', valueType: '+1 (312) 555-0143' }, addCustomerIfNotExists: true };
    expect((await rest('POST', '/v2/events', { body: unknown })).status).toBe(400);
  });

  it("holds the fields to the event's definition, naming the field", async () => {
    const eventName = unique('reserved_');
    await ok(`mutation($input: CreateEventDefinitionInput!) { createEventDefinition(input: $input) { name } }`, {
      input: { name: eventName, properties: { deposit: { type: 'number', required: true }, vin: { type: 'string', uniqueKey: true } } },
    });
    const body = { ...seed003Body, eventName };
    const missing = await rest('POST', '/v2/events', { body: { ...body, fields: [{ name: 'vin', type: 'string', value: 'V1' }] } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.problems).toEqual([{ field: 'fields.deposit', message: expect.stringContaining('is required by the definition') }]);
    const first = await rest('POST', '/v2/events', { body });
    const again = await rest('POST', '/v2/events', { body });
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(await eventsNamed(eventName)).toHaveLength(1);
  });

  it('refuses bad bodies with a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ ...seed003Body, eventName: '' }, 'eventName'],
      [{ ...seed003Body, actions: ['Elsewhere'] }, 'actions'],
      [{ ...seed003Body, identifierType: { value: 'wechat', valueType: 'x' } }, 'identifierType'],
      [{ ...seed003Body, identifierType: 'email' }, 'identifierType'],
      [{ ...seed003Body, fields: [{ name: 'deposit', type: 'double', value: 'lots' }] }, 'fields.0.value'],
      [{ ...seed003Body, fields: [{ name: 'ok', valueType: 'Boolean', value: 'maybe' }] }, 'fields.0.value'],
      [{ ...seed003Body, fields: [{ name: 'vin', value: 'x', isUniqueKeyField: true }] }, 'fields.0.isUniqueKeyField'],
      [{ ...seed003Body, fields: { vin: 'x' } }, 'fields'],
    ];
    for (const [body, field] of cases) {
      const response = await rest('POST', '/v2/events', { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.problems.map((problem: { field: string }) => problem.field)).toContain(field);
    }
  });
});
