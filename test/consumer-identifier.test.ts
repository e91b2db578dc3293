// Consumers found by identifier (issue 11, part 2): an email whatever its case, a phone number by
// its digits, an external id as given, on every route that writes a consumer.
import { describe, expect, it } from 'vitest';
import { databaseKind, prisma } from '../src/db.js';
import { execute, ok } from './helpers/graphql.js';
import { consumerInput } from './helpers/fixtures.js';
import { rest } from './helpers/rest.js';

const Lookup = `query($type: ConsumerIdentifierType!, $value: String!) { consumerByIdentifier(type: $type, value: $value) { id email phoneNumber externalId } }`;

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;

async function lookUp(type: string, value: string): Promise<string | null> {
  const { consumerByIdentifier } = await ok<{ consumerByIdentifier: { id: string } | null }, unknown>(Lookup, { type, value });
  return consumerByIdentifier?.id ?? null;
}

describe('consumerByIdentifier', () => {
  it('finds a consumer by email in any case, by phone digits and by external id', async () => {
    const id = unique('con_');
    const name = unique('jane');
    await ok('mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { id } }', {
      input: { ...consumerInput, id, email: `${name}.Doe@Example.com`, phoneNumber: '+1 (312) 555-0199', externalId: `src_${name}` },
    });
    expect(await lookUp('EMAIL', `  ${name.toUpperCase()}.doe@example.COM `)).toBe(id);
    expect(await lookUp('EXTERNAL_ID', `src_${name}`)).toBe(id);
    expect(await lookUp('EXTERNAL_ID', `SRC_${name}`)).toBeNull();
    expect(await lookUp('EMAIL', `${name}@example.com`)).toBeNull();
  });

  it('reads phone numbers by their digits, without the US country code', async () => {
    const id = unique('con_');
    const phone = `${Math.floor(200 + Math.random() * 700)}-555-${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    await ok('mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { id } }', {
      input: { ...consumerInput, id, phoneNumber: `+1-${phone}` },
    });
    const digits = phone.replace(/\D/g, '');
    for (const written of [phone, `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`, `1${digits}`, digits]) {
      expect(await lookUp('PHONE', written)).toBe(id);
    }
  });

  it('follows a change of email, and finds a consumer posted with a public event', async () => {
    const id = unique('con_');
    const [before, after] = [`${unique('b')}@example.com`, `${unique('a')}@example.com`];
    const posted = await rest('POST', '/api/webevents', {
      key: false,
      body: { name: 'Signup', account: { id: unique('acc_'), consumer: { ...consumerInput, id, email: before } } },
    });
    expect(posted.status).toBe(200);
    expect(await lookUp('EMAIL', before)).toBe(id);
    expect((await rest('PATCH', `/api/consumers/${id}`, { body: { email: after.toUpperCase() } })).status).toBe(200);
    expect(await lookUp('EMAIL', after)).toBe(id);
    expect(await lookUp('EMAIL', before)).toBeNull();
  });

  const bad: [string, object, RegExp][] = [
    ['an empty value', { type: 'EMAIL', value: '' }, /value: must be an identifier of 1 to 255 characters/],
    ['a phone number without digits', { type: 'PHONE', value: 'call me' }, /value: is empty once normalised/],
    ['an identifier type there is not', { type: 'WECHAT', value: 'x' }, /ConsumerIdentifierType/],
  ];
  for (const [label, variables, message] of bad) {
    it(`refuses ${label} with a 400 naming it`, async () => {
      const response = await execute(Lookup, variables);
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(message);
    });
  }

  it('needs the read scope', async () => {
    const response = await execute(Lookup, { type: 'EMAIL', value: 'x@example.com' }, { authorization: '' });
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('nested writes naming a consumer by identifier (match)', () => {
  async function consumerWith(values: Record<string, unknown>): Promise<string> {
    const id = unique('con_');
    await ok('mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { id } }', { input: { ...consumerInput, id, ...values } });
    return id;
  }

  it('links the consumer an email, phone or external id names, in GraphQL and REST', async () => {
    const name = unique('match');
    const id = await consumerWith({ email: `${name}@Example.com`, phoneNumber: '+1 (415) 555-0101', externalId: `src_${name}` });
    const { createAccount } = await ok<{ createAccount: { consumer: { id: string } } }, unknown>(
      'mutation($input: CreateAccountInput!) { createAccount(input: $input) { consumer { id } } }',
      { input: { consumer: { match: { type: 'EMAIL', value: ` ${name.toUpperCase()}@example.COM` } } } },
    );
    expect(createAccount.consumer.id).toBe(id);
    const lead = await rest('POST', '/api/leads', {
      body: { email: 'lead@example.com', phone: '555-0100', customers: { match: { type: 'PHONE', value: '415-555-0101' } } },
    });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    expect(lead.body.doc.consumer.id).toBe(id);
    const external = await rest('POST', '/api/accounts', { body: { consumer: { match: { type: 'EXTERNAL_ID', value: `src_${name}` } } } });
    expect(external.status, JSON.stringify(external.body)).toBe(201);
    expect(external.body.doc.consumer.id).toBe(id);
  });

  it('refuses a match no consumer answers, or a malformed one, with a 400 naming it, nothing stored', async () => {
    const accountId = unique('acc_');
    const missing = await rest('POST', '/api/accounts', {
      body: { id: accountId, consumer: { match: { type: 'EMAIL', value: `${unique('nobody')}@example.com` } } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.problems).toEqual([{ field: 'consumer.match', message: 'no Consumer has this email (give create to add one)' }]);
    const graphql = await execute('mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }', {
      input: { id: accountId, consumer: { match: { type: 'PHONE', value: '---' } } },
    });
    expect(graphql.errors?.[0].extensions?.problems).toEqual([
      { field: 'input.consumer.match', message: expect.stringContaining('must be {type: EMAIL | PHONE | EXTERNAL_ID') },
    ]);
    const both = await execute('mutation($input: CreateAccountInput!) { createAccount(input: $input) { id } }', {
      input: { id: accountId, consumer: { connect: 'con_x', match: { type: 'EMAIL', value: 'a@b.c' } } },
    });
    expect(both.errors?.length).toBe(1);
    expect((await rest('GET', `/api/accounts/${accountId}`)).status).toBe(404);
  });
});

describe('a consumer added when no consumer has the identifier (match with create)', () => {
  const newConsumer = (email: string) => ({ match: { type: 'EMAIL', value: email, create: { ...consumerInput, email: undefined, id: undefined } } });

  it('adds the consumer with the identifier matched, then finds it', async () => {
    const email = `${unique('added')}@example.com`;
    const first = await rest('POST', '/api/accounts', { body: { consumer: newConsumer(email) } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = first.body.doc.consumer.id;
    expect(await lookUp('EMAIL', email.toUpperCase())).toBe(id);
    const second = await rest('POST', '/api/accounts', { body: { consumer: newConsumer(email.toUpperCase()) } });
    expect(second.body.doc.consumer.id).toBe(id);
    const conflicting = await rest('POST', '/api/accounts', {
      body: {
        consumer: { match: { type: 'EMAIL', value: `${unique('x')}@example.com`, create: { ...consumerInput, id: undefined, email: 'other@example.com' } } },
      },
    });
    expect(conflicting.status).toBe(400);
    expect(conflicting.body.error.problems[0].field).toBe('consumer.match.create.email');
  });

  it.runIf(databaseKind === 'postgresql')('makes one consumer of 50 concurrent posts of a new email (5 rounds)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const email = `${unique('race')}@example.com`;
      const answers = await Promise.all(Array.from({ length: 50 }, () => rest('POST', '/api/accounts', { body: { consumer: newConsumer(email) } })));
      expect(answers.map((answer) => answer.status).filter((status) => status !== 201)).toEqual([]);
      const consumers = await prisma.consumer.findMany({ where: { emailKey: email }, select: { id: true } });
      expect(consumers).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.body.doc.consumer.id))).toEqual(new Set([consumers[0].id]));
    }
  });
});
