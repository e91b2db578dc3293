// Web-event ingest: idempotent ids, batches answered event by event, writes shared between
// concurrent requests, and the SQL that costs.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { countStatements, execute, ok } from './helpers/graphql.js';
import { consumerInput } from './helpers/fixtures.js';
import { whileEventsNamedExplodeAreRefused } from './helpers/refusing-database.js';
import { rest } from './helpers/rest.js';

const event = (index: number, extra: object = {}) => ({
  id: `wev_batch${String(index).padStart(7, '0')}`,
  name: 'Page View',
  anonymousId: `anon_batch${index}`,
  account: { id: `acc_batch${index % 3}`, anonymousIds: [`anon_batch${index}`], consumer: { ...consumerInput, id: `con_batch${index % 3}` }, lead: 'Lead ID' },
  ...extra,
});

describe('POST /api/webevents/batch', () => {
  it('answers each event on its own: the good ones stored once, the bad ones not at all', async () => {
    const batch = [
      event(1),
      event(2, { name: 42 }), // wrong type: answered before the rest are written
      event(3, { account: { id: 'acc_batchbad', consumer: { ...consumerInput, id: 'con_batchbad', phoneNumber: '12' } } }),
      'not an event',
      event(4, {
        account: {
          id: 'acc_batch9',
          consumer: { ...consumerInput, id: 'con_batch9', addresses: [{ line1: '1 A St', zip: '62704', city: { name: 'Springfield', state: 'IL' } }] },
        },
      }),
      event(1), // the same event again in the same batch
      event(5, { name: undefined }),
    ];
    const response = await rest('POST', '/api/webevents/batch?depth=1', { body: { batch }, key: false });
    expect(response.status).toBe(200);
    const results = response.body.data as {
      index: number;
      success: boolean;
      stored?: boolean;
      data?: { id: string };
      error?: { code: number; message: string };
    }[];
    expect(results.map((result) => [result.index, result.success, result.stored ?? null])).toEqual([
      [0, true, true],
      [1, false, null],
      [2, false, null],
      [3, false, null],
      [4, true, true],
      [5, true, false],
      [6, false, null],
    ]);
    expect(results[1].error).toMatchObject({ code: 400, message: 'batch.1.name: must be text' });
    expect(results[2].error).toMatchObject({ code: 400, message: expect.stringMatching(/^batch\.2\.account\.consumer\.phoneNumber: must be a phone number/) });
    expect(results[6].error?.message).toBe('Missing Required Information: batch.6.name: is required');
    expect(results[0].data).toMatchObject({ id: 'wev_batch0000001', account: { id: 'acc_batch1', consumer: 'con_batch1', lead: 'Lead ID' } });
    expect(results[5].data).toEqual({ id: 'wev_batch0000001' }); // a repeat: its id alone
    expect(response.body.success).toBe(false);

    const stored = await prisma.webEvent.findMany({ where: { id: { startsWith: 'wev_batch' } }, orderBy: { id: 'asc' } });
    expect(stored.map((row) => row.id)).toEqual(['wev_batch0000001', 'wev_batch0000004']);
    expect(await prisma.consumer.count({ where: { id: { in: ['con_batchbad'] } } })).toBe(0);
    expect(await prisma.address.count({ where: { consumers: { some: { id: 'con_batch9' } } } })).toBe(1);
  });

  it('refuses more than 500 events and more than 500 KB', async () => {
    const many = await rest('POST', '/api/webevents/batch', { body: { batch: Array.from({ length: 501 }, () => ({ name: 'x' })) }, key: false });
    expect(many.status).toBe(400);
    const large = await rest('POST', '/api/webevents/batch', { body: { batch: [{ name: 'x'.repeat(520_000) }] }, key: false });
    expect(large.status).toBe(413);
    expect((await rest('GET', '/api/webevents/batch', { key: false })).status).toBe(405);
  });

  it('writes a batch of 100 new events in a handful of statements, not one per event', async () => {
    const batch = Array.from({ length: 100 }, (_, index) => event(1000 + index));
    const { count } = await countStatements(() => rest('POST', '/api/webevents/batch?depth=0', { body: { batch }, key: false }));
    // BEGIN, three reads of what exists, consumers, accounts, events, COMMIT, and the read back.
    expect(count).toBeLessThanOrEqual(10);
    expect(await prisma.webEvent.count({ where: { id: { gte: 'wev_batch0001000', lte: 'wev_batch0001099' } } })).toBe(100);
  });
});

describe('idempotent web events', () => {
  it('stores an event posted 50 times at once exactly once, and answers the repeats with its id alone', async () => {
    const body = { id: 'wev_same00000001', name: 'Signup', account: { id: 'acc_same00000001', consumer: { ...consumerInput, id: 'con_same00000001' } } };
    const responses = await Promise.all(Array.from({ length: 50 }, () => rest('POST', '/api/webevents', { body, key: false })));
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([200]));
    // Only the call that wrote the event sees what it sent; a repeat wrote nothing, and a caller
    // without a read key sees nothing stored: its answer is the event's id.
    const answers = responses.map((response) => JSON.stringify(response.body.data));
    expect(answers.filter((answer) => answer === '{"id":"wev_same00000001"}')).toHaveLength(49);
    const [winner] = responses.filter((response) => response.body.data.name === 'Signup');
    expect(winner.body.data).toMatchObject({ account: { id: 'acc_same00000001', consumer: { id: 'con_same00000001', firstName: consumerInput.firstName } } });
    expect(await prisma.webEvent.count({ where: { id: 'wev_same00000001' } })).toBe(1);
  });

  it('gives events without an id one of their own', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => rest('POST', '/api/webevents', { body: { name: 'Page View' }, key: false })));
    expect(a.body.data.id).toMatch(/^wev_[a-z0-9]{12}$/);
    expect(a.body.data.id).not.toBe(b.body.data.id);
  });
});

describe('repeats racing in separate transactions', () => {
  it('store the event and its account once, as the first write left them', async () => {
    const { writeEach, RecordBudget } = await import('../src/writes/write.js');
    const { entities } = await import('../src/model/entities.js');
    const input = (anonymousId: string) => ({
      id: 'wev_racing0000001',
      name: 'Login',
      account: { upsert: { id: 'acc_racing0000001', anonymousIds: [anonymousId] } },
    });
    const item = (anonymousId: string) => ({
      entity: entities.WebEvent,
      input: input(anonymousId),
      intent: 'ingest' as const,
      path: 'input',
      writer: { read: true, write: true, actor: 'ingest-test' },
      budget: new RecordBudget(),
    });
    const [first, second] = await Promise.all([writeEach([item('anon_first')]), writeEach([item('anon_second')])]);
    expect([first[0].status, second[0].status].sort()).toEqual(['repeat', 'written']);
    const winner = first[0].status === 'written' ? 'anon_first' : 'anon_second';
    const account = await prisma.account.findUniqueOrThrow({ where: { id: 'acc_racing0000001' } });
    expect(account.anonymousIds).toEqual([winner]);
  });

  it('refuse a connect key that cannot be one, before any write', async () => {
    for (const account of ['', 'acc_\u0000', 'x'.repeat(300)]) {
      const response = await rest('POST', '/api/webevents', { body: { name: 'View', account }, key: false });
      expect(response.status, JSON.stringify(account).slice(0, 20)).toBe(400);
      expect(response.body.error.message).toMatch(/^account: must/);
    }
  });
});

describe('createWebEvents over GraphQL', () => {
  it('answers per event and reads every stored event back in one statement', async () => {
    const { createWebEvents } = await ok<
      {
        createWebEvents: {
          index: number;
          ok: boolean;
          event: { id: string; account: { id: string } | null } | null;
          error: { code: string; field: string } | null;
        }[];
      },
      object
    >(`mutation($input: [CreateWebEventInput!]!) { createWebEvents(input: $input) { index ok event { id account { id } } error { code field } } }`, {
      input: [{ name: 'A', id: 'wev_gqlbatch00001' }, { name: '' }, { name: 'C', account: { connect: 'acc_unknown' } }],
    });
    expect(createWebEvents).toEqual([
      { index: 0, ok: true, event: { id: 'wev_gqlbatch00001', account: null }, error: null },
      { index: 1, ok: false, event: null, error: { code: 'BAD_USER_INPUT', field: 'input.1.name' } },
      { index: 2, ok: true, event: { id: expect.stringMatching(/^wev_/), account: null }, error: null },
    ]);
  });

  it('refuses more than 500 events', async () => {
    const result = await execute(`mutation($input: [CreateWebEventInput!]!) { createWebEvents(input: $input) { ok } }`, {
      input: Array.from({ length: 501 }, () => ({ name: 'x' })),
    });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
  });
});

describe('a batch the database refuses in part', () => {
  it('still stores every event the database accepts, each on its own', async () => {
    await whileEventsNamedExplodeAreRefused(async () => {
      const batch = [
        { id: 'wev_partial00001', name: 'fine' },
        { id: 'wev_partial00002', name: 'explode' },
        { id: 'wev_partial00003', name: 'fine' },
      ];
      const response = await rest('POST', '/api/webevents/batch', { body: { batch }, key: false });
      expect(response.body.data.map((result: { success: boolean }) => result.success)).toEqual([true, false, true]);
      expect(response.body.data[1].error).toEqual({ code: 500, message: 'Unexpected error.' });
      expect(await prisma.webEvent.count({ where: { id: { startsWith: 'wev_partial' } } })).toBe(2);
    });
  });
});
