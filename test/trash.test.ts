// Deleting a Lead, Consumer, Account or SalesRep moves it to the trash (Payload's trash): hidden
// from lookups and lists unless asked for with trash, unchangeable but by a restore, purged by an
// admin or after TRASH_RETENTION_DAYS. References to it keep pointing to it.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { purgeExpiredTrash } from '../src/writes/delete.js';
import { testApiKey } from './helpers/api-key.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const lead = (id: string, more = '') => `mutation { createLead(input: { id: "${id}", email: "${id}@example.com", phoneNumber: "555-0100" ${more} }) { id } }`;
const operations = (recordKey: string) =>
  prisma.auditEntry.findMany({ where: { recordKey }, orderBy: { id: 'asc' }, select: { operation: true } }).then((rows) => rows.map((row) => row.operation));

describe('the trash', () => {
  it('keeps trashed leads out of a consumer’s and a rep’s lists and their totals', async () => {
    await ok(`mutation { createConsumer(input: { id: "con_trashlist001", firstName: "L", lastName: "T", phoneNumber: "555-0100", birthDate: "1990-01-01" }) { id }
      createSalesRep(input: { id: "srep_trashlist01", firstName: "R", lastName: "T" }) { id } }`);
    for (const id of ['led_trashlist001', 'led_trashlist002'])
      await ok(lead(id, ', consumer: { connect: "con_trashlist001" }, salesRep: { connect: "srep_trashlist01" }'));
    expect((await rest('DELETE', '/api/leads/led_trashlist002')).status).toBe(200);
    const lists = await ok<Record<string, { leads: { totalCount: number; edges: { node: { id: string } }[] } }>, undefined>(
      `{ consumer(id: "con_trashlist001") { leads { totalCount edges { node { id } } } } salesRep(id: "srep_trashlist01") { leads { totalCount edges { node { id } } } } }`,
    );
    for (const owner of [lists.consumer, lists.salesRep]) {
      expect(owner.leads).toEqual({ totalCount: 1, edges: [{ node: { id: 'led_trashlist001' } }] });
    }
  });

  it('hides a deleted lead from lookups and lists unless asked for with trash', async () => {
    await ok(lead('led_trash0000001'));
    const deleted = await rest('DELETE', '/api/leads/led_trash0000001');
    expect(deleted.status).toBe(200);
    expect(deleted.body.doc.id).toBe('led_trash0000001');
    expect((await rest('GET', '/api/leads/led_trash0000001')).status).toBe(404);
    const shown = await rest('GET', '/api/leads/led_trash0000001?trash=true');
    expect(shown.status).toBe(200);
    expect(shown.body.deletedAt).toMatch(/^\d{4}-/);
    const listed = await rest('GET', '/api/leads?where[id][equals]=led_trash0000001');
    expect(listed.body.totalDocs).toBe(0);
    expect((await rest('GET', '/api/leads?where[id][equals]=led_trash0000001&trash=true')).body.totalDocs).toBe(1);
    expect((await rest('GET', '/api/leads?trash=yes')).body.error.message).toBe('trash: must be true or false');

    const graphql = await ok<Record<string, { deletedAt?: string; totalCount?: number } | null>, undefined>(
      `{ hidden: lead(id: "led_trash0000001") { id } shown: lead(id: "led_trash0000001", trash: true) { deletedAt }
         live: leads(filter: { id: { equals: "led_trash0000001" } }) { totalCount } all: leads(filter: { id: { equals: "led_trash0000001" } }, trash: true) { totalCount } }`,
    );
    expect(graphql).toEqual({ hidden: null, shown: { deletedAt: expect.any(String) }, live: { totalCount: 0 }, all: { totalCount: 1 } });
    // A second delete finds nothing outside the trash.
    expect((await rest('DELETE', '/api/leads/led_trash0000001')).status).toBe(404);
  });

  it('refuses writes to a trashed record until it is restored, and restores it', async () => {
    await ok(lead('led_trash0000002'));
    await ok(
      `mutation { createConsumer(input: { id: "con_trash0000001", firstName: "T", lastName: "R", phoneNumber: "555-0101", birthDate: "1990-01-01" }) { id } }`,
    );
    await ok('mutation { deleteLead(id: "led_trash0000002") { id } deleteConsumer(id: "con_trash0000001") { id } }');

    expect((await rest('PATCH', '/api/leads/led_trash0000002', { body: { notes: 'x' } })).status).toBe(404);
    const nested = await execute('mutation { createAccount(input: { lead: { upsert: { id: "led_trash0000002", notes: "x" } } }) { id } }');
    expect(nested.errors?.[0].message).toBe('input.lead.upsert: names a Lead in the trash: restore it first');
    const connect = await execute(lead('led_trash0000003', ', consumer: { connect: "con_trash0000001" }'));
    expect(connect.errors?.[0].message).toBe('input.consumer.connect: names a Consumer in the trash: restore it first');
    const again = await rest('POST', '/api/leads', { body: { id: 'led_trash0000002', email: 'a@example.com', phone: '555-0100' } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/id: a Lead with this key already exists \(in the trash\)$/);
    expect((await prisma.lead.findUniqueOrThrow({ where: { id: 'led_trash0000002' } })).notes).toBeNull();

    const restored = await rest('POST', '/api/leads/led_trash0000002/restore');
    expect(restored.status).toBe(200);
    expect(restored.body.message).toBe('Restored successfully.');
    // The answer is the record as restored: out of the trash.
    expect(restored.body.doc).toMatchObject({ id: 'led_trash0000002' });
    expect(restored.body.doc).not.toHaveProperty('deletedAt');
    expect((await rest('POST', '/api/leads/led_trash0000002/restore')).status).toBe(404);
    expect((await rest('GET', '/api/leads/led_trash0000002/restore')).status).toBe(405);
    expect((await rest('PATCH', '/api/leads/led_trash0000002', { body: { notes: 'back' } })).status).toBe(200);
    await ok('mutation { restoreConsumer(id: "con_trash0000001") { id } }');
    expect(await operations('led_trash0000002')).toEqual(['create', 'delete', 'restore', 'update']);
  });

  it('keeps references to a trashed record pointing to it', async () => {
    await ok(`mutation { createSalesRep(input: { id: "srep_trash000001", firstName: "Gone", lastName: "Rep" }) { id } }`);
    await ok(lead('led_trash0000004', ', salesRep: { connect: "srep_trash000001" }'));
    await ok('mutation { deleteSalesRep(id: "srep_trash000001") { id } }');
    const { lead: found } = await ok<{ lead: { salesRepId: string; salesRep: { id: string; deletedAt: string } } }, undefined>(
      '{ lead(id: "led_trash0000004") { salesRepId salesRep { id deletedAt } } }',
    );
    expect(found).toEqual({ salesRepId: 'srep_trash000001', salesRep: { id: 'srep_trash000001', deletedAt: expect.any(String) } });
    // A soft reference (an account's lead) may name a trashed lead, as it may name one not there yet.
    await ok(lead('led_trash0000005'));
    await ok('mutation { deleteLead(id: "led_trash0000005") { id } }');
    await ok('mutation { createAccount(input: { id: "acc_trash0000001", lead: { connect: "led_trash0000005" } }) { id } }');
    expect((await prisma.account.findUniqueOrThrow({ where: { id: 'acc_trash0000001' } })).leadId).toBe('led_trash0000005');
  });

  it('purges a trashed record for good, by an admin only', async () => {
    await ok(lead('led_trash0000006'));
    expect((await rest('DELETE', '/api/leads/led_trash0000006?trash=true')).status).toBe(404);
    await ok('mutation { deleteLead(id: "led_trash0000006") { id } }');
    const writer = await testApiKey(['read', 'write']);
    expect((await rest('DELETE', '/api/leads/led_trash0000006?trash=true', { headers: { authorization: writer } })).status).toBe(403);
    expect(await prisma.lead.count({ where: { id: 'led_trash0000006' } })).toBe(1);
    const purged = await rest('DELETE', '/api/leads/led_trash0000006?trash=true');
    expect(purged.status).toBe(200);
    expect(purged.body.message).toBe('Deleted for good.');
    expect(await prisma.lead.count({ where: { id: 'led_trash0000006' } })).toBe(0);
    expect(await operations('led_trash0000006')).toEqual(['create', 'delete', 'purge']);
  });

  it('clears the references to a purged record as updates of the records holding them, audited', async () => {
    await ok(`mutation { createSalesRep(input: { id: "srep_trashpurge1", firstName: "Purged", lastName: "Rep" }) { id }
      createConsumer(input: { id: "con_trashpurge01", firstName: "P", lastName: "C", phoneNumber: "555-0100", birthDate: "1990-01-01" }) { id } }`);
    await ok(lead('led_trashpurge01', ', salesRep: { connect: "srep_trashpurge1" }, consumer: { connect: "con_trashpurge01" }'));
    await ok('mutation { deleteSalesRep(id: "srep_trashpurge1") { id } deleteConsumer(id: "con_trashpurge01") { id } }');
    expect((await rest('DELETE', '/api/salesreps/srep_trashpurge1?trash=true')).status).toBe(200);
    await prisma.consumer.update({ where: { id: 'con_trashpurge01' }, data: { deletedAt: new Date(Date.now() - 31 * 24 * 60 * 60 * 1000) } });
    expect(await purgeExpiredTrash(30)).toBeGreaterThanOrEqual(1);

    expect(await prisma.lead.findUniqueOrThrow({ where: { id: 'led_trashpurge01' }, select: { salesRepId: true, consumerId: true, updatedBy: true } })).toEqual(
      {
        salesRepId: null,
        consumerId: null,
        updatedBy: 'retention',
      },
    );
    const entries = await prisma.auditEntry.findMany({
      where: { recordKey: 'led_trashpurge01' },
      orderBy: { id: 'asc' },
      select: { operation: true, actor: true, fields: true },
    });
    expect(entries.slice(1)).toEqual([
      { operation: 'update', actor: expect.stringMatching(/^test /), fields: ['salesRep'] },
      { operation: 'update', actor: 'retention', fields: ['consumer'] },
    ]);
  });

  it('purges what has been in the trash longer than the retention', async () => {
    await ok(lead('led_trash0000007'));
    await ok(lead('led_trash0000008'));
    await ok('mutation { a: deleteLead(id: "led_trash0000007") { id } b: deleteLead(id: "led_trash0000008") { id } }');
    await prisma.lead.update({ where: { id: 'led_trash0000007' }, data: { deletedAt: new Date(Date.now() - 31 * 24 * 60 * 60 * 1000) } });
    expect(await purgeExpiredTrash(30)).toBe(1);
    expect(await prisma.lead.count({ where: { id: { in: ['led_trash0000007', 'led_trash0000008'] } } })).toBe(1);
    expect(await prisma.auditEntry.findFirst({ where: { recordKey: 'led_trash0000007', operation: 'purge' }, select: { actor: true } })).toEqual({
      actor: 'retention',
    });
  });

  it('writes what a delete for good does to the records holding the deleted one as their audited updates', async () => {
    await ok(`mutation {
      createAgent(input: { id: "ai_trashhold0001", model: "m", prompt: "p" }) { id }
      createAddress(input: { id: "adr_trashhold001", line1: "1 Holder Way", zip: "60601", city: { upsert: { name: "Chicago", state: { upsert: { code: "IL" } } } } }) { id }
      createVehicle(input: { vin: "2HGFC2F59JH000777", year: 2018, make: "Honda", model: "Civic", bodyStyle: "Sedan", engine: "2.0L", transmission: "CVT", drivetrain: "FWD" }) { vin } }`);
    await ok(
      `mutation { createSalesRep(input: { id: "srep_trashhold01", firstName: "H", lastName: "R", agent: { connect: "ai_trashhold0001" }, address: { connect: "adr_trashhold001" } }) { id } }`,
    );
    await ok(lead('led_trashhold001', ', favorites: [{ connect: "2HGFC2F59JH000777" }]'));
    for (const path of ['/api/agents/ai_trashhold0001', '/api/addresses/adr_trashhold001', '/api/vehicles/2HGFC2F59JH000777'])
      expect((await rest('DELETE', path)).status, path).toBe(200);

    const rep = await prisma.salesRep.findUniqueOrThrow({ where: { id: 'srep_trashhold01' }, select: { agentId: true, addressId: true, updatedBy: true } });
    expect(rep).toEqual({ agentId: null, addressId: null, updatedBy: expect.stringMatching(/^test /) });
    const fieldsOf = async (recordKey: string) =>
      (await prisma.auditEntry.findMany({ where: { recordKey, operation: 'update' }, orderBy: { id: 'asc' }, select: { fields: true } })).map(
        (entry) => entry.fields,
      );
    expect(await fieldsOf('srep_trashhold01')).toEqual([['agent'], ['address']]);
    expect(await fieldsOf('led_trashhold001')).toEqual([['favorites']]);
    const { lead: held } = await ok<{ lead: { favorites: unknown[] } }, undefined>('{ lead(id: "led_trashhold001") { favorites { vin } } }');
    expect(held.favorites).toEqual([]);
    // A required relation refuses the delete instead: a city with addresses stays, and so do they.
    await ok(
      'mutation { createAddress(input: { line1: "2 Holder Way", zip: "60601", city: { upsert: { name: "Holdton", state: { upsert: { code: "IL" } } } } }) { id } }',
    );
    expect((await rest('DELETE', '/api/cities/IL/Holdton')).status).toBe(409);
  });

  it('finds no consumer in the trash by identifier, and refuses a match that names one', async () => {
    await rest('POST', '/api/consumers', {
      body: { id: 'con_trashmatch01', firstName: 'A', lastName: 'X', email: 'trash-match@example.com', phoneNumber: '555-0100', birthDate: '1990-01-01' },
    });
    expect((await rest('DELETE', '/api/consumers/con_trashmatch01')).status).toBe(200);
    const { consumerByIdentifier } = await ok<{ consumerByIdentifier: unknown }, undefined>(
      '{ consumerByIdentifier(type: EMAIL, value: "trash-match@example.com") { id } }',
    );
    expect(consumerByIdentifier).toBeNull();
    const matched = await rest('POST', '/api/leads?depth=0', {
      body: { email: 'm@example.com', phoneNumber: '555-0100', consumer: { match: { type: 'EMAIL', value: 'trash-match@example.com' } } },
    });
    expect(matched.status).toBe(400);
    expect(matched.body.errors[0].message).toBe('consumer.match: names a Consumer in the trash: restore it first');
    const added = await execute('mutation { addConsumerByIdentifier(type: EMAIL, value: "trash-match@example.com") { id } }');
    expect(added.errors?.[0].message).toMatch(/names a Consumer in the trash: restore it first/);
    expect(await prisma.lead.count({ where: { email: 'm@example.com' } })).toBe(0);
  });

  it('deletes records of other types for good', async () => {
    await ok('mutation { createAgent(input: { id: "ai_trash00000001", model: "m", prompt: "p" }) { id } }');
    await ok('mutation { deleteAgent(id: "ai_trash00000001") { id } }');
    expect(await prisma.agent.count({ where: { id: 'ai_trash00000001' } })).toBe(0);
    expect((await execute('mutation { restoreAgent(id: "ai_trash00000001") { id } }')).errors?.[0].message).toMatch(/restoreAgent/);
  });
});

describe.runIf(process.env.TEST_DATABASE === 'postgres')('a purge by retention racing a restore', () => {
  it('either purges the record and clears its references, or leaves both as they were, in every round', async () => {
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    for (let round = 0; round < 6; round += 1) {
      const rep = `srep_purgerace${round}`;
      await ok(`mutation { createSalesRep(input: { id: "${rep}", firstName: "Race", lastName: "Rep" }) { id } }`);
      await prisma.lead.createMany({
        data: Array.from({ length: 400 }, (_, index) => ({
          id: `led_purgerace${round}_${index}`,
          email: 'r@example.com',
          phoneNumber: '555-0100',
          salesRepId: rep,
        })),
      });
      await ok(`mutation { deleteSalesRep(id: "${rep}") { id } }`);
      await prisma.salesRep.update({ where: { id: rep }, data: { deletedAt: longAgo } });
      const [, restore] = await Promise.all([
        purgeExpiredTrash(30),
        new Promise((resolve) => setTimeout(resolve, round * 15)).then(() => rest('POST', `/api/salesreps/${rep}/restore`)),
      ]);
      const live = await prisma.salesRep.count({ where: { id: rep } });
      const kept = await prisma.lead.count({ where: { id: { startsWith: `led_purgerace${round}_` }, salesRepId: rep } });
      expect([restore.status, live, kept], `round ${round}`).toEqual(restore.status === 200 ? [200, 1, 400] : [404, 0, 0]);
    }
  });
});
