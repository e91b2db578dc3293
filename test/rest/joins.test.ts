// Payload's `joins`: a collection's reverse relations (a sales rep's leads, a consumer's leads, a
// city's addresses) listed on its documents when asked for, with limit, sort, where and count per
// join field, one statement per join for the whole answer; `joins=false` asks for none.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../src/db.js';
import { buildGraph, graphSize } from '../helpers/graph.js';
import { testApiKey } from '../helpers/api-key.js';
import { countStatements } from '../helpers/graphql.js';
import { yoga } from '../../src/yoga.js';

const prefix = 'joi';
const trashed = `led_${prefix}03`;

beforeAll(async () => {
  await buildGraph(prefix);
  await prisma.lead.update({ where: { id: trashed }, data: { deletedAt: new Date() } });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await yoga.fetch(`http://localhost${path}`, { headers: { authorization: await testApiKey(), ...headers } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { docs?: Record<string, unknown>[] } };
}

/** The keys of rep `rep`'s leads outside the trash, in key order. */
const leadsOf = (rep: number) =>
  Array.from({ length: graphSize.leads }, (_, index) => `led_${prefix}${String(index).padStart(2, '0')}`).filter(
    (id, index) => index % graphSize.salesReps === rep && id !== trashed,
  );

const reps = `/api/salesReps?where[id][like]=srep_${prefix}&sort=id&depth=0`;

describe('joins', () => {
  it('lists each document’s related keys, limit, sort, where and count per join field, the trash left out', async () => {
    const answer = await get(`${reps}&joins[leads][limit]=3&joins[leads][sort]=-id&joins[leads][count]=true`);
    expect(answer.status).toBe(200);
    answer.body.docs!.forEach((doc, rep) => {
      const all = leadsOf(rep).reverse();
      expect(doc.leads).toEqual({ docs: all.slice(0, 3), hasNextPage: true, totalDocs: all.length });
    });
    const filtered = await get(`${reps}&joins[leads][where][processStatuses][equals]=New&joins[leads][limit]=100`);
    filtered.body.docs!.forEach((doc, rep) => {
      const news = leadsOf(rep).filter((id) => Number(id.slice(-2)) % 2 === 1);
      expect(doc.leads).toEqual({ docs: news, hasNextPage: false });
    });
  });

  it('on one document, and for a city (a compound key), addresses in key order', async () => {
    const consumer = await get(`/api/consumers/con_${prefix}4?joins[leads]=true`);
    expect(consumer.body.leads).toEqual({ docs: [`led_${prefix}04`], hasNextPage: false });
    const city = await get(
      `/api/cities/IL/${encodeURIComponent(`${prefix} Springfield`)}?joins[addresses][limit]=2&joins[addresses][sort]=id&joins[addresses][count]=true`,
    );
    expect(city.status).toBe(200);
    expect(city.body.addresses).toEqual({
      docs: [`adr_${prefix}c0_0`, `adr_${prefix}c0_1`],
      hasNextPage: true,
      totalDocs: graphSize.salesReps + 2 * graphSize.leads,
    });
  });

  it('one statement per join field for a whole page; joins=false and no joins add none', async () => {
    const plain = await countStatements(() => get(`${reps}&select[firstName]=true`));
    const joined = await countStatements(() => get(`${reps}&select[firstName]=true&joins[leads][count]=true`));
    expect(joined.count - plain.count, joined.statements.join('\n')).toBe(1);
    const off = await get(`${reps}&joins=false`);
    expect(off.status).toBe(200);
    expect(off.body.docs![0]).not.toHaveProperty('leads');
    expect((await get('/api/vehicles?joins=false')).status).toBe(200);
  });

  it('bad joins are 400s naming the parameter; personal data needs pii:read', async () => {
    const cases = [
      [`${reps}&joins[deals][limit]=1`, 'joins.deals: is not a join field of SalesRep documents (they have leads)'],
      [`${reps}&joins[leads][limit]=0`, 'joins.leads.limit: must be a whole number from 1 to 100'],
      [`${reps}&joins[leads][skip]=1`, 'joins.leads.skip: is not an option of a join (it takes limit, sort, where, count)'],
      [`${reps}&joins[leads][where][nope][equals]=1`, expect.stringMatching(/^joins\.leads\.where/)],
      [`${reps}&joins[leads][count]=yes`, 'joins.leads.count: must be true or false'],
      ['/api/vehicles?joins[x][limit]=1', 'joins: can only be false: Vehicle documents have no join field'],
      [`${reps}&limit=0&joins[leads][limit]=1`, 'joins: applies to a page of at most 100 documents'],
    ] as const;
    for (const [path, message] of cases) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect((answer.body.errors as { message: string }[])[0].message, path).toEqual(message);
    }
    const readOnly = { authorization: await testApiKey(['read']) };
    const refused = await get(`/api/addresses?joins=false&where[id][equals]=adr_${prefix}r0`, readOnly);
    expect(refused.status).toBe(200);
    const pii = await get(`/api/salesReps?where[id][like]=srep_${prefix}&joins[leads][where][consumer.birthDate][exists]=true`, readOnly);
    expect(pii.status).toBe(403);
  });
});
