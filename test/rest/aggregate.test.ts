// GET /api/<collection>/aggregate: the connection's aggregates through REST, with Payload's where,
// names checked against the entity (400 naming the parameter), personal fields under pii:read.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../src/db.js';
import { testApiKey } from '../helpers/api-key.js';
import { countStatements, execute } from '../helpers/graphql.js';
import { rest } from '../helpers/rest.js';

const day0 = Date.UTC(2026, 4, 4); // Monday 2026-05-04
const events = Array.from({ length: 12 }, (_, index) => ({
  id: `wev_ragg${String(index).padStart(2, '0')}`,
  name: index % 2 ? 'Login' : 'View',
  accountId: `acc_ragg${index % 3}`,
  eventTime: new Date(day0 + Math.floor(index / 4) * 86_400_000 + index * 60_000),
}));
const leads = Array.from({ length: 6 }, (_, index) => ({
  id: `led_ragg${String(index).padStart(8, '0')}`,
  email: `ragg${index}@example.com`,
  phoneNumber: `555-010${index % 2}`,
  processStatuses: index < 4 ? 'New' : 'Qualified Lead',
  monthlyPayment: index === 5 ? null : 100 + index * 50,
  year: 2020 + (index % 2),
}));

beforeAll(async () => {
  await prisma.webEvent.createMany({ data: events });
  await prisma.lead.createMany({ data: leads });
});

const ours = (slug: string) => `where[id][like]=${slug === 'leads' ? 'led' : 'wev'}_ragg`;

describe('GET /api/<collection>/aggregate', () => {
  it('web events per day with their distinct accounts, in the commerce envelope, in one statement', async () => {
    let response: Awaited<ReturnType<typeof rest>> | undefined;
    const { count } = await countStatements(async () => {
      response = await rest('GET', `/api/webevents/aggregate?${ours('webevents')}&where[name][equals]=Login&groupBy=eventTime:day&countDistinct=accountId`);
    });
    expect(response!.status, JSON.stringify(response!.body)).toBe(200);
    expect(count).toBe(1);
    const days = [0, 1, 2].map((day) => {
      const ofDay = events.filter((event, index) => Math.floor(index / 4) === day && event.name === 'Login');
      return {
        key: { eventTime: new Date(day0 + day * 86_400_000).toISOString() },
        count: ofDay.length,
        countDistinct: { accountId: new Set(ofDay.map((event) => event.accountId)).size },
      };
    });
    expect(response!.body).toEqual({ data: { groups: days }, success: true });
  });

  it('sum, avg, min and max of the leads where matches; an alias keeps its name; keys keep their type', async () => {
    const response = await rest('GET', `/api/leads/aggregate?${ours('leads')}&sum=monthlyPayment&avg=monthlyPayment&min=year&max=year&countDistinct=phone`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const payments = leads.map((lead) => lead.monthlyPayment).filter((value): value is number => value !== null);
    const sum = payments.reduce((total, value) => total + value, 0);
    expect(response.body).toEqual({
      count: 6,
      countDistinct: { phone: 2 },
      sum: { monthlyPayment: sum },
      avg: { monthlyPayment: sum / payments.length },
      min: { year: 2020 },
      max: { year: 2021 },
    });
    const grouped = await rest('GET', `/api/leads/aggregate?${ours('leads')}&groupBy=processStatuses,year&groupLimit=3`);
    expect(grouped.body).toEqual({
      groups: [
        { key: { processStatuses: 'New', year: 2020 }, count: 2 },
        { key: { processStatuses: 'New', year: 2021 }, count: 2 },
        { key: { processStatuses: 'Qualified Lead', year: 2020 }, count: 1 },
      ],
    });
  });

  it('bad names and values are 400s naming the parameter', async () => {
    const cases = [
      ['sum=notes', 'sum.0: notes is not a numeric field of Lead'],
      ['sum=constructor', 'sum.0: constructor is not a numeric field of Lead'],
      ['countDistinct=__proto__', 'countDistinct.0: __proto__ is not a field that holds one value of Lead'],
      ['groupBy=timeToPurchase', 'groupBy.0: timeToPurchase is not a field that holds one value of Lead'],
      ['groupBy=createdAt:fortnight', 'groupBy.0: must be a field, or a date or instant field and a unit: createdAt:day (hour, day, week, month)'],
      ['groupBy=year&groupLimit=0', 'groupLimit: must be an integer from 1 to 1000'],
      ['groupLimit=5', 'groupLimit: applies to groups: give groupBy'],
      ['sum=', 'sum: must be field names separated by commas'],
      ['groupBy=notes:day', 'groupBy.0.truncate: applies to a date or an instant; notes is neither'],
      ['limit=5', 'limit: is not a query parameter of this route (it takes where, groupBy, groupLimit, countDistinct, sum, avg, min, max, locale, trash)'],
    ] as const;
    for (const [query, message] of cases) {
      const response = await rest('GET', `/api/leads/aggregate?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.message, query).toBe(message);
    }
  });

  it('leaves the trash out unless trash=true, in REST and GraphQL', async () => {
    await prisma.lead.create({ data: { id: 'led_raggtrash1', email: 'trash@example.com', phoneNumber: '555-0100', deletedAt: new Date() } });
    const where = 'where[id][like]=led_ragg';
    expect((await rest('GET', `/api/leads/aggregate?${where}`)).body).toEqual({ count: 6 });
    expect((await rest('GET', `/api/leads/aggregate?${where}&trash=true`)).body).toEqual({ count: 7 });
    const grouped = await rest('GET', `/api/leads/aggregate?${where}&groupBy=email&groupLimit=1000&trash=false`);
    expect(grouped.body.groups).toHaveLength(6);
    const graphql = await execute<{ leads: { aggregate: { count: number } } }, unknown>(
      `{ leads(filter: { id: { startsWith: "led_ragg" } }, trash: true) { aggregate { count } } }`,
    );
    expect(graphql.data?.leads.aggregate.count).toBe(7);
  });

  it('needs the read scope; a personal field needs pii:read', async () => {
    expect((await rest('GET', '/api/leads/aggregate', { key: false })).status).toBe(401);
    const readOnly = { authorization: await testApiKey(['read']) };
    const refused = await rest('GET', '/api/consumers/aggregate?groupBy=birthDate:month', { headers: readOnly });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Forbidden: this API key lacks the scope it needs (pii:read, to group by birthDate)');
    expect((await rest('GET', '/api/consumers/aggregate?groupBy=birthDate:month')).status).toBe(200);
    expect((await rest('POST', '/api/leads/aggregate', { body: {} })).status).toBe(405);
  });
});
