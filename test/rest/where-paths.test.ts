// Payload's where beyond one field: not_like, all, and paths through relations
// (`where[salesRep.agent.model][equals]=...`), with the same scope rules for personal data.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../src/db.js';
import { testApiKey } from '../helpers/api-key.js';
import { buildGraph } from '../helpers/graph.js';
import { execute } from '../helpers/graphql.js';
import { rest } from '../helpers/rest.js';

const prefix = 'wpath';

beforeAll(async () => {
  await buildGraph(prefix);
  await prisma.agent.create({ data: { id: `ai_${prefix}x`, model: 'claude' } });
  // Rep 1 is automated by another agent; the leads of rep 1 (every third from 1) then differ.
  await prisma.salesRep.update({ where: { id: `srep_${prefix}1` }, data: { agentId: `ai_${prefix}x`, firstName: 'Other' } });
  await prisma.lead.update({ where: { id: `led_${prefix}00` }, data: { timeToPurchase: ['ASAP', 'This Month'], notes: 'red truck' } });
  await prisma.lead.update({ where: { id: `led_${prefix}01` }, data: { timeToPurchase: ['ASAP'], notes: 'blue truck' } });
});

const leadIds = async (query: string) => {
  const response = await rest('GET', `/api/leads?where[id][like]=led_${prefix}&${query}&limit=100&sort=id&depth=0`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.docs.map((doc: { id: string }) => doc.id.slice(`led_${prefix}`.length));
};
const leadsOfRep = (rep: number) =>
  Array.from({ length: 20 }, (_, index) => index)
    .filter((index) => index % 3 === rep)
    .map((index) => String(index).padStart(2, '0'));

describe('operators', () => {
  it('not_like: not every word of it', async () => {
    const ids = await leadIds('where[notes][not_like]=red truck');
    expect(ids).toContain('01');
    expect(ids).not.toContain('00');
    // Nulls are not "like" anything either way, as SQL has it: a lead without notes matches neither.
    expect(await leadIds('where[notes][like]=truck')).toEqual(['00', '01']);
  });

  it('like and not_like without a word are a 400 naming the operator: no condition would match everything', async () => {
    for (const operator of ['like', 'not_like']) {
      for (const value of ['', '%20%20']) {
        const response = await rest('GET', `/api/leads?where[notes][${operator}]=${value}`);
        expect([operator, value, response.status]).toEqual([operator, value, 400]);
        expect(response.body.errors[0].message).toMatch(/like: needs at least one word/);
      }
    }
    const graphql = await execute('{ leads(filter: { notes: { like: " " } }) { totalCount } }');
    expect(graphql.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('takes a day for an instant (its first moment, UTC), and names the parameter of a NUL value', async () => {
    const before = await rest('GET', '/api/leads?where[createdAt][less_than]=2000-01-01');
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect(before.body.totalDocs).toBe(0);
    expect((await rest('GET', '/api/leads?where[createdAt][greater_than]=2000-01-01')).body.totalDocs).toBeGreaterThan(0);
    // Personal data is no ordering: the REST message, not GraphQL's enum.
    const sorted = await rest('GET', '/api/consumers?sort=birthDate');
    expect(sorted.status).toBe(400);
    expect(sorted.body.errors[0]).toEqual({ field: 'sort', message: 'sort: term 1 is personal data, which is never an ordering' });
    const nul = await rest('GET', '/api/leads?where[email][equals]=%00');
    expect(nul.status).toBe(400);
    expect(nul.body.errors).toEqual([{ field: 'where.email.equals', message: 'where.email.equals: must not contain the NUL character' }]);
  });

  it('all: a list holding every value given', async () => {
    expect(await leadIds('where[timeToPurchase][all]=ASAP,This Month')).toEqual(['00']);
    expect(await leadIds('where[timeToPurchase][all][0]=ASAP')).toEqual(['00', '01']);
  });

  it('all on a field of one value is a 400 naming it', async () => {
    const response = await rest('GET', '/api/leads?where[email][all]=a');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('where.email.all: is for fields that hold lists: use in for any of several values');
  });
});

describe('relation paths', () => {
  it('through a to-one relation', async () => {
    expect(await leadIds('where[salesRep.firstName][equals]=Other')).toEqual(leadsOfRep(1));
  });

  it('through two relations, and with the CRM name of a relation', async () => {
    expect(await leadIds('where[salesRep.agent.model][equals]=claude')).toEqual(leadsOfRep(1));
    expect(await leadIds('where[customers.lastName][in]=3,4')).toEqual(['03', '04']);
  });

  it('through a list: at least one of its records matches', async () => {
    const reps = await rest('GET', `/api/salesReps?where[creditBands.name][equals]=Prime&where[id][like]=srep_${prefix}&depth=0`);
    expect(reps.body.totalDocs).toBe(3);
    const none = await rest('GET', `/api/salesReps?where[creditBands.name][equals]=Subprime&where[id][like]=srep_${prefix}&depth=0`);
    expect(none.body.totalDocs).toBe(0);
  });

  it('combined with and / or, and in /count', async () => {
    expect(await leadIds('where[or][0][salesRep.firstName][equals]=Other&where[or][1][consumer.lastName][equals]=0')).toEqual(['00', ...leadsOfRep(1)].sort());
    const count = await rest('GET', `/api/leads/count?where[salesRep.agent.model][equals]=claude&where[id][like]=led_${prefix}`);
    expect(count.body).toEqual({ totalDocs: leadsOfRep(1).length });
  });

  it.each([
    ['a name that is no relation', 'where[email.domain][equals]=x', 'where.email.domain: is not a field Leads can be filtered by'],
    ['a field the target does not have', 'where[salesRep.shoeSize][equals]=9', 'where.salesRep.shoeSize: is not a field Leads can be filtered by'],
    ['a prototype name on the way', 'where[constructor.name][equals]=x', 'where.constructor.name: is not a field Leads can be filtered by'],
  ])('400 for %s', async (_name, query, message) => {
    const response = await rest('GET', `/api/leads?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(message);
  });

  it('needs pii:read to filter by personal data of a related record, as on the record itself', async () => {
    const query = `/api/leads?where[consumer.ssn][exists]=false&where[id][like]=led_${prefix}&depth=0`;
    const refused = await rest('GET', query, { headers: { authorization: await testApiKey(['read']) } });
    expect(refused.status).toBe(403);
    const allowed = await rest('GET', query, { headers: { authorization: await testApiKey(['read', 'pii:read']) } });
    expect(allowed.body.totalDocs).toBe(20);
  });
});

describe('GraphQL has the same relation filters', () => {
  it('on a connection, to-one and list', async () => {
    const result = await execute<{ leads: { totalCount: number }; salesReps: { totalCount: number } }, object>(
      `{
        leads(filter: { id: { startsWith: "led_${prefix}" }, salesRep: { agent: { model: { equals: "claude" } } } }) { totalCount }
        salesReps(filter: { id: { startsWith: "srep_${prefix}" }, creditBands: { name: { equals: "Prime" } } }) { totalCount }
      }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ leads: { totalCount: leadsOfRep(1).length }, salesReps: { totalCount: 3 } });
  });
});
