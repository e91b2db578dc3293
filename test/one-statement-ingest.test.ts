// A write that only creates records, in one table or several, is one statement with no
// transaction and no existence check before it (src/writes/execute.ts executeAsOneStatement): its
// INSERTs, their audit entries and the outbox as CTEs of one statement. A record its plan took for
// new that exists after all (created meanwhile, or stored long ago) is found by the statement
// itself, which then fails as a whole, and the write is planned again from what exists: the
// answers and what is stored are those of a write planned from the start with what exists.
import { beforeAll, describe, expect, it } from 'vitest';
import { databaseKind, prisma } from '../src/db.js';
import { countStatements } from './helpers/graphql.js';
import { consumerInput } from './helpers/fixtures.js';
import { rest } from './helpers/rest.js';

const anonymous = { key: false } as const;
let serial = 0;
const unique = (prefix: string) => {
  serial += 1;
  return `${prefix}${Date.now().toString(36)}${serial}`;
};

const newEvent = (token: string, consumer: object = {}) => ({
  id: `wev_${token}`,
  name: 'Signup',
  account: { id: `acc_${token}`, anonymousIds: [`anon_${token}`], consumer: { ...consumerInput, id: `con_${token}`, ssn: '123-45-6789', ...consumer } },
});

const auditOf = (keys: string[]) =>
  // In the order of their entities' names: the CTEs of one statement run in no set order.
  prisma.auditEntry.findMany({
    where: { recordKey: { in: keys } },
    select: { entity: true, recordKey: true, operation: true },
    orderBy: [{ entity: 'asc' }, { id: 'asc' }],
  });

const deliveriesOf = async (eventIds: string[]) =>
  (await prisma.webhookDelivery.findMany({ select: { payload: true } }))
    .map((delivery) => (delivery.payload as { data: { id: string } }).data.id)
    .filter((id) => eventIds.includes(id));

beforeAll(async () => {
  // An endpoint that wants every web event: the outbox is written by the same statement.
  await prisma.webhookEndpoint.create({
    data: { id: 'whe_onestatement', apiKeyId: 'key_none', url: 'http://127.0.0.1:9/', events: ['web_event.created'], secret: 'x' },
  });
});

describe('a public event with its new account and consumer', () => {
  it('is one statement that stores the three records, their audit entries and the outbox', async () => {
    // Once untimed: the first ingest reads the event definitions, which are kept.
    expect((await rest('POST', '/api/webevents', { body: newEvent(unique('warm')), ...anonymous })).status).toBe(200);
    const token = unique('one');
    let answer: Awaited<ReturnType<typeof rest>> | undefined;
    const { count, statements } = await countStatements(async () => {
      answer = await rest('POST', '/api/webevents?depth=2', { body: newEvent(token), ...anonymous });
    });
    expect(answer!.status, JSON.stringify(answer!.body)).toBe(200);
    expect(count, statements.join('\n')).toBe(1);
    expect(answer!.body.data.account.consumer.ssn).toBe('123-45-6789');
    expect(await prisma.consumer.count({ where: { id: `con_${token}` } })).toBe(1);
    expect(await auditOf([`wev_${token}`, `acc_${token}`, `con_${token}`])).toEqual([
      { entity: 'Account', recordKey: `acc_${token}`, operation: 'create' },
      { entity: 'Consumer', recordKey: `con_${token}`, operation: 'create' },
      { entity: 'WebEvent', recordKey: `wev_${token}`, operation: 'create' },
    ]);
    expect(await deliveriesOf([`wev_${token}`])).toEqual([`wev_${token}`]);
  });

  it('finds a consumer that exists from the statement: nothing of it stays, and the event refers to the consumer', async () => {
    const token = unique('two');
    const stored = await rest('POST', '/api/consumers', { body: { ...consumerInput, id: `con_${token}`, firstName: 'Stored' } });
    expect(stored.status).toBe(201);
    const answer = await rest('POST', '/api/webevents?depth=2', { body: newEvent(token, { firstName: 'Intruder' }), ...anonymous });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    // A public caller refers to the consumer it did not create: its key, nothing stored shown.
    expect(answer.body.data.account.consumer).toBe(`con_${token}`);
    expect((await prisma.consumer.findUnique({ where: { id: `con_${token}` } }))?.firstName).toBe('Stored');
    expect(await auditOf([`wev_${token}`, `acc_${token}`, `con_${token}`])).toEqual([
      { entity: 'Account', recordKey: `acc_${token}`, operation: 'create' },
      { entity: 'Consumer', recordKey: `con_${token}`, operation: 'create' },
      { entity: 'WebEvent', recordKey: `wev_${token}`, operation: 'create' },
    ]);
    expect(await deliveriesOf([`wev_${token}`])).toEqual([`wev_${token}`]);
  });

  it('answers an event stored before, in a batch, as a repeat, and stores the others once', async () => {
    const token = unique('three');
    const first = await rest('POST', '/api/webevents', { body: newEvent(`${token}a`), ...anonymous });
    expect(first.status).toBe(200);
    const batch = await rest('POST', '/api/webevents/batch?depth=0', {
      body: { batch: [newEvent(`${token}b`), newEvent(`${token}a`), newEvent(`${token}c`)] },
      ...anonymous,
    });
    expect(batch.status, JSON.stringify(batch.body)).toBe(200);
    expect(batch.body.data.map((result: { stored: boolean }) => result.stored)).toEqual([true, false, true]);
    expect(batch.body.data[1].data).toEqual({ id: `wev_${token}a` });
    const keys = ['a', 'b', 'c'].flatMap((suffix) => [`wev_${token}${suffix}`, `acc_${token}${suffix}`, `con_${token}${suffix}`]);
    // Each record once: the statement that found the stored event left nothing behind.
    expect((await auditOf(keys)).map((entry) => entry.recordKey).sort()).toEqual([...keys].sort());
    expect((await deliveriesOf(keys)).sort()).toEqual([`wev_${token}a`, `wev_${token}b`, `wev_${token}c`]);
  });

  it('is one statement text for a batch of any size, which is prepared once per connection', async () => {
    const statementOf = async (size: number) => {
      const token = unique(`size${size}`);
      const batch = Array.from({ length: size }, (_, index) => newEvent(`${token}e${index}`));
      let answer: Awaited<ReturnType<typeof rest>> | undefined;
      const { count, statements } = await countStatements(async () => {
        answer = await rest('POST', '/api/webevents/batch?depth=0', { body: { batch }, ...anonymous });
      });
      expect(answer!.status, JSON.stringify(answer!.body)).toBe(200);
      expect(answer!.body.data.map((result: { stored: boolean }) => result.stored)).toEqual(batch.map(() => true));
      expect(count, statements.join('\n')).toBe(1);
      expect(await prisma.webEvent.count({ where: { id: { startsWith: `wev_${token}e` } } })).toBe(size);
      return statements[0];
    };
    // The number of rows each table must get is a parameter of the statement, not part of its text.
    expect(await statementOf(2)).toBe(await statementOf(5));
  });

  it('is a 409 naming the field for an email another consumer holds, with nothing stored', async () => {
    const token = unique('four');
    const email = `${token}@example.com`;
    expect((await rest('POST', '/api/consumers', { body: { ...consumerInput, email } })).status).toBe(201);
    const answer = await rest('POST', '/api/webevents', { body: newEvent(token, { email: email.toUpperCase() }), ...anonymous });
    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(/^account\.consumer\.email: another Consumer holds this email/);
    expect(await auditOf([`wev_${token}`, `acc_${token}`, `con_${token}`])).toEqual([]);
    expect(await prisma.account.count({ where: { id: `acc_${token}` } })).toBe(0);
  });
});

describe.runIf(databaseKind === 'postgresql')('concurrent public events', () => {
  it('giving new consumers one new email store one consumer and its event; the others are 409 and leave nothing (5 rounds of 40)', async () => {
    for (let round = 0; round < 5; round += 1) {
      const token = unique('race');
      const email = `${token}@example.com`;
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, index) => rest('POST', '/api/webevents', { body: newEvent(`${token}x${index}`, { email }), ...anonymous })),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status !== 200 && status !== 409)).toEqual([]);
      const winner = statuses.indexOf(200);
      expect(await prisma.consumer.findMany({ where: { emailKey: email }, select: { id: true } })).toEqual([{ id: `con_${token}x${winner}` }]);
      expect(await prisma.account.count({ where: { id: { startsWith: `acc_${token}x` } } })).toBe(1);
      expect(await prisma.webEvent.count({ where: { id: { startsWith: `wev_${token}x` } } })).toBe(1);
      expect(await prisma.auditEntry.count({ where: { recordKey: { startsWith: `con_${token}x` } } })).toBe(1);
    }
  });

  it('of one definition unique by a property store one event; the others are answered with its id (10 rounds of 8)', async () => {
    const name = unique('Reserved ');
    const defined = await rest('POST', '/api/eventdefinitions', { body: { name, properties: { vin: { type: 'string', required: true, uniqueKey: true } } } });
    expect(defined.status, JSON.stringify(defined.body)).toBe(201);
    for (let round = 0; round < 10; round += 1) {
      const token = unique('dedupe');
      const vin = unique('VIN');
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, index) => {
          // One account (so one customer for the unique key), each post with a consumer of its own.
          const event = { name, properties: { vin }, account: { id: `acc_${token}`, consumer: { ...consumerInput, id: `con_${token}x${index}` } } };
          return rest('POST', '/api/webevents?depth=0', { body: event, ...anonymous });
        }),
      );
      expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 8 }, () => 200));
      const stored = await prisma.webEvent.findMany({ where: { name, properties: { path: ['vin'], equals: vin } }, select: { id: true } });
      expect(stored).toHaveLength(1);
      expect(new Set(answers.map((answer) => answer.body.data.id))).toEqual(new Set([stored[0].id]));
      // The repeats' first statements, which took the account for new, left nothing.
      expect(await prisma.consumer.count({ where: { id: { startsWith: `con_${token}x` } } })).toBe(1);
    }
  });
});
