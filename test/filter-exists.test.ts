// `exists` on a column that always has a value (a key, a required field), directly or through a
// relation: true matches every record that has the relation, false none; never a 500 (Prisma
// refuses `not: null` on a column that cannot be null).
import { describe, expect, it } from 'vitest';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

describe('exists on a column that always has a value', () => {
  it('matches through a relation and on the record itself, over GraphQL and REST', async () => {
    await ok(`mutation { createAccount(input: { id: "acc_exists00001" }) { id } }`);
    await rest('POST', '/api/webevents', { body: { name: 'Exists Check', account: 'acc_exists00001' } });
    await rest('POST', '/api/webevents', { body: { name: 'Exists Check' } });
    const counts = await execute<Record<string, { totalCount: number }>, undefined>(`{
      withAccount: webEvents(filter: { name: { equals: "Exists Check" }, account: { id: { exists: true } } }) { totalCount }
      withoutId: webEvents(filter: { name: { equals: "Exists Check" }, id: { exists: false } }) { totalCount }
      withId: webEvents(filter: { name: { equals: "Exists Check" }, id: { exists: true } }) { totalCount }
      leads: leads(filter: { email: { exists: false } }) { totalCount }
    }`);
    expect(counts.status).toBe(200);
    expect(counts.data).toEqual({ withAccount: { totalCount: 1 }, withoutId: { totalCount: 0 }, withId: { totalCount: 2 }, leads: { totalCount: 0 } });
    const listed = await rest('GET', '/api/webevents?where[name][equals]=Exists Check&where[account.id][exists]=true');
    expect(listed.status).toBe(200);
    expect(listed.body.data.totalDocs).toBe(1);
  });
});

// Outside attack A1: Prisma drops a NOT of nothing, so a NOT whose inside holds of every record
// matched every record in lists, counts and bulk writes (while the aggregate, built apart, said 0).
describe('a NOT of what holds of every record', () => {
  it('matches no record in a list, its count, its aggregate and a bulk update', async () => {
    await ok(`mutation {
      a: createVehicle(input: { vin: "1C4HJXEN5MWN00001", make: "Jeep", model: "Wrangler", year: 2020, bodyStyle: "SUV", drivetrain: "4WD", engine: "V6", transmission: "Automatic" }) { vin }
      b: createVehicle(input: { vin: "1C4HJXEN5MWN00002", make: "Jeep", model: "Wrangler", year: 2021, bodyStyle: "SUV", drivetrain: "4WD", engine: "V6", transmission: "Automatic" }) { vin }
    }`);
    for (const not of ['{}', '{ AND: [] }', '{ make: {} }', '{ vin: { exists: true } }', '{ AND: [{ make: {} }, { vin: { exists: true } }] }']) {
      const counts = await execute<{ vehicles: { totalCount: number; aggregate: { count: number } } }, undefined>(
        `{ vehicles(filter: { NOT: ${not} }) { totalCount aggregate { count } } }`,
      );
      expect(counts.data, not).toEqual({ vehicles: { totalCount: 0, aggregate: { count: 0 } } });
      const updated = await execute<{ updateVehicles: { docs: unknown[] } }, undefined>(
        `mutation { updateVehicles(where: { NOT: ${not} }, input: { trim: "HACKED" }, limit: 100) { docs { vin } } }`,
      );
      expect(updated.data?.updateVehicles.docs, not).toEqual([]);
    }
    const trims = await execute<{ vehicles: { totalCount: number } }, undefined>('{ vehicles(filter: { trim: { equals: "HACKED" } }) { totalCount } }');
    expect(trims.data).toEqual({ vehicles: { totalCount: 0 } });
    // A NOT of a real condition still negates it.
    const others = await execute<{ vehicles: { totalCount: number } }, undefined>(
      '{ vehicles(filter: { vin: { in: ["1C4HJXEN5MWN00001", "1C4HJXEN5MWN00002"] }, NOT: { year: { equals: 2020 } } }) { totalCount } }',
    );
    expect(others.data).toEqual({ vehicles: { totalCount: 1 } });
  });
});
