// REST web-event ingest of a caller who may not read (public, or a key without the read scope) is
// written and answered without the GraphQL executor (src/rest/web-event-ingest.ts): its answers
// are byte for byte the executor's, for success and every error, single posts and batches, at
// every depth. Each server gets the same bodies with its own ids (a token in every key and email),
// at the same clock, and the answers are compared with the tokens swapped back.
import * as restModule from '../../src/rest/web-event-ingest.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Scope } from '../../src/auth/scopes.js';
import { config } from '../../src/config.js';
import { prisma } from '../../src/db.js';
import { createYogaServer } from '../../src/yoga.js';
import { testApiKey } from '../helpers/api-key.js';
import { leadInput } from '../helpers/fixtures.js';
import { rest } from '../helpers/rest.js';

const direct = createYogaServer(config);
const executor = createYogaServer(config, { directIngest: false });
const servers = [
  { server: direct, token: 'dA' },
  { server: executor, token: 'eX' },
];
// A cost limit a REST ingest at depth 3 is over (its create costs a few hundred at most).
const cheap = { ...config, graphqlLimits: { ...config.graphqlLimits, cost: 60 } };
const cheapServers = [
  { server: createYogaServer(cheap), token: 'dA' },
  { server: createYogaServer(cheap, { directIngest: false }), token: 'eX' },
];

type Body = (token: string) => unknown;
type Caller = { name: string; scopes?: Scope[] };

const callers: Caller[] = [
  { name: 'public' },
  { name: 'a write-only key', scopes: ['write'] },
  { name: 'a write and pii:read key', scopes: ['write', 'pii:read'] },
];

let round = 0;

/** Sends the body (made with each server's token) to both servers and expects the same answer. */
async function expectSame(path: string, body: Body | string, caller: Caller, what: string, again = false, pair = servers) {
  if (!again) round += 1;
  const authorization = caller.scopes ? await testApiKey(caller.scopes) : undefined;
  const answers = [];
  for (const { server, token } of pair) {
    const unique = `${token}${round}`;
    const text = typeof body === 'string' ? body : JSON.stringify(body(unique));
    const response = await server.fetch(`http://localhost${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
      body: text,
    });
    answers.push({
      status: response.status,
      type: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      text: (await response.text())
        .replaceAll(unique, '<token>')
        .replaceAll(`_${token}`, '_<server>')
        // Ids the server makes (writes/new-id.ts).
        .replace(/"(wev|acc|con|adr)_[0-9a-z]{12}"/g, '"$1_<new>"'),
    });
  }
  expect(answers[0], `${what} (${path}, ${caller.name})`).toEqual(answers[1]);
  return answers[0];
}

const consumer = (t: string) => ({
  id: `con_${t}`,
  ssn: '123-45-6789',
  email: `${t}@example.com`,
  lastName: 'Doe',
  birthDate: '1990-05-15',
  firstName: 'John',
  phoneNumber: '555-0199',
  phoneNumbers: ['555-0100', '555-0101'],
  externalId: `ext_${t}`,
});

/** The benchmark's event: a new event, account and consumer with an SSN. */
const benchEvent = (t: string) => ({
  id: `wev_${t}`,
  name: 'User Login',
  anonymousId: `anon_${t}`,
  account: { id: `acc_${t}`, lead: 'Lead ID', anonymousIds: [`anon_${t}`, `anon2_${t}`], consumer: consumer(t) },
});

const richEvent = (t: string) => ({
  id: `wev_rich_${t}`,
  name: 'Vehicle Viewed',
  timestamp: '2026-01-02T03:04:05.678+02:00',
  sentAt: '2026-01-02T01:04:06Z',
  properties: { vin: '1C4', price: 1e-7, big: 1.2345e15, list: [1, 'two', null, true, {}], nested: { a: { b: 'c' } }, card: 'secret', 'quote"': 'é 😀 \u2028' },
  account: {
    id: `acc_rich_${t}`,
    lead: { ...leadInput, id: `led_rich_${t}`, email: `lead_${t}@example.com`, monthlyPayment: 1e-7, cashDown: 1.2345e16, notes: 'tab \t nl \n </script>' },
    consumer: {
      ...consumer(`rich_${t}`),
      addresses: [
        { id: `adr_1_${t}`, line1: '1 Main St', zip: '62704', city: { name: 'Springfield', state: 'IL' } },
        { id: `adr_2_${t}`, line1: '2 Side St', line2: 'Apt 3', zip: '60601', city: { name: `Town ${t}`, state: 'IL' } },
      ],
    },
  },
});

beforeAll(async () => {
  vi.setSystemTime(new Date('2026-11-30T09:00:00.123Z'));
  await prisma.eventDefinition.create({
    data: { name: 'Vehicle Viewed', properties: { card: { type: 'string', sensitive: true }, vin: { type: 'string' } } },
  });
  await prisma.state.upsert({ where: { code: 'IL' }, create: { code: 'IL' }, update: {} });
  for (const { token } of servers) {
    const holder = await rest('POST', '/api/consumers', { body: { ...consumer(`holder_${token}`), email: `held_${token}@example.com` } });
    expect(holder.status, JSON.stringify(holder.body)).toBe(201);
    await prisma.account.create({ data: { id: `acc_existing_${token}`, anonymousIds: [] } });
  }
});

afterAll(() => {
  vi.useRealTimers();
});

describe('POST /api/webevents without the executor', () => {
  it('is the path a caller without read takes', async () => {
    const spy = vi.spyOn(restModule, 'createWebEventDirectly');
    await expectSame('/api/webevents', benchEvent, callers[0], 'the benchmark event');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await spy.mock.results[0].value).toBeDefined();
    spy.mockRestore();
  });

  for (const caller of callers) {
    for (const depth of [0, 1, 2, 3, 5]) {
      it(`answers new records as the executor does, depth ${depth}, ${caller.name}`, async () => {
        const bench = await expectSame(`/api/webevents?depth=${depth}`, benchEvent, caller, 'the benchmark event');
        expect(bench.status).toBe(200);
        const rich = await expectSame(`/api/webevents?depth=${depth}`, richEvent, caller, 'an event with properties, a lead and addresses');
        expect(rich.status, rich.text).toBe(200);
      });
    }

    it(`answers repeats, references and generated ids as the executor does, ${caller.name}`, async () => {
      // The same body twice to each server: the second is a repeat.
      const repeated = (t: string) => benchEvent(`rep_${t}`);
      const first = await expectSame('/api/webevents?depth=2', repeated, caller, 'the first post');
      const second = await expectSame('/api/webevents?depth=2', repeated, caller, 'the repeat', true);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.text).toBe('{"data":{"id":"wev_rep_<token>"},"success":true}');
      await expectSame(
        '/api/webevents?depth=1',
        (t: string) => ({ id: `wev_ref_${t}`, name: 'Page View', account: `acc_existing_${t.slice(0, 2)}` }),
        caller,
        'a soft reference',
      );
      const existing = (t: string) => ({
        id: `wev_ref2_${t}`,
        name: 'Page View',
        account: { id: `acc_existing_${t.slice(0, 2)}`, anonymousIds: [`anon_${t}`] },
      });
      await expectSame('/api/webevents?depth=2', existing, caller, 'an account that exists, given as an object');
      const generated = await expectSame('/api/webevents?depth=0&select[name]=true', () => ({ name: 'No Id' }), caller, 'an event without an id, select');
      expect(generated.status).toBe(200);
      await expectSame('/api/webevents?populate[account]=true', () => ({ name: 'No Id', anonymousId: 'a' }), caller, 'populate');
    });

    it(`refuses as the executor does, ${caller.name}`, async () => {
      const cases: [string, string, Body | string][] = [
        ['no name', '/api/webevents', (t) => ({ id: `wev_${t}` })],
        ['a name of the wrong type', '/api/webevents', (t) => ({ id: `wev_${t}`, name: 5 })],
        ['an unknown field', '/api/webevents', (t) => ({ id: `wev_${t}`, name: 'x', colour: 'red' })],
        ['a bad date-time', '/api/webevents', (t) => ({ id: `wev_${t}`, name: 'x', timestamp: '2026-02-30T00:00:00Z' })],
        [
          'a bad nested value',
          '/api/webevents?depth=2',
          (t) => ({ id: `wev_${t}`, name: 'x', account: { id: `acc_${t}`, consumer: { ...consumer(t), birthDate: 'soon' } } }),
        ],
        ['a missing nested value', '/api/webevents?depth=2', (t) => ({ id: `wev_${t}`, name: 'x', account: { id: `acc_${t}`, consumer: { id: `con_${t}` } } })],
        [
          'an email another consumer holds',
          '/api/webevents',
          (t) => ({ name: 'x', account: { id: `acc_${t}`, consumer: { ...consumer(t), email: `held_${t.slice(0, 2)}@example.com` } } }),
        ],
        ['a customer identifier', '/api/webevents', (t) => ({ id: `wev_${t}`, name: 'x', customerIdentifier: 'someone@example.com' })],
        [
          'a match by identifier',
          '/api/webevents',
          (t) => ({ name: 'x', account: { id: `acc_${t}`, consumer: { match: { type: 'EMAIL', value: 'a@example.com' } } } }),
        ],
        ['a sensitive property of the wrong type', '/api/webevents', (t) => ({ id: `wev_${t}`, name: 'Vehicle Viewed', properties: { card: 5 } })],
        ['a depth that is no number', '/api/webevents?depth=x', (t) => ({ id: `wev_${t}`, name: 'x' })],
        ['the greatest depth', '/api/webevents?depth=10', (t) => ({ id: `wev_${t}`, name: 'x' })],
        ['an unknown parameter', '/api/webevents?forceAssignment=true', (t) => ({ id: `wev_${t}`, name: 'x' })],
        [
          'more records than a request may write',
          '/api/webevents',
          (t) => ({
            name: 'x',
            account: { id: `acc_${t}`, consumer: { ...consumer(t), addresses: Array.from({ length: 2000 }, (_, i) => ({ line1: 'x', zip: `${i}` })) } },
          }),
        ],
        ['a body that is not JSON', '/api/webevents', '{"name": '],
        ['a body that is a list', '/api/webevents', '[]'],
        ['a body over the limit', '/api/webevents', JSON.stringify({ name: 'x', properties: { pad: 'x'.repeat(config.bodyLimitBytes) } })],
      ];
      const statuses = [];
      for (const [what, path, body] of cases) statuses.push((await expectSame(path, body, caller, what)).status);
      // A key with the write scope may name an event's customer; the rest is refused for everyone.
      expect(statuses).toEqual([
        400,
        400,
        400,
        400,
        400,
        400,
        409,
        caller.scopes ? 200 : 403,
        caller.scopes ? 400 : 403,
        400,
        400,
        200,
        400,
        400,
        400,
        400,
        413,
      ]);
      const tooCostly = await expectSame('/api/webevents?depth=3', benchEvent, caller, 'over the cost limit', false, cheapServers);
      expect(tooCostly.status, tooCostly.text).toBe(400);
      expect(tooCostly.text).toContain('Query cost limit of 60 exceeded');
    });
  }

  it('answers a caller who may read through the executor, as before', async () => {
    const spy = vi.spyOn(restModule, 'createWebEventDirectly');
    const answer = await expectSame('/api/webevents?depth=2', benchEvent, { name: 'a read and write key', scopes: ['read', 'write'] }, 'the benchmark event');
    expect(answer.status).toBe(200);
    expect(await spy.mock.results[0].value).toBeUndefined();
    spy.mockRestore();
  });
});

describe('POST /api/webevents/batch without the executor', () => {
  const batch = (t: string) => ({
    batch: [
      benchEvent(`b0_${t}`),
      { id: `wev_b1_${t}` },
      richEvent(`b2_${t}`),
      'not an event',
      { id: `wev_b4_${t}`, name: 'x', account: { id: `acc_b4_${t}`, consumer: { ...consumer(`b4_${t}`), email: `held_${t.slice(0, 2)}@example.com` } } },
      // The same consumer email twice in one batch: the second is a 409.
      { id: `wev_b5_${t}`, name: 'x', account: { id: `acc_b5_${t}`, consumer: consumer(`b5_${t}`) } },
      { id: `wev_b6_${t}`, name: 'x', account: { id: `acc_b6_${t}`, consumer: { ...consumer(`b6_${t}`), email: `b5_${t}@example.com` } } },
      { id: `wev_b7_${t}`, name: 'x', customerIdentifier: 'someone@example.com' },
      { id: `wev_b0_${t}`, name: 'repeat of the first' },
      { name: 'Vehicle Viewed', properties: { card: 5 } },
      { name: 5 },
    ],
  });

  for (const caller of callers) {
    for (const depth of [0, 1, 2, 4]) {
      it(`answers each event as the executor does, depth ${depth}, ${caller.name}`, async () => {
        const answer = await expectSame(`/api/webevents/batch?depth=${depth}`, batch, caller, 'a mixed batch');
        expect(answer.status, answer.text).toBe(200);
        expect(JSON.parse(answer.text).data.map((result: { success: boolean }) => result.success)).toEqual([
          true,
          false,
          true,
          false,
          false,
          true,
          false,
          caller.scopes !== undefined,
          true,
          false,
          false,
        ]);
      });
    }

    it(`refuses as the executor does, ${caller.name}`, async () => {
      const tooCostly = await expectSame('/api/webevents/batch?depth=0', batch, caller, 'a batch over the cost limit', false, cheapServers);
      expect(tooCostly.text).toContain('Query cost limit of 60 exceeded');
      await expectSame(
        '/api/webevents/batch',
        (t) => ({
          batch: [
            { name: 'x', account: { id: `acc_${t}`, consumer: { ...consumer(t), addresses: Array.from({ length: 2001 }, () => ({ line1: 'x', zip: '1' })) } } },
          ],
        }),
        caller,
        'over the record budget',
      );
      await expectSame('/api/webevents/batch', () => ({ batch: 'no' }), caller, 'no list');
      await expectSame('/api/webevents/batch', (t) => [{ id: `wev_bare_${t}`, name: 'a bare list' }], caller, 'a bare list');
    });
  }

  it('is the path a caller without read takes', async () => {
    const spy = vi.spyOn(restModule, 'createWebEventsDirectly');
    await expectSame('/api/webevents/batch', batch, callers[0], 'a mixed batch');
    expect(await spy.mock.results[0].value).toBeDefined();
    await expectSame('/api/webevents/batch', batch, { name: 'a read and write key', scopes: ['read', 'write'] }, 'a mixed batch');
    expect(spy).toHaveBeenCalledTimes(2);
    expect(await spy.mock.results[1].value).toBeUndefined();
    spy.mockRestore();
  });
});
