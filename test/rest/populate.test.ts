// Payload's populate: the fields of a collection's documents wherever they are populated, on reads,
// lists and writes; names checked (400). joins on a collection without join fields: a 400 (test/rest/joins.test.ts has the others).
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../helpers/graph.js';
import { rest } from '../helpers/rest.js';

const prefix = 'popu';
const lead = `led_${prefix}00`;

beforeAll(() => buildGraph(prefix));

describe('populate', () => {
  it("keeps the fields named of every populated document of the collection, at any depth, and leaves the others' whole", async () => {
    const whole = (await rest('GET', `/api/leads/${lead}?depth=2`)).body;
    const response = await rest('GET', `/api/leads/${lead}?depth=2&populate[salesReps][firstName]=true&populate[agents][model]=false`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.salesRep).toEqual({ id: whole.salesRep.id, firstName: whole.salesRep.firstName });
    expect(response.body.consumer).toEqual(whole.consumer);
    // An agent populated under a rep of a list, with select on the lead as well.
    const list = await rest('GET', `/api/leads?where[id][equals]=${lead}&depth=2&populate[agents][model]=false&select[salesRep]=true`);
    expect(list.body.docs[0].salesRep.agent).toEqual(expect.objectContaining({ id: whole.salesRep.agent.id }));
    expect(list.body.docs[0].salesRep.agent).not.toHaveProperty('model');
    expect(Object.keys(list.body.docs[0])).toEqual(['id', 'salesRep']);
  });

  it('leaves keys below the depth as they are', async () => {
    const response = await rest('GET', `/api/leads/${lead}?depth=0&populate[salesReps][firstName]=true`);
    expect(typeof response.body.salesRep).toBe('string');
  });

  it('refuses what it cannot read with a 400 naming it; joins on leads, which have no join field', async () => {
    const cases = [
      ['populate[nothing][id]=true', 'populate.nothing: is not a collection'],
      ['populate[salesReps][bogus]=true', 'populate.salesReps.bogus: is not a field of SalesRep documents'],
      ['populate=x', 'populate: must name a collection and its fields, such as populate[salesReps][firstName]=true'],
    ] as const;
    for (const [query, message] of cases) {
      const response = await rest('GET', `/api/leads/${lead}?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.message, query).toBe(message);
    }
    expect((await rest('GET', `/api/leads?joins[x][limit]=5`)).body.error.message).toBe('joins: can only be false: Lead documents have no join field');
  });
});
