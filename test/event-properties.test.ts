// Web events carry data and time (issue 11, part 1): free-form `properties` within limits, the
// client's `timestamp` and `sentAt` with the server's `receivedAt` and the skew-corrected
// `eventTime`, lists ordered and filtered by event time, and filters on properties, in GraphQL and
// REST alike. Every bad input is a 400 naming its path, with nothing stored.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { propertyLimits } from '../src/model/properties.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const anonymous = { key: false } as const;

const CreateEvent = `mutation($input: CreateWebEventInput!) {
  createWebEvent(input: $input) { id name properties timestamp sentAt receivedAt eventTime }
}`;

type Event = { id: string; properties: unknown; timestamp: string | null; sentAt: string | null; receivedAt: string; eventTime: string };

async function create(input: object): Promise<Event> {
  const { createWebEvent } = await ok<{ createWebEvent: Event }, unknown>(CreateEvent, { input });
  return createWebEvent;
}

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;

describe('properties and time on a web event', () => {
  it('stores a JSON object of properties and gives it back as sent, in GraphQL and REST', async () => {
    const properties = { vin: '1C4HJXEN5MW592818', price: 31_999.5, certified: true, trims: ['Sport', 'Sahara'], dealer: { zip: '60601', rating: null } };
    const event = await create({ name: 'Vehicle Viewed', properties });
    expect(event.properties).toEqual(properties);
    const stored = await prisma.webEvent.findUniqueOrThrow({ where: { id: event.id }, select: { properties: true } });
    expect(stored.properties).toEqual(properties);
    const read = await rest('GET', `/api/webevents/${event.id}`);
    expect(read.body.data.properties).toEqual(properties);
  });

  it("takes the issue's own REST body without a key, and answers with what was sent", async () => {
    const response = await rest('POST', '/api/webevents', { ...anonymous, body: { name: 'Vehicle Viewed', properties: { vin: '1C4HJXEN5MW592818' } } });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ name: 'Vehicle Viewed', properties: { vin: '1C4HJXEN5MW592818' } });
    expect(response.body.data.eventTime).toBe(response.body.data.receivedAt);
  });

  it("keeps keys named like Object.prototype's properties as plain keys", async () => {
    const properties = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": "x", "toString": 2}');
    const response = await rest('POST', '/api/webevents', { ...anonymous, rawBody: JSON.stringify({ name: 'Odd Keys', properties }) });
    expect(response.status).toBe(200);
    const stored = await prisma.webEvent.findUniqueOrThrow({ where: { id: response.body.data.id }, select: { properties: true } });
    // jsonb keeps keys in an order of its own.
    const entries = (value: object) => Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    expect(JSON.stringify(entries(stored.properties as object))).toBe(JSON.stringify(entries(properties)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("corrects the client clock's skew: eventTime = timestamp + (receivedAt - sentAt)", async () => {
    // A client whose clock runs two hours fast: it saw the event at 10:00 and sent it at 10:05, on its clock.
    const before = Date.now();
    const event = await create({ name: 'Page View', timestamp: '2030-01-01T10:00:00.000Z', sentAt: '2030-01-01T10:05:00.000Z' });
    const receivedAt = Date.parse(event.receivedAt);
    expect(receivedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(receivedAt).toBeLessThanOrEqual(Date.now() + 1000);
    expect(event.timestamp).toBe('2030-01-01T10:00:00.000Z');
    expect(event.sentAt).toBe('2030-01-01T10:05:00.000Z');
    expect(Date.parse(event.eventTime)).toBe(receivedAt - 5 * 60_000);
    // What was answered is what was stored.
    const stored = await prisma.webEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(stored.eventTime.toISOString()).toBe(event.eventTime);
    expect(stored.receivedAt.toISOString()).toBe(event.receivedAt);
  });

  it('takes a timestamp alone as the event time, and the time received when there is none', async () => {
    const timed = await create({ name: 'Page View', timestamp: '2026-03-04T05:06:07.089+02:00' });
    expect(timed.eventTime).toBe('2026-03-04T03:06:07.089Z');
    const untimed = await create({ name: 'Page View' });
    expect(untimed.timestamp).toBeNull();
    expect(untimed.eventTime).toBe(untimed.receivedAt);
    const sentOnly = await create({ name: 'Page View', sentAt: '2026-03-04T05:06:07Z' });
    expect(sentOnly.eventTime).toBe(sentOnly.receivedAt);
  });

  it('does not let an update change the times of an event', async () => {
    const event = await create({ name: 'Page View', timestamp: '2026-01-01T00:00:00Z' });
    const graphql = await execute(`mutation { updateWebEvent(id: "${event.id}", input: { timestamp: "2027-01-01T00:00:00Z" }) { id } }`);
    expect(graphql.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const response = await rest('PATCH', `/api/webevents/${event.id}`, { body: { timestamp: '2027-01-01T00:00:00Z' } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/timestamp/);
    const changed = await rest('PATCH', `/api/webevents/${event.id}`, { body: { properties: { step: 2 } } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ properties: { step: 2 }, timestamp: '2026-01-01T00:00:00.000Z', eventTime: '2026-01-01T00:00:00.000Z' });
  });
});

describe('bad properties and times: 400 naming the path and the rule, nothing stored', () => {
  const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });
  const manyKeys = Object.fromEntries(Array.from({ length: propertyLimits.keys + 1 }, (_, index) => [`k${index}`, index]));
  const cases: [string, unknown, string, RegExp][] = [
    ['a list', [1, 2], 'properties', /JSONObject|JSON object/],
    ['a string', 'vin', 'properties', /JSONObject|JSON object/],
    ['nested past the limit', deep(propertyLimits.depth + 1), `properties${'.a'.repeat(propertyLimits.depth)}`, /levels deep/],
    ['too many keys', manyKeys, 'properties', /at most 256 keys/],
    ['a key too long', { ok: { ['k'.repeat(propertyLimits.keyLength + 1)]: 1 } }, 'properties.ok', /has a key that is not 1 to 128 characters/],
    ['an empty key', { '': 1 }, 'properties', /has a key/],
    ['a NUL in a value', { note: { text: 'a\u0000b' } }, 'properties.note.text', /NUL/],
    ['a NUL in a key', { 'a\u0000b': 1 }, 'properties', /NUL/],
    ['too large', { text: 'x'.repeat(propertyLimits.bytes) }, 'properties', /at most 32768 bytes/],
    ['a list too long', { items: Array.from({ length: propertyLimits.arrayItems + 1 }, () => 0) }, 'properties.items', /at most 1000 items/],
  ];

  for (const [label, properties, field, message] of cases) {
    it(`refuses properties that are ${label}`, async () => {
      const name = unique('Bad ');
      const response = await rest('POST', '/api/webevents', { ...anonymous, body: { name, properties } });
      expect(response.status).toBe(400);
      expect(response.body.success).toBe(false);
      expect(response.body.error.message).toContain(`${field}:`);
      expect(response.body.error.message).toMatch(message);
      const graphql = await execute(CreateEvent, { input: { name, properties } });
      expect(graphql.status).toBe(400);
      expect(graphql.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(graphql.errors)).toMatch(message);
      expect(await prisma.webEvent.count({ where: { name } })).toBe(0);
    });
  }

  it('refuses a day the calendar does not have instead of rolling it over', async () => {
    const response = await rest('POST', '/api/webevents', { body: { name: 'Rolled', timestamp: '2026-02-30T10:00:00Z' }, key: false });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.errors)).toMatch(/timestamp/);
    expect(await prisma.webEvent.count({ where: { name: 'Rolled' } })).toBe(0);
  });

  it('refuses a number JSON cannot hold (1e400) instead of storing it as null', async () => {
    const response = await rest('POST', '/api/webevents', { rawBody: '{"name":"Huge","properties":{"a":1e400}}', key: false });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([{ field: 'properties.a', message: 'must be a number JSON can hold (1e400 is beyond it)' }]);
    expect(await prisma.webEvent.count({ where: { name: 'Huge' } })).toBe(0);
  });

  it('never repeats a bad key or value in the message', async () => {
    const secretKey = `123-45-6789${'x'.repeat(200)}`;
    const response = await rest('POST', '/api/webevents', { ...anonymous, body: { name: 'Leak', properties: { [secretKey]: 1, nul: 'SECRET\u0000' } } });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).not.toMatch(/123-45-6789|SECRET/);
  });

  const badTimes: [string, object, string][] = [
    ['a timestamp without a zone', { timestamp: '2026-01-01T10:00:00' }, 'timestamp'],
    ['a timestamp that is no date', { timestamp: 'yesterday' }, 'timestamp'],
    ['a sentAt that is a number', { sentAt: 1_700_000_000 }, 'sentAt'],
    ['a receivedAt, which the server sets', { receivedAt: '2026-01-01T10:00:00Z' }, 'receivedAt'],
    ['an eventTime, which the server works out', { eventTime: '2026-01-01T10:00:00Z' }, 'eventTime'],
    ['times whose correction leaves the calendar', { timestamp: '9999-12-31T00:00:00Z', sentAt: '0001-01-01T00:00:00Z' }, 'sentAt'],
  ];
  for (const [label, times, field] of badTimes) {
    it(`refuses ${label}`, async () => {
      const name = unique('Bad time ');
      const response = await rest('POST', '/api/webevents', { ...anonymous, body: { name, ...times } });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(field);
      const graphql = await execute(CreateEvent, { input: { name, ...times } });
      expect(graphql.status).toBe(400);
      expect(JSON.stringify(graphql.errors)).toContain(field);
      expect(await prisma.webEvent.count({ where: { name } })).toBe(0);
    });
  }
});

describe('lists by event time and by properties', () => {
  const name = 'Filtered View';
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const events: [string, object, string][] = [
      ['jeep', { vin: '1C4HJXEN5MW592818', make: 'Jeep', price: 31999, used: false, dealer: { zip: '60601' } }, '2026-05-03T00:00:00Z'],
      ['ram', { vin: '3C6UR5DL1KG123456', make: 'Ram', price: 45000, used: true, dealer: { zip: '60602' } }, '2026-05-01T00:00:00Z'],
      ['text-price', { make: 'Jeep', price: '31999', zipcode: 60601 }, '2026-05-02T00:00:00Z'],
      ['nulls', { make: null, note: 'no vehicle' }, '2026-05-04T00:00:00Z'],
      ['bare', {}, '2026-05-05T00:00:00Z'],
    ];
    for (const [label, properties, timestamp] of events) ids[label] = (await create({ name, properties, timestamp })).id;
    ids.none = (await create({ name, timestamp: '2026-05-06T00:00:00Z' })).id;
  });

  const labelsOf = (found: string[]) => found.map((id) => Object.keys(ids).find((label) => ids[label] === id));

  async function graphqlLabels(filter: object, orderBy?: object): Promise<(string | undefined)[]> {
    const { webEvents } = await ok<{ webEvents: { edges: { node: { id: string } }[] } }, unknown>(
      'query($filter: WebEventFilter, $orderBy: [WebEventOrder!]) { webEvents(first: 50, filter: $filter, orderBy: $orderBy) { edges { node { id } } } }',
      { filter: { AND: [{ name: { equals: name } }, filter] }, orderBy },
    );
    return labelsOf(webEvents.edges.map((edge) => edge.node.id));
  }

  async function restLabels(query: string): Promise<(string | undefined)[]> {
    const response = await rest('GET', `/api/webevents?where[name][equals]=${encodeURIComponent(name)}&limit=50&${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return labelsOf(response.body.data.docs.map((doc: { id: string }) => doc.id));
  }

  it('orders events by their event time, not by when they arrived', async () => {
    const inOrder = ['ram', 'text-price', 'jeep', 'nulls', 'bare', 'none'];
    expect(await graphqlLabels({})).toEqual(inOrder);
    expect(await graphqlLabels({}, [{ field: 'eventTime', direction: 'DESC' }])).toEqual([...inOrder].reverse());
    expect(await restLabels('')).toEqual(inOrder);
    expect(await restLabels('sort=-eventTime')).toEqual([...inOrder].reverse());
  });

  it('filters by event time', async () => {
    const range = { eventTime: { gte: '2026-05-02T00:00:00Z', lt: '2026-05-04T00:00:00Z' } };
    expect(await graphqlLabels(range)).toEqual(['text-price', 'jeep']);
    expect(await restLabels('where[eventTime][greater_than_equal]=2026-05-02T00:00:00Z&where[eventTime][less_than]=2026-05-04T00:00:00Z')).toEqual([
      'text-price',
      'jeep',
    ]);
  });

  const filters: [string, object, string, string[]][] = [
    ['equality on a path', { path: 'vin', equals: '1C4HJXEN5MW592818' }, 'where[properties.vin][equals]=1C4HJXEN5MW592818', ['jeep']],
    ['equality on a nested path', { path: 'dealer.zip', equals: '60602' }, 'where[properties.dealer.zip][equals]=60602', ['ram']],
    ['equality with a boolean', { path: 'used', equals: true }, 'where[properties.used][equals]=true', ['ram']],
    ['in', { path: 'make', in: ['Ram', 'Jeep'] }, 'where[properties.make][in]=Ram,Jeep', ['ram', 'text-price', 'jeep']],
    ['key existence', { path: 'make', exists: true }, 'where[properties.make][exists]=true', ['ram', 'text-price', 'jeep', 'nulls']],
    ['key absence', { path: 'make', exists: false }, 'where[properties.make][exists]=false', ['bare', 'none']],
    ['a numeric comparison', { path: 'price', gt: 40000 }, 'where[properties.price][greater_than]=40000', ['ram']],
    [
      'a numeric range',
      { path: 'price', gte: 30000, lt: 40000 },
      'where[properties.price][greater_than_equal]=30000&where[properties.price][less_than]=40000',
      ['jeep'],
    ],
  ];
  for (const [label, condition, query, expected] of filters) {
    it(`filters by properties: ${label}`, async () => {
      expect(await graphqlLabels({ properties: condition })).toEqual(expected);
      expect(await restLabels(query)).toEqual(expected);
    });
  }

  it('tells a number from the same digits as text in GraphQL, and matches either from a REST query string', async () => {
    expect(await graphqlLabels({ properties: { path: 'price', equals: 31999 } })).toEqual(['jeep']);
    expect(await graphqlLabels({ properties: { path: 'price', equals: '31999' } })).toEqual(['text-price']);
    expect(await restLabels('where[properties.price][equals]=31999')).toEqual(['text-price', 'jeep']);
    expect(await restLabels('where[properties.zipcode][equals]=60601')).toEqual(['text-price']);
  });

  it('combines conditions on several properties', async () => {
    const both = { AND: [{ properties: { path: 'make', equals: 'Jeep' } }, { properties: { path: 'price', gt: 1 } }] };
    expect(await graphqlLabels(both)).toEqual(['jeep']);
    expect(await restLabels('where[properties.make][equals]=Jeep&where[properties.price][greater_than]=1')).toEqual(['jeep']);
    expect(await graphqlLabels({ NOT: { properties: { path: 'make', equals: 'Jeep' } } })).toEqual(['ram', 'nulls', 'bare', 'none']);
  });

  const badGraphQL: [string, object, string][] = [
    ['an empty path', { path: '', equals: 'x' }, 'filter.AND.1.properties.path'],
    ['a path with an empty key', { path: 'dealer..zip', equals: 'x' }, 'filter.AND.1.properties.path'],
    ['a path too deep', { path: 'a.b.c.d.e.f.g.h.i', exists: true }, 'filter.AND.1.properties.path'],
    ['an object to compare with', { path: 'vin', equals: { a: 1 } }, 'filter.AND.1.properties.equals'],
    ['a list item that is null', { path: 'vin', in: ['x', null] }, 'filter.AND.1.properties.in.1'],
  ];
  for (const [label, condition, field] of badGraphQL) {
    it(`refuses a GraphQL property filter with ${label}`, async () => {
      const response = await execute('query($filter: WebEventFilter) { webEvents(filter: $filter) { edges { node { id } } } }', {
        filter: { AND: [{ name: { equals: name } }, { properties: condition }] },
      });
      expect(response.status).toBe(400);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response.errors)).toContain(field);
    });
  }

  const badRest: [string, string, RegExp][] = [
    ['a JSON field without a path', 'where[properties][equals]=x', /where\.properties: is a JSON object/],
    ['an operator properties do not have', 'where[properties.vin][contains]=x', /where\.properties\.vin\.contains: is not an operator for a property/],
    ['a comparison with text', 'where[properties.price][greater_than]=cheap', /where\.properties\.price\.greater_than: must be a number/],
    ['an empty key in the path', 'where[properties.dealer..zip][equals]=x', /where\.properties\.dealer\.\.zip: names a property/],
    ['equals and in together', 'where[properties.vin][equals]=x&where[properties.vin][in]=y', /give equals or in, not both/],
    ['a sort by properties', 'sort=properties', /sort: term 1 is not a field/],
  ];
  for (const [label, query, message] of badRest) {
    it(`refuses a REST where with ${label}`, async () => {
      const response = await rest('GET', `/api/webevents?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(message);
    });
  }
});

describe('property filters that would be no condition, or that the engine cannot take', () => {
  it('refuse an infinite number (1e400) with a 400, and serve aggregates and lists after it', async () => {
    for (const query of [
      '{ webEvents(first: 1, filter: { properties: { path: "deposit", gte: 1e400 } }) { totalCount } }',
      '{ webEvents(first: 1, filter: { properties: { path: "deposit", lt: -1e400 } }) { aggregate { count } } }',
      '{ leads(first: 1, filter: { monthlyPayment: { gt: 1e400 } }) { totalCount } }',
    ]) {
      const answer = await execute(query);
      expect(answer.errors?.[0], query).toMatchObject({ message: expect.stringMatching(/must be a finite number/), extensions: { code: 'BAD_USER_INPUT' } });
    }
    const after = await execute('{ webEvents(first: 1) { totalCount aggregate { count } } }');
    expect(after.errors).toBeUndefined();
    expect((await rest('GET', '/api/webevents/aggregate?groupBy=name')).status).toBe(200);
  });

  it('refuse a property filter with no operator, or only nulls: it would match every event', async () => {
    for (const condition of ['{ path: "vin" }', '{ path: "vin", equals: null }', '{ path: "vin", exists: null }']) {
      const answer = await execute(`{ webEvents(first: 1, filter: { properties: ${condition} }) { totalCount } }`);
      expect(answer.errors?.[0].message, condition).toMatch(/needs an operator/);
    }
  });
});
