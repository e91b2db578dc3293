// Aggregates on the root connections: the numbers asked for over exactly the rows the list's filter
// matches (held to the list's own count for every kind of condition), per group with dates cut to
// an hour, day, week or month, in one SQL statement each, under the personal-data rules.
import { beforeAll, describe, expect, it } from 'vitest';
import { digestOf, encryptField } from '../src/auth/field-encryption.js';
import { prisma } from '../src/db.js';
import { propertyEntries } from '../src/model/properties.js';
import { testApiKey } from './helpers/api-key.js';
import { buildGraph } from './helpers/graph.js';
import { countStatements, execute } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const prefix = 'agg';
// 30 events over 3 days: 10 a day at hours 0..9, names and accounts in a known pattern.
const day0 = Date.UTC(2026, 2, 1); // Sunday 2026-03-01
const events = Array.from({ length: 30 }, (_, index) => {
  const day = Math.floor(index / 10);
  return {
    id: `wev_${prefix}day${String(index).padStart(2, '0')}`,
    name: index % 3 === 0 ? 'Page View' : 'Login',
    accountId: index % 4 === 0 ? null : `acc_${prefix}${index % 5}`,
    eventTime: new Date(day0 + day * 86_400_000 + (index % 10) * 3_600_000),
    properties: { price: index, page: index % 2 === 0 ? 'home' : 'cart' },
    propertiesIndex: propertyEntries({ price: index, page: index % 2 === 0 ? 'home' : 'cart' }),
  };
});
const payments = (index: number) => (index % 5 === 0 ? null : index * 10.5);

beforeAll(async () => {
  await buildGraph(prefix);
  for (let index = 0; index < 20; index += 1) {
    await prisma.lead.update({
      where: { id: `led_${prefix}${String(index).padStart(2, '0')}` },
      data: { monthlyPayment: payments(index), year: 2000 + (index % 3), notes: index % 2 ? '100%_off' : 'plain', timeToPurchase: index % 4 ? ['ASAP'] : [] },
    });
  }
  await prisma.consumer.update({ where: { id: `con_${prefix}0` }, data: { ssn: encryptField('123-45-6789'), ssnDigest: digestOf('123-45-6789') } });
  await prisma.webEvent.createMany({ data: events });
});

type Data = Record<string, { totalCount?: number; aggregate?: Record<string, number | null>; groupedAggregates?: Record<string, unknown>[] }>;

async function query(text: string, scopes?: Parameters<typeof testApiKey>[0]) {
  const headers: Record<string, string> = scopes ? { authorization: `Bearer ${await testApiKey(scopes)}` } : {};
  return execute<Data, unknown>(text, undefined, headers);
}

async function data(text: string) {
  const result = await query(text);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

const ourEvents = `id: { startsWith: "wev_${prefix}day" }`;
const ourLeads = `id: { startsWith: "led_${prefix}" }`;

describe('aggregate over the whole list', () => {
  it('count, distinct values, sum, avg, min and max over the filtered leads', async () => {
    const got = await data(`{ leads(filter: { ${ourLeads} }) { aggregate {
      count countDistinct(field: processStatuses) years: countDistinct(field: year)
      sum(field: monthlyPayment) avg(field: monthlyPayment) min(field: monthlyPayment) max(field: monthlyPayment) maxYear: max(field: year)
    } } }`);
    const values = Array.from({ length: 20 }, (_, index) => payments(index)).filter((value): value is number => value !== null);
    const sum = values.reduce((total, value) => total + value, 0);
    expect(got.leads.aggregate).toEqual({
      count: 20,
      countDistinct: 2,
      years: 3,
      sum,
      avg: sum / values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      maxYear: 2002,
    });
  });

  it('an empty list counts 0 and has no sum', async () => {
    const got = await data(`{ leads(filter: { id: { equals: "none" } }) { aggregate { count countDistinct(field: year) sum(field: monthlyPayment) } } }`);
    expect(got.leads.aggregate).toEqual({ count: 0, countDistinct: 0, sum: null });
  });
});

describe('groups', () => {
  const perDay = (unit: string) =>
    data(
      `{ webEvents(filter: { ${ourEvents} }) { groupedAggregates(groupBy: [{ field: eventTime, truncate: ${unit} }]) { keys count accounts: countDistinct(field: accountId) } } }`,
    );

  it('web events per day, with their distinct accounts', async () => {
    const got = await perDay('DAY');
    const expected = [0, 1, 2].map((day) => {
      const ofDay = events.filter((_, index) => Math.floor(index / 10) === day);
      return {
        keys: [new Date(day0 + day * 86_400_000).toISOString()],
        count: 10,
        accounts: new Set(ofDay.map((event) => event.accountId).filter(Boolean)).size,
      };
    });
    expect(got.webEvents.groupedAggregates).toEqual(expected);
  });

  it('per hour, week (from Monday) and month', async () => {
    expect((await perDay('HOUR')).webEvents.groupedAggregates).toHaveLength(30);
    // 2026-03-01 is a Sunday: its week began on Monday 2026-02-23; the 2nd and 3rd are the next week.
    expect((await perDay('WEEK')).webEvents.groupedAggregates!.map((group) => [group.keys, group.count])).toEqual([
      [['2026-02-23T00:00:00.000Z'], 10],
      [['2026-03-02T00:00:00.000Z'], 20],
    ]);
    expect((await perDay('MONTH')).webEvents.groupedAggregates!.map((group) => [group.keys, group.count])).toEqual([[['2026-03-01T00:00:00.000Z'], 30]]);
  });

  it('by two fields, in key order, null last, at most `first` groups', async () => {
    const got = await data(`{ webEvents(filter: { ${ourEvents} }) {
      groupedAggregates(groupBy: [{ field: name }, { field: accountId }], first: 3) { keys count }
    } }`);
    const counts = new Map<string, number>();
    for (const event of events) {
      const key = JSON.stringify([event.name, event.accountId]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const expected = [...counts]
      .map(([key, count]) => ({ keys: JSON.parse(key) as (string | null)[], count }))
      .sort((a, b) => a.keys[0]!.localeCompare(b.keys[0]!) || (a.keys[1] ?? '\uffff').localeCompare(b.keys[1] ?? '\uffff'));
    expect(got.webEvents.groupedAggregates).toEqual(expected.slice(0, 3));
  });

  it('numbers and dates as group keys are text', async () => {
    const got = await data(`{ leads(filter: { ${ourLeads} }) { groupedAggregates(groupBy: [{ field: year }]) { keys sum(field: monthlyPayment) } } }`);
    expect(got.leads.groupedAggregates!.map((group) => group.keys)).toEqual([['2000'], ['2001'], ['2002']]);
    const consumers = await data(`{ consumers(filter: { id: { startsWith: "con_${prefix}" } }) {
      groupedAggregates(groupBy: [{ field: birthDate, truncate: MONTH }]) { keys count } } }`);
    expect(consumers.consumers.groupedAggregates).toEqual([{ keys: ['1990-01-01'], count: 20 }]);
  });
});

describe('the same rows as the list', () => {
  // Each filter's aggregate count is held to the list's totalCount, which Prisma counts.
  const leadFilters = [
    `monthlyPayment: { gt: 50, lte: 150 }`,
    `monthlyPayment: { not: 21 }`,
    `monthlyPayment: { exists: false }`,
    `monthlyPayment: { notIn: [21, 42] }`,
    `year: { in: [2000, 2002] }`,
    `notes: { contains: "%_" }`,
    `notes: { startsWith: "100%" }`,
    `notes: { like: "OFF 100" }`,
    `notes: { not: "plain" }`,
    `timeToPurchase: { isEmpty: true }`,
    `timeToPurchase: { has: "ASAP" }`,
    `timeToPurchase: { hasSome: ["ASAP", "x"] }`,
    `timeToPurchase: { hasEvery: ["ASAP", "x"] }`,
    `salesRep: { firstName: { startsWith: "Rep" } }`,
    `favorites: { make: { equals: "Jeep" } }`,
    `consumer: { ssn: { equals: "123-45-6789" } }`,
    `consumer: { birthDate: { gte: "1990-01-01" } }`,
    `OR: [{ year: { equals: 2000 } }, { monthlyPayment: { gt: 150 } }]`,
    `NOT: { year: { equals: 2001 } }`,
    `AND: [{ year: { equals: 2000 } }, { NOT: { notes: { equals: "plain" } } }]`,
    `createdAt: { exists: false }`,
    `updatedAt: { gte: "2000-01-01T00:00:00Z" }`,
  ];
  const eventFilters = [
    `properties: { path: "price", gte: 10, lt: 20 }`,
    `properties: { path: "page", equals: "home" }`,
    `properties: { path: "price", in: [1, 2, 3] }`,
    `properties: { path: "price", exists: true }`,
    `eventTime: { gte: "2026-03-02T00:00:00Z", lt: "2026-03-02T05:00:00Z" }`,
    `accountId: { exists: false }`,
    `account: { consumerId: { exists: true } }`,
  ];
  const cases = [
    ...leadFilters.map((filter) => ['leads', `{ ${ourLeads}, ${filter} }`] as const),
    ...eventFilters.map((filter) => ['webEvents', `{ ${ourEvents}, ${filter} }`] as const),
  ];
  it.each(cases)('%s %s', async (list, filter) => {
    const got = await data(`{ ${list}(filter: ${filter}) { totalCount aggregate { count } } }`);
    expect(got[list].aggregate!.count).toBe(got[list].totalCount);
  });

  it('the differential cases are not all empty or all full', async () => {
    const counts = await Promise.all(
      leadFilters.map(async (filter) => (await data(`{ leads(filter: { ${ourLeads}, ${filter} }) { aggregate { count } } }`)).leads.aggregate!.count),
    );
    expect(new Set(counts).size).toBeGreaterThan(5);
  });
});

describe('one statement each', () => {
  it('an aggregate, and groups, each in one SQL statement; no page is read when none is asked for', async () => {
    const { count, statements } = await countStatements(() =>
      data(`{ webEvents(filter: { ${ourEvents}, name: { equals: "Login" } }) {
        aggregate { count countDistinct(field: accountId) names: countDistinct(field: name) }
        groupedAggregates(groupBy: [{ field: eventTime, truncate: DAY }, { field: name }]) { keys count countDistinct(field: accountId) }
      } }`),
    );
    expect(count, statements.join('\n')).toBe(2);
  });

  it('fragments, aliases and variables are read from the selection', async () => {
    const result = await execute<Data, unknown>(
      `query ($field: LeadNumericField!, $skip: Boolean!) { leads(filter: { ${ourLeads} }) { aggregate { ...Numbers ... on LeadAggregate { n: count } skipped: count @skip(if: $skip) } } }
       fragment Numbers on LeadAggregate { total: sum(field: $field) }`,
      { field: 'year', skip: true },
    );
    expect(result.data?.leads.aggregate).toEqual({ total: 2000 * 7 + 2001 * 7 + 2002 * 6, n: 20 });
  });
});

describe('personal data and bad input', () => {
  it('without pii:read, no group, distinct count or number over a personal field: 403 naming it', async () => {
    const cases = [
      ['consumers', 'groupedAggregates(groupBy: [{ field: birthDate }]) { count }', 'to group by birthDate'],
      ['consumers', 'aggregate { countDistinct(field: ssn) }', 'to count the distinct values of ssn'],
      ['consumers', 'aggregate { countDistinct(field: birthDate) }', 'to count the distinct values of birthDate'],
    ] as const;
    for (const [list, selection, use] of cases) {
      const result = await query(`{ ${list} { ${selection} } }`, ['read']);
      expect(result.status).toBe(403);
      expect(result.errors?.[0].message).toBe(`Forbidden: this API key lacks the scope it needs (pii:read, ${use})`);
    }
    // With the scope: the distinct count of an encrypted field, by its digest.
    const allowed = await data(`{ consumers(filter: { id: { startsWith: "con_${prefix}" } }) { aggregate { countDistinct(field: ssn) } } }`);
    expect(allowed.consumers.aggregate).toEqual({ countDistinct: 1 });
  });

  it('bad groups are 400s naming the argument', async () => {
    const cases = [
      ['groupBy: [{ field: name, truncate: DAY }]', 'groupBy.0.truncate', 'applies to a date or an instant; name is neither'],
      ['groupBy: []', 'groupBy', 'must name at least one field'],
      ['groupBy: [{ field: name }], first: 0', 'first', 'must be from 1 to 1000'],
      ['groupBy: [{ field: name }], first: 1001', 'first', 'must be from 1 to 1000'],
    ] as const;
    for (const [args, field, message] of cases) {
      const result = await query(`{ webEvents { groupedAggregates(${args}) { count } } }`);
      expect(result.status, JSON.stringify(result)).toBe(400);
      expect(result.errors?.[0].extensions?.problems).toEqual([{ field, message }]);
    }
    const ssn = await query(`{ consumers { groupedAggregates(groupBy: [{ field: ssn }]) { count } } }`);
    expect(ssn.errors?.[0].extensions?.problems).toEqual([{ field: 'groupBy.0.field', message: 'ssn is stored encrypted: count its distinct values instead' }]);
    const hour = await query(`{ consumers { groupedAggregates(groupBy: [{ field: birthDate, truncate: HOUR }]) { count } } }`);
    expect(hour.errors?.[0].extensions?.problems).toEqual([
      { field: 'groupBy.0.truncate', message: 'birthDate is a calendar date: truncate it to DAY, WEEK or MONTH' },
    ]);
  });

  it('a field that is not the entity’s, or not numeric, is refused by the schema', async () => {
    for (const selection of ['countDistinct(field: constructor)', 'sum(field: notes)', 'countDistinct(field: __proto__)']) {
      const result = await query(`{ leads { aggregate { ${selection} } } }`);
      expect(result.status).toBe(400);
      expect(result.errors?.[0].message).toMatch(/does not exist in "Lead(Aggregate|Numeric)Field" enum|Expected value of type/);
    }
  });
});

describe('a filter on a sensitive property', () => {
  it('counts over the events whose property is a number, never failing on the encrypted ones (REST and GraphQL)', async () => {
    const definition = { name: 'Income Stated', properties: { income: { type: 'number', sensitive: true } } };
    expect((await rest('POST', '/api/eventdefinitions', { body: definition })).status).toBe(201);
    for (const income of [10_000, 20_000, 30_000]) {
      expect((await rest('POST', '/api/webevents', { body: { name: 'Income Stated', properties: { income } } })).status).toBe(200);
    }
    await rest('POST', '/api/webevents', { body: { name: 'Income Plain', properties: { income: 25_000 } } });
    const counted = await rest('GET', '/api/webevents/aggregate?where[properties.income][greater_than]=15000');
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    // Web events keep the commerce envelope; the plain event's 25,000 is the one number.
    expect(counted.body.data.count).toBe(1);
    const graphql = await execute<{ webEvents: { aggregate: { count: number } } }, undefined>(
      '{ webEvents(filter: { properties: { path: "income", gt: 15000 } }) { aggregate { count } } }',
    );
    expect(graphql.errors).toBeUndefined();
    expect(graphql.data?.webEvents.aggregate.count).toBe(1);
  });
});
