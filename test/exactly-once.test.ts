// Under load from many concurrent clients, mixing valid and invalid writes: afterwards every
// acknowledged write is in the database exactly once, and no rejected write is.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { consumerInput, leadInput } from './helpers/fixtures.js';
import { rest } from './helpers/rest.js';
import { slowTestTimeout } from './helpers/timeouts.js';

describe('a mixed load', { timeout: slowTestTimeout }, () => {
  it('keeps every acknowledged write once and no rejected one', async () => {
    const clients = 16;
    const perClient = 25;
    const acknowledged = new Set<string>();
    const rejected = new Set<string>();
    const answers = new Map<number, number>();
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let n = 0; n < perClient; n += 1) {
          const id = `${client}x${n}`;
          const kind = (client + n) % 4;
          // 0: an event; 1: an event posted twice; 2: an invalid event; 3: a lead, valid or not.
          const call =
            kind === 3
              ? rest('POST', '/api/leads', { body: { ...leadInput, id: `led_load${id}`, email: n % 2 ? 'not-an-email' : leadInput.email } })
              : rest('POST', '/api/webevents', {
                  body: {
                    id: `wev_load${id}`,
                    name: kind === 2 ? '' : 'View',
                    account: { id: `acc_load${client}`, consumer: { ...consumerInput, id: `con_load${client}` } },
                  },
                  key: false,
                });
          const response = await call;
          answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
          const key = kind === 3 ? `led_load${id}` : `wev_load${id}`;
          (response.status < 300 ? acknowledged : rejected).add(key);
          if (kind === 1) expect((await rest('POST', '/api/webevents', { body: { id: `wev_load${id}`, name: 'View' }, key: false })).status).toBe(200);
        }
      }),
    );
    // 201 for a lead created (Payload), 200 for a web event (the commerce OpenAPI).
    expect([...answers.keys()].every((status) => status === 200 || status === 201 || status === 400)).toBe(true);
    const events = await prisma.webEvent.findMany({ where: { id: { startsWith: 'wev_load' } }, select: { id: true } });
    const leads = await prisma.lead.findMany({ where: { id: { startsWith: 'led_load' } }, select: { id: true } });
    const stored = [...events, ...leads].map((row) => row.id);
    expect(new Set(stored).size).toBe(stored.length);
    expect(new Set(stored)).toEqual(acknowledged);
    for (const key of rejected) expect(stored).not.toContain(key);
    console.log(
      `mixed load: ${clients * perClient} writes from ${clients} clients, ${acknowledged.size} acknowledged and stored once, ${rejected.size} rejected and absent`,
    );
  });
});
