// Seed 003's addCustomerIfNotExists and seed 004's customer source_id (issue 11, part 2): an event
// that names an unknown customer adds one consumer holding the identifier and is linked to it,
// also when clients race; with addCustomerIfNotExists false nothing is added or stored. The same
// add is a GraphQL mutation, addConsumerByIdentifier.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseKind, prisma } from '../src/db.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const seed003Body = JSON.parse(readFileSync(path.resolve(import.meta.dirname, 'fixtures/seed-003-event.json'), 'utf8'));
const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;
const Add = `mutation($type: ConsumerIdentifierType!, $value: String!) { addConsumerByIdentifier(type: $type, value: $value) { id email phoneNumber externalId firstName } }`;

const eventsNamed = (name: string) => prisma.webEvent.findMany({ where: { name }, select: { consumerId: true, customerIdentifier: true } });

describe('POST /v2/events with addCustomerIfNotExists (seed 003)', () => {
  it('adds the unknown customer by email, links the event, and links the next event to the same consumer', async () => {
    const eventName = unique('signup_');
    const email = `${unique('new')}@Example.com`;
    const body = { ...seed003Body, eventName, identifierType: { value: 'email', valueType: email }, addCustomerIfNotExists: true };
    const first = await rest('POST', '/v2/events', { body });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const consumers = await prisma.consumer.findMany({ where: { emailKey: email.toLowerCase() } });
    expect(consumers).toHaveLength(1);
    expect(consumers[0]).toMatchObject({ email, firstName: null, lastName: null, phoneNumber: null, birthDate: null });
    const second = await rest('POST', '/v2/events', { body: { ...body, identifierType: { value: 'email', valueType: email.toUpperCase() } } });
    expect(second.status).toBe(200);
    expect(await eventsNamed(eventName)).toEqual([
      { consumerId: consumers[0].id, customerIdentifier: `email:${email.toLowerCase()}` },
      { consumerId: consumers[0].id, customerIdentifier: `email:${email.toLowerCase()}` },
    ]);
  });

  it('adds by phone number and by external id', async () => {
    const eventName = unique('signup_');
    const digits = `312555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const byPhone = await rest('POST', '/v2/events', {
      body: {
        ...seed003Body,
        eventName,
        identifierType: { value: 'mobile', valueType: `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` },
        addCustomerIfNotExists: true,
      },
    });
    expect(byPhone.status, JSON.stringify(byPhone.body)).toBe(200);
    expect(await prisma.consumer.count({ where: { phoneKey: digits } })).toBe(1);
    const externalId = unique('src_');
    const byExternal = await rest('POST', '/v2/events', {
      body: { ...seed003Body, eventName, identifierType: { value: 'externalId', valueType: externalId }, addCustomerIfNotExists: true },
    });
    expect(byExternal.status).toBe(200);
    const [phoneEvent, externalEvent] = await eventsNamed(eventName);
    expect(phoneEvent.consumerId).toMatch(/^con_/);
    expect((await prisma.consumer.findUniqueOrThrow({ where: { id: externalEvent.consumerId! } })).externalId).toBe(externalId);
  });

  it('refuses with false: a 400 naming the identifier, no consumer and no event stored', async () => {
    const eventName = unique('signup_');
    const email = `${unique('nobody')}@example.com`;
    const response = await rest('POST', '/v2/events', {
      body: { ...seed003Body, eventName, identifierType: { value: 'email', valueType: email }, addCustomerIfNotExists: false },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([{ field: 'identifierType.valueType', message: expect.stringContaining('addCustomerIfNotExists is false') }]);
    expect(JSON.stringify(response.body)).not.toContain(email);
    expect(await prisma.consumer.count({ where: { emailKey: email } })).toBe(0);
    expect(await eventsNamed(eventName)).toEqual([]);
  });

  it('refuses an email that is no email with a 400 naming the identifier, nothing stored', async () => {
    const eventName = unique('signup_');
    const response = await rest('POST', '/v2/events', {
      body: { ...seed003Body, eventName, identifierType: { value: 'email', valueType: 'not an email' }, addCustomerIfNotExists: true },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.error.problems[0].field).toBe('identifierType.valueType');
    expect(await eventsNamed(eventName)).toEqual([]);
  });

  it.runIf(databaseKind === 'postgresql')('makes one consumer of 30 concurrent events naming one new email, all linked to it (5 rounds)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const eventName = unique('race_');
      const email = `${unique('race')}@example.com`;
      const body = { ...seed003Body, eventName, identifierType: { value: 'email', valueType: email }, addCustomerIfNotExists: true };
      const answers = await Promise.all(Array.from({ length: 30 }, () => rest('POST', '/v2/events', { body })));
      expect(answers.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);
      const consumers = await prisma.consumer.findMany({ where: { emailKey: email }, select: { id: true } });
      expect(consumers).toHaveLength(1);
      const events = await eventsNamed(eventName);
      expect(events).toHaveLength(30);
      expect(new Set(events.map((event) => event.consumerId))).toEqual(new Set([consumers[0].id]));
    }
  });
});

describe('addConsumerByIdentifier', () => {
  it('adds a consumer holding the identifier alone, and answers the holder the next time', async () => {
    const value = `${unique('add')}@example.com`;
    const { addConsumerByIdentifier: added } = await ok<{ addConsumerByIdentifier: { id: string; email: string; firstName: string | null } }, unknown>(Add, {
      type: 'EMAIL',
      value,
    });
    expect(added).toMatchObject({ email: value, firstName: null });
    const again = await ok<{ addConsumerByIdentifier: { id: string } }, unknown>(Add, { type: 'EMAIL', value: value.toUpperCase() });
    expect(again.addConsumerByIdentifier.id).toBe(added.id);
  });

  it('refuses a value that is not an identifier with a 400 naming it, and needs the write scope', async () => {
    const empty = await execute(Add, { type: 'PHONE', value: 'call me' });
    expect(empty.errors?.[0].extensions?.problems).toEqual([{ field: 'value', message: expect.stringContaining('is empty once normalised') }]);
    // White space alone is no external id either: no consumer is added holding it.
    const blank = await execute(Add, { type: 'EXTERNAL_ID', value: '   ' });
    expect(blank.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await prisma.consumer.count({ where: { externalId: '   ' } })).toBe(0);
    const anonymous = await execute(Add, { type: 'EMAIL', value: 'a@example.com' }, { authorization: '' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
