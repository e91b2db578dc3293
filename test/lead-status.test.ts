// Lead statuses are configuration (src/model/lead-statuses.ts): a status must be one of them, a
// closing one needs a reason, a move must be allowed from the status stored when the write takes
// the row, and every change leaves a history row, over GraphQL, REST and nested writes alike.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { testApiKey } from './helpers/api-key.js';
import { countStatements, execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

let serial = 0;
async function newLead(fields = ''): Promise<string> {
  serial += 1;
  const { createLead } = await ok<{ createLead: { id: string } }, undefined>(
    `mutation { createLead(input: { email: "status${serial}@example.com", phoneNumber: "555-0100" ${fields} }) { id } }`,
  );
  return createLead.id;
}

const stored = (id: string) => prisma.lead.findUniqueOrThrow({ where: { id }, select: { processStatuses: true, reason: true, notes: true } });
const historyOf = (id: string) =>
  prisma.leadStatusChange.findMany({
    where: { leadId: id },
    orderBy: { id: 'asc' },
    select: { fromStatus: true, toStatus: true, reason: true, changedBy: true },
  });

describe('lead statuses', () => {
  it('start a new lead at the first status and record it, by the key that wrote it', async () => {
    const id = await newLead();
    expect((await stored(id)).processStatuses).toBe('New');
    expect(await historyOf(id)).toEqual([{ fromStatus: null, toStatus: 'New', reason: null, changedBy: expect.stringMatching(/^test /) }]);
  });

  it('move along the configured moves, each leaving a history row readable over GraphQL and REST', async () => {
    const id = await newLead();
    await ok(`mutation { updateLead(id: "${id}", input: { processStatuses: "Contacted" }) { id } }`);
    const patched = await rest('PATCH', `/api/leads/${id}`, { body: { processStatuses: 'Lost', reason: 'Do Not Contact' } });
    expect(patched.status).toBe(200);
    expect(patched.body.doc).toMatchObject({ processStatuses: 'Lost', reason: 'Do Not Contact' });
    // The same status again is no move and no history row.
    await ok(`mutation { updateLead(id: "${id}", input: { processStatuses: "Lost", reason: "Do Not Contact", notes: "again" }) { id } }`);

    const { lead } = await ok<{ lead: { statusHistory: Record<string, unknown>[] } }, undefined>(
      `{ lead(id: "${id}") { statusHistory { from to reason changedBy changedAt } } }`,
    );
    expect(lead.statusHistory.map(({ from, to, reason }) => [from, to, reason])).toEqual([
      [null, 'New', null],
      ['New', 'Contacted', null],
      ['Contacted', 'Lost', 'Do Not Contact'],
    ]);
    expect(lead.statusHistory[2].changedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const history = await rest('GET', `/api/leads/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.totalDocs).toBe(3);
    expect(history.body.docs[2]).toMatchObject({ from: 'Contacted', to: 'Lost', reason: 'Do Not Contact', changedBy: expect.stringMatching(/^test /) });
  });

  it('refuse a move the configuration does not allow: 400 naming from and to, nothing stored', async () => {
    const id = await newLead(', processStatuses: "Qualified Lead"');
    await ok(`mutation { updateLead(id: "${id}", input: { processStatuses: "Sold", reason: "Financed" }) { id } }`);
    const before = await historyOf(id);

    const response = await rest('PATCH', `/api/leads/${id}`, { body: { processStatuses: 'New', notes: 'should not be kept' } });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/processStatuses: may not move from "Sold" to "New"/);
    expect(response.body.error.problems).toEqual([{ field: 'processStatuses', message: expect.stringContaining('no other status') }]);

    const graphql = await execute(`mutation { updateLead(id: "${id}", input: { processStatuses: "Contacted" }) { id } }`);
    expect(graphql.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/input.processStatuses: may not move from "Sold" to "Contacted"/),
      extensions: { code: 'BAD_USER_INPUT' },
    });

    expect(await stored(id)).toEqual({ processStatuses: 'Sold', reason: 'Financed', notes: null });
    expect(await historyOf(id)).toEqual(before);

    // A key that may not read is not told the stored status by the refusal.
    const writeOnly = { authorization: await testApiKey(['write']) };
    const blind = await rest('PATCH', `/api/leads/${id}`, { body: { processStatuses: 'New' }, headers: writeOnly });
    expect(blind.status).toBe(400);
    expect(blind.body.error.message).toBe('processStatuses: may not move to "New" from the status the lead has');
    const cleared = await rest('PATCH', `/api/leads/${id}`, { body: { reason: null }, headers: writeOnly });
    expect(cleared.body.error.message).toBe('Missing Required Information: reason: is required while the lead is in a closing status');
  });

  it('refuse a status that is not configured, naming the field and the statuses there are', async () => {
    const id = await newLead(', processStatuses: "Qualified Lead"');
    const response = await rest('PATCH', `/api/leads/${id}`, { body: { processStatuses: 'Banana' } });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([
      { field: 'processStatuses', message: expect.stringMatching(/^must be one of the lead statuses: New, Contacted, /) },
    ]);
    const cleared = await rest('PATCH', `/api/leads/${id}`, { body: { processStatuses: null } });
    expect(cleared.status).toBe(400);
    expect(cleared.body.error.message).toMatch(/processStatuses: cannot be cleared/);
    const created = await rest('POST', '/api/leads', { body: { email: 'banana@example.com', phone: '555-0100', processStatuses: 'Banana' } });
    expect(created.status).toBe(400);
    expect(await prisma.lead.count({ where: { email: 'banana@example.com' } })).toBe(0);
    expect((await stored(id)).processStatuses).toBe('Qualified Lead');
    expect(await historyOf(id)).toHaveLength(1);
  });

  it('require a reason for a closing status, in the write that moves there', async () => {
    const id = await newLead(', processStatuses: "Negotiating"');
    const response = await rest('PATCH', `/api/leads/${id}`, { body: { processStatuses: 'Lost', reason: ' ' } });
    expect(response.status).toBe(400);
    expect(response.body.error.problems).toEqual([{ field: 'reason', message: 'is required with processStatuses "Lost", a closing status' }]);
    const created = await execute(`mutation { createLead(input: { email: "sold@example.com", phoneNumber: "555-0100", processStatuses: "Sold" }) { id } }`);
    expect(created.errors?.[0].extensions?.problems).toEqual([{ field: 'input.reason', message: 'is required with processStatuses "Sold", a closing status' }]);
    expect((await stored(id)).processStatuses).toBe('Negotiating');
  });

  it('check moves made by nested writes too, and roll the whole write back', async () => {
    const id = await newLead(', processStatuses: "Qualified Lead"');
    await ok(`mutation { updateLead(id: "${id}", input: { processStatuses: "Sold", reason: "Cash" }) { id } }`);
    const response = await execute(
      `mutation { createAccount(input: { id: "acc_statusnest01", lead: { upsert: { id: "${id}", processStatuses: "Negotiating" } } }) { id } }`,
    );
    expect(response.errors?.[0].message).toMatch(/input.lead.upsert.processStatuses: may not move from "Sold" to "Negotiating"/);
    expect(await prisma.account.count({ where: { id: 'acc_statusnest01' } })).toBe(0);
    expect((await stored(id)).processStatuses).toBe('Sold');
  });

  it('keep the reason of a lead in a closing status: an update may change it, not clear it', async () => {
    const id = await newLead();
    await ok(`mutation { updateLead(id: "${id}", input: { processStatuses: "Lost", reason: "Do Not Contact" }) { id } }`);
    for (const reason of [null, '', '  ']) {
      const cleared = await rest('PATCH', `/api/leads/${id}`, { body: { reason } });
      expect(cleared.status, JSON.stringify(reason)).toBe(400);
      expect(cleared.body.errors[0].message).toMatch(/reason: is required while processStatuses is "Lost", a closing status/);
    }
    expect((await stored(id)).reason).toBe('Do Not Contact');
    expect((await rest('PATCH', `/api/leads/${id}`, { body: { reason: 'Bought elsewhere' } })).status).toBe(200);
    expect((await stored(id)).reason).toBe('Bought elsewhere');
    // A lead in an open status may lose its reason.
    const open = await newLead();
    await ok(`mutation { updateLead(id: "${open}", input: { reason: "callback" }) { id } }`);
    expect((await rest('PATCH', `/api/leads/${open}`, { body: { reason: null } })).status).toBe(200);
  });

  it('refuse a move in a bulk update for its document alone: listed in errors, the others written', async () => {
    const open = [
      await newLead(', processStatuses: "Qualified Lead", notes: "bulk-move"'),
      await newLead(', processStatuses: "Negotiating", notes: "bulk-move"'),
    ];
    const sold = await newLead(', processStatuses: "Qualified Lead", notes: "bulk-move"');
    await ok(`mutation { updateLead(id: "${sold}", input: { processStatuses: "Sold", reason: "Cash" }) { id } }`);

    const response = await rest('PATCH', '/api/leads?where[notes][equals]=bulk-move', { body: { processStatuses: 'Lost', reason: 'Bought elsewhere' } });
    expect(response.status).toBe(400);
    expect(response.body.docs.map((doc: { id: string }) => doc.id).sort()).toEqual([...open].sort());
    expect(response.body.errors).toEqual([
      expect.objectContaining({ id: sold, message: expect.stringMatching(/processStatuses: may not move from "Sold" to "Lost"/) }),
    ]);
    for (const id of open) expect(await stored(id)).toMatchObject({ processStatuses: 'Lost', reason: 'Bought elsewhere' });
    expect(await stored(sold)).toMatchObject({ processStatuses: 'Sold', reason: 'Cash' });
    expect((await historyOf(sold)).map((change) => change.toStatus)).toEqual(['Qualified Lead', 'Sold']);

    const graphql = await ok<{ updateLeads: { docs: { id: string }[]; errors: { key: string[]; code: string; field: string }[] } }, undefined>(
      `mutation { updateLeads(where: { notes: { equals: "bulk-move" } }, input: { processStatuses: "New" }, limit: 10) { docs { id } errors { key code field } } }`,
    );
    expect(graphql.updateLeads.docs.map((doc) => doc.id).sort()).toEqual([...open].sort());
    expect(graphql.updateLeads.errors).toEqual([{ key: [sold], code: 'BAD_USER_INPUT', field: 'input.processStatuses' }]);
  });

  it('answer the history route with 404, 401 and 405 as the other routes do', async () => {
    expect((await rest('GET', '/api/leads/led_nosuchlead01/history')).status).toBe(404);
    // A lead in the trash has its history with ?trash=true, as its document.
    const trashed = await newLead();
    await rest('DELETE', `/api/leads/${trashed}`);
    expect((await rest('GET', `/api/leads/${trashed}/history`)).status).toBe(404);
    expect((await rest('GET', `/api/leads/${trashed}/history?trash=true`)).body.totalDocs).toBe(1);
    expect((await rest('GET', `/api/leads/${trashed}/history?trash=maybe`)).status).toBe(400);
    expect((await rest('GET', '/api/leads/led_nosuchlead01/history', { key: false })).status).toBe(401);
    const post = await rest('POST', '/api/leads/led_nosuchlead01/history', { body: {} });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('lists the configuration', async () => {
    const { leadStatuses } = await ok<{ leadStatuses: { name: string; closing: boolean; movesTo: string[] }[] }, undefined>(
      '{ leadStatuses { name closing movesTo } }',
    );
    expect(leadStatuses[0]).toEqual({ name: 'New', closing: false, movesTo: ['Contacted', 'Qualified Lead', 'Lost'] });
    expect(leadStatuses.find((status) => status.name === 'Sold')).toEqual({ name: 'Sold', closing: true, movesTo: [] });
  });

  it('write the history in the statement that writes the lead; a move is checked in a transaction', async () => {
    const created = await countStatements(() => newLead());
    expect(created.count).toBe(1);
    expect(created.statements[0]).toMatch(/^WITH written AS \(INSERT INTO "Lead"[\s\S]*INSERT INTO "LeadStatusChange"/);
    const id = await newLead();
    const moved = await countStatements(() => ok(`mutation { updateLead(id: "${id}", input: { processStatuses: "Contacted" }) { id } }`));
    expect(moved.statements.map((statement) => statement.split(/\s/)[0])).toEqual(['WITH', expect.stringMatching(/COMMIT|--/)]);
  });
});

describe.runIf(process.env.TEST_DATABASE === 'postgres')('concurrent moves of one lead', () => {
  it('let one of two conflicting moves win and refuse the other, in every round', async () => {
    for (let round = 0; round < 20; round += 1) {
      const id = await newLead(', processStatuses: "Qualified Lead"');
      // From "Qualified Lead" both are allowed; from either result the other is not.
      const [sold, contacted] = await Promise.all([
        execute(`mutation { updateLead(id: "${id}", input: { processStatuses: "Sold", reason: "Cash" }) { id } }`),
        execute(`mutation { updateLead(id: "${id}", input: { processStatuses: "Contacted" }) { id } }`),
      ]);
      const won = [sold, contacted].filter((result) => !result.errors);
      expect(won, `round ${round}`).toHaveLength(1);
      const history = await historyOf(id);
      expect(history).toHaveLength(2);
      expect(history[1].fromStatus).toBe('Qualified Lead');
      expect((await stored(id)).processStatuses).toBe(history[1].toStatus);
    }
  });

  it('read back as a chain, each from the one before, however the moves raced', async () => {
    const { leadStatuses } = await ok<{ leadStatuses: { name: string }[] }, undefined>('{ leadStatuses { name } }');
    const names = leadStatuses.map((status) => status.name);
    for (let round = 0; round < 10; round += 1) {
      const id = await newLead(', processStatuses: "Qualified Lead"');
      await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          execute(
            `mutation { updateLead(id: "${id}", input: { processStatuses: "${names[(round + index * 5) % names.length]}", reason: "r${index}" }) { id } }`,
          ),
        ),
      );
      const { lead } = await ok<{ lead: { processStatuses: string; statusHistory: { from: string | null; to: string }[] } }, undefined>(
        `{ lead(id: "${id}") { processStatuses statusHistory { from to } } }`,
      );
      for (const [index, change] of lead.statusHistory.slice(1).entries()) expect(change.from, `round ${round}`).toBe(lead.statusHistory[index].to);
      expect(lead.statusHistory.at(-1)?.to).toBe(lead.processStatuses);
    }
  });
});
