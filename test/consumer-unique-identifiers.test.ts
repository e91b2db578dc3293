// One consumer per email and per external id (issue 11: "posting a consumer with an email that is
// already known creates a second consumer"): every write path refuses a second holder with a 409
// naming the field and the rule, never the value; a match by identifier still finds the holder;
// the unique index keeps the rule under concurrent writers; the migration copes with duplicates
// stored before the rule.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseKind, prisma } from '../src/db.js';
import { execute, ok } from './helpers/graphql.js';
import { consumerInput } from './helpers/fixtures.js';
import { rest } from './helpers/rest.js';

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;
const CreateConsumer = 'mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { id } }';

async function consumerWith(values: Record<string, unknown>): Promise<string> {
  const id = unique('con_');
  await ok(CreateConsumer, { input: { ...consumerInput, id, ...values } });
  return id;
}

const holders = (email: string) => prisma.consumer.count({ where: { email: { equals: email.trim(), mode: 'insensitive' } } });

describe('a consumer email or external id that another consumer holds', () => {
  it('is a 409 over GraphQL naming the field and the rule, not the value; nothing stored', async () => {
    const email = `${unique('held')}@example.com`;
    await consumerWith({ email });
    const response = await execute(CreateConsumer, { input: { ...consumerInput, email: email.toUpperCase() } });
    expect(response.status).toBe(409);
    const [error] = response.errors ?? [];
    expect(error.extensions?.code).toBe('CONFLICT');
    expect(error.extensions?.field).toBe('input.email');
    expect(error.message).toMatch(/another Consumer holds this email \(one consumer per email/);
    expect(JSON.stringify(response)).not.toContain(email.split('@')[0]);
    expect(await holders(email)).toBe(1);
  });

  it('is a 409 over REST (POST), and for an external id; a shared phone number is not', async () => {
    const email = `${unique('rest')}@example.com`;
    const externalId = unique('src_');
    await consumerWith({ email, externalId, phoneNumber: '+1-312-555-0177' });
    const byEmail = await rest('POST', '/api/consumers', { body: { ...consumerInput, email } });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body.error.message).toMatch(/^email: another Consumer holds this email/);
    expect(JSON.stringify(byEmail.body)).not.toContain(email);
    const byExternal = await rest('POST', '/api/consumers', { body: { ...consumerInput, externalId } });
    expect(byExternal.status).toBe(409);
    expect(byExternal.body.error.message).toMatch(/^externalId: another Consumer holds this external id/);
    const samePhone = await rest('POST', '/api/consumers', { body: { ...consumerInput, phoneNumber: '(312) 555-0177' } });
    expect(samePhone.status, JSON.stringify(samePhone.body)).toBe(201);
    expect(await prisma.consumer.count({ where: { externalId } })).toBe(1);
  });

  it('is a 409 in a nested create (an account, a public web event), and the whole write is refused', async () => {
    const email = `${unique('nested')}@example.com`;
    await consumerWith({ email });
    const accountId = unique('acc_');
    const account = await rest('POST', '/api/accounts', { body: { id: accountId, consumer: { ...consumerInput, email } } });
    expect(account.status).toBe(409);
    expect(account.body.error.message).toMatch(/^consumer\.email: another Consumer holds this email/);
    expect((await rest('GET', `/api/accounts/${accountId}`)).status).toBe(404);
    const eventId = unique('wev_');
    const event = await rest('POST', '/api/webevents', {
      key: false,
      body: { id: eventId, name: 'Signup', account: { id: unique('acc_'), consumer: { ...consumerInput, email: email.toUpperCase() } } },
    });
    expect(event.status).toBe(409);
    expect(await prisma.webEvent.count({ where: { id: eventId } })).toBe(0);
    expect(await holders(email)).toBe(1);
  });

  it('is a 409 for the second event of a batch giving a new consumer the email the first gave, the first stored', async () => {
    const email = `${unique('batch')}@example.com`;
    const event = () => ({ name: 'Signup', account: { id: unique('acc_'), consumer: { ...consumerInput, email } } });
    const response = await rest('POST', '/api/webevents/batch', { key: false, body: { batch: [event(), event()] } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [first, second] = response.body.data;
    expect(first.success).toBe(true);
    expect(second).toMatchObject({
      success: false,
      error: { code: 409, message: expect.stringMatching(/^batch\.1\.account\.consumer\.email: another Consumer holds this email/) },
    });
    expect(await holders(email)).toBe(1);
  });

  it('is a 409 for the second of two creates of one email in a single write', async () => {
    const email = `${unique('twice')}@example.com`;
    const response = await execute(
      `mutation($a: CreateConsumerInput!, $b: CreateConsumerInput!) { a: createConsumer(input: $a) { id } b: createConsumer(input: $b) { id } }`,
      { a: { ...consumerInput, email }, b: { ...consumerInput, email } },
    );
    expect(response.data).toMatchObject({ a: { id: expect.any(String) }, b: null });
    expect(response.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await holders(email)).toBe(1);
  });

  it('is a 409 for an update to an email another consumer holds; its own email in another case is fine', async () => {
    const [first, second] = [`${unique('one')}@example.com`, `${unique('two')}@example.com`];
    const firstId = await consumerWith({ email: first });
    const secondId = await consumerWith({ email: second });
    const patch = await rest('PATCH', `/api/consumers/${secondId}`, { body: { email: first.toUpperCase() } });
    expect(patch.status).toBe(409);
    expect(patch.body.error.message).toMatch(/^email: another Consumer holds this email/);
    const graphql = await execute('mutation($id: String!, $input: UpdateConsumerInput!) { updateConsumer(id: $id, input: $input) { id } }', {
      id: secondId,
      input: { email: first },
    });
    expect(graphql.errors?.[0].extensions?.field).toBe('input.email');
    expect((await rest('PATCH', `/api/consumers/${firstId}`, { body: { email: first.toUpperCase() } })).status).toBe(200);
    expect((await prisma.consumer.findUniqueOrThrow({ where: { id: secondId } })).email).toBe(second);
  });

  it('is refused per record in a bulk update that gives two consumers one email', async () => {
    const lastName = unique('Bulk');
    const ids = [await consumerWith({ lastName }), await consumerWith({ lastName })];
    const email = `${unique('bulk')}@example.com`;
    const response = await rest('PATCH', `/api/consumers?where[lastName][equals]=${lastName}`, { body: { email } });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.docs).toHaveLength(1);
    expect(response.body.errors).toEqual([{ id: expect.any(String), field: 'email', message: expect.stringMatching(/another Consumer holds this email/) }]);
    expect(ids).toContain(response.body.errors[0].id);
    expect(await holders(email)).toBe(1);
  });

  it('is what a match finds: match by the email links the holder', async () => {
    const email = `${unique('match')}@example.com`;
    const id = await consumerWith({ email });
    const account = await rest('POST', '/api/accounts', {
      body: { consumer: { match: { type: 'EMAIL', value: email.toUpperCase(), create: { ...consumerInput } } } },
    });
    expect(account.status).toBe(201);
    expect(account.body.doc.consumer.id).toBe(id);
    // A match that creates a consumer may not give it an external id another consumer holds.
    const externalId = unique('src_');
    await consumerWith({ externalId });
    const taken = await rest('POST', '/api/accounts', {
      body: { consumer: { match: { type: 'EMAIL', value: `${unique('new')}@example.com`, create: { ...consumerInput, externalId } } } },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/^consumer\.match\.create\.externalId: another Consumer holds this external id/);
  });

  it.runIf(databaseKind === 'postgresql')('stores one consumer of 30 concurrent creates of a new email, the others 409 (8 rounds)', async () => {
    for (let round = 0; round < 8; round += 1) {
      const email = `${unique('race')}@example.com`;
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, index) =>
          index % 2 === 0
            ? rest('POST', '/api/consumers', { body: { ...consumerInput, email } })
            : execute(CreateConsumer, { input: { ...consumerInput, email: email.toUpperCase() } }),
        ),
      );
      // One creates it (201 over REST, 200 over GraphQL); every other answer is a 409.
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status !== 409)).toHaveLength(1);
      expect(statuses.filter((status) => status !== 409 && status !== 200 && status !== 201)).toEqual([]);
      expect(await holders(email)).toBe(1);
    }
  });

  it.runIf(databaseKind === 'postgresql')('lets one of 20 concurrent updates to one new email through, the others 409 (5 rounds)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const ids = await Promise.all(Array.from({ length: 20 }, () => consumerWith({})));
      const email = `${unique('move')}@example.com`;
      const answers = await Promise.all(ids.map((id) => rest('PATCH', `/api/consumers/${id}`, { body: { email } })));
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array(19).fill(409)].sort());
      expect(await holders(email)).toBe(1);
    }
  });
});

describe('the migration that makes emails and external ids unique', () => {
  const migration = readFileSync(path.resolve(import.meta.dirname, '../prisma/migrations/20261130120000_consumer_identifiers_unique/migration.sql'), 'utf8');
  const statements = migration
    .split(/;\s*\n/)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter(Boolean);

  it('keeps every consumer and value of a database with duplicates; the first created keeps the key', async () => {
    class RolledBack extends Error {}
    const seen: Record<string, unknown>[] = [];
    await prisma
      .$transaction(async (tx) => {
        // The table as it was before the migration, holding duplicates the old code let in.
        await tx.$executeRawUnsafe('DROP INDEX "Consumer_emailKey_key"');
        await tx.$executeRawUnsafe('DROP INDEX "Consumer_externalIdKey_key"');
        await tx.$executeRawUnsafe('ALTER TABLE "Consumer" DROP COLUMN "externalIdKey"');
        await tx.$executeRawUnsafe('CREATE INDEX "Consumer_emailKey_idx" ON "Consumer"("emailKey")');
        await tx.$executeRawUnsafe('DELETE FROM "Consumer"');
        await tx.$executeRawUnsafe(`INSERT INTO "Consumer" ("id", "firstName", "lastName", "email", "emailKey", "externalId", "phoneNumber", "phoneKey", "phoneNumbers", "birthDate", "createdAt", "updatedAt") VALUES
          ('con_dup_a', 'A', 'A', 'Dup@example.com', 'dup@example.com', 'src_1', '555-0100', '5550100', '{}', '1980-01-01', '2026-01-01', now()),
          ('con_dup_b', 'B', 'B', 'dup@example.com', 'dup@example.com', 'src_1', '555-0100', '5550100', '{}', '1980-01-01', '2026-01-02', now()),
          ('con_dup_c', 'C', 'C', 'DUP@example.com ', 'dup@example.com', NULL, '555-0100', '5550100', '{}', '1980-01-01', '2026-01-03', now()),
          ('con_alone', 'D', 'D', 'alone@example.com', 'alone@example.com', 'src_2', '555-0100', '5550100', '{}', '1980-01-01', '2026-01-01', now())`);
        for (const statement of statements) await tx.$executeRawUnsafe(statement);
        seen.push(
          ...(await tx.$queryRawUnsafe<Record<string, unknown>[]>(
            'SELECT "id", "email", "emailKey", "externalId", "externalIdKey" FROM "Consumer" ORDER BY "id"',
          )),
        );
        throw new RolledBack();
      })
      .catch((error) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    expect(seen).toEqual([
      { id: 'con_alone', email: 'alone@example.com', emailKey: 'alone@example.com', externalId: 'src_2', externalIdKey: 'src_2' },
      { id: 'con_dup_a', email: 'Dup@example.com', emailKey: 'dup@example.com', externalId: 'src_1', externalIdKey: 'src_1' },
      { id: 'con_dup_b', email: 'dup@example.com', emailKey: null, externalId: 'src_1', externalIdKey: null },
      { id: 'con_dup_c', email: 'DUP@example.com ', emailKey: null, externalId: null, externalIdKey: null },
    ]);
  });
});
