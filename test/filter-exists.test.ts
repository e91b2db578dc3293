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
