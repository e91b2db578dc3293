// Payload's bulk update and delete: PATCH and DELETE on a collection with `where`, in one
// transaction, each document under the write core's rules, answered with docs and errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../src/db.js';
import { testApiKey } from '../helpers/api-key.js';
import { execute } from '../helpers/graphql.js';
import { rest } from '../helpers/rest.js';

const lead = (index: number, status: string) => ({
  id: `led_bulk${String(index).padStart(8, '0')}`,
  email: `bulk${index}@example.com`,
  phoneNumber: '555-0100',
  processStatuses: status,
});

beforeAll(async () => {
  await prisma.lead.createMany({ data: [0, 1, 2, 3, 4, 5].map((index) => lead(index, index < 3 ? 'Bulk New' : 'Bulk Old')) });
});

const stored = (status: string) => prisma.lead.findMany({ where: { processStatuses: status }, orderBy: { id: 'asc' } });

describe('PATCH /api/<collection>?where=...', () => {
  it('changes every document the filter matches and answers them, as Payload does', async () => {
    const response = await rest('PATCH', '/api/leads?where[processStatuses][equals]=Bulk New&depth=0', { body: { notes: 'called back' } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      docs: [0, 1, 2].map((index) => expect.objectContaining({ id: lead(index, '').id, notes: 'called back', email: `bulk${index}@example.com` })),
      errors: [],
      message: 'Updated 3 Leads successfully.',
    });
    expect((await stored('Bulk New')).map((row) => row.notes)).toEqual(['called back', 'called back', 'called back']);
    expect((await stored('Bulk Old')).map((row) => row.notes)).toEqual([null, null, null]);
  });

  it('writes nothing when the body breaks a rule, and lists each document with the field', async () => {
    const response = await rest('PATCH', '/api/leads?where[processStatuses][equals]=Bulk Old', { body: { email: 'not-an-email' } });
    expect(response.status).toBe(400);
    expect(response.body.docs).toEqual([]);
    expect(response.body.errors).toEqual([3, 4, 5].map((index) => ({ id: lead(index, '').id, field: 'email', message: 'email: must be an email address' })));
    expect(response.body).toMatchObject({ message: 'Unable to update 3 out of 3 Leads', success: false, error: { code: 400 } });
    expect((await stored('Bulk Old')).map((row) => row.email)).toEqual(['bulk3@example.com', 'bulk4@example.com', 'bulk5@example.com']);
  });

  it('needs the read scope as well as write: choosing documents by a filter reads them', async () => {
    for (const scopes of [['write'], ['read']] as const) {
      const response = await rest('PATCH', '/api/leads?where[id][equals]=led_bulk00000003', {
        body: { notes: 'x' },
        headers: { authorization: await testApiKey(scopes) },
      });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(`Forbidden: this API key lacks the scope it needs (${scopes[0] === 'read' ? 'write' : 'read'})`);
    }
    const graphql = await execute(`mutation { deleteLeads(where: { id: { equals: "led_bulk00000003" } }, limit: 1) { docs { id } } }`, undefined, {
      authorization: await testApiKey(['write']),
    });
    expect(graphql.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await prisma.lead.count({ where: { id: 'led_bulk00000003' } })).toBe(1);
  });

  it('needs where, the write scope, and a filter the rules allow', async () => {
    const noWhere = await rest('PATCH', '/api/leads', { body: { notes: 'everyone' } });
    expect(noWhere.status).toBe(400);
    expect(noWhere.body.error.message).toMatch(/^where: is required/);
    expect((await rest('PATCH', '/api/leads?where[id][exists]=true', { body: {}, key: false })).status).toBe(401);
    expect((await rest('PATCH', '/api/leads?where[shoeSize][equals]=9', { body: {} })).status).toBe(400);
    expect(await prisma.lead.count({ where: { notes: 'everyone' } })).toBe(0);
  });

  it('answers 200 with nothing to change when the filter matches nothing', async () => {
    const response = await rest('PATCH', '/api/leads?where[processStatuses][equals]=Nobody', { body: { notes: 'x' } });
    expect(response).toMatchObject({ status: 200, body: { docs: [], errors: [], message: 'Updated 0 Leads successfully.' } });
  });
});

describe('DELETE /api/<collection>?where=...', () => {
  it('deletes every document the filter matches (leads: into the trash) and answers them as they were', async () => {
    await prisma.lead.createMany({ data: [6, 7].map((index) => lead(index, 'Bulk Gone')) });
    const response = await rest('DELETE', '/api/leads?where[processStatuses][equals]=Bulk Gone&depth=1');
    expect(response.status).toBe(200);
    expect(response.body.docs.map((doc: { id: string; email: string }) => [doc.id, doc.email])).toEqual([
      ['led_bulk00000006', 'bulk6@example.com'],
      ['led_bulk00000007', 'bulk7@example.com'],
    ]);
    expect(response.body.message).toBe('Deleted 2 Leads successfully.');
    expect((await stored('Bulk Gone')).map((row) => row.deletedAt instanceof Date)).toEqual([true, true]);
    expect((await rest('GET', '/api/leads?where[processStatuses][equals]=Bulk Gone')).body.totalDocs).toBe(0);
    // In the trash, they are taken by no second bulk delete.
    expect((await rest('DELETE', '/api/leads?where[processStatuses][equals]=Bulk Gone')).body.docs).toEqual([]);
  });

  it('deletes those it may and lists the others with why, in one answer', async () => {
    // A city that addresses still need cannot go; one without addresses can.
    await prisma.city.createMany({ data: ['Bulkton', 'Bulkville'].map((name) => ({ name, stateCode: 'IL' })) });
    await prisma.address.create({ data: { id: 'adr_bulk00000001', line1: '1 Main St', zip: '62704', cityStateCode: 'IL', cityName: 'Bulkton' } });
    const response = await rest('DELETE', '/api/cities?where[name][like]=Bulk&depth=0');
    expect(response.status).toBe(400);
    expect(response.body.docs).toEqual([expect.objectContaining({ name: 'Bulkville', state: 'IL' })]);
    expect(response.body.errors).toEqual([{ id: { name: 'Bulkton', state: 'IL' }, message: expect.stringMatching(/still/) }]);
    expect(response.body.message).toBe('Unable to delete 1 out of 2 Cities');
    expect((await prisma.city.findMany({ where: { name: { startsWith: 'Bulk' } } })).map((city) => city.name)).toEqual(['Bulkton']);
  });

  it('keeps the commerce envelope for web events', async () => {
    await prisma.webEvent.createMany({ data: [1, 2].map((index) => ({ id: `wev_bulk0000000${index}`, name: 'Bulk Delete' })) });
    const response = await rest('DELETE', '/api/webevents?where[name][equals]=Bulk Delete');
    // Every web event has the server's times: when it was received and when it happened.
    const serverTimes = { receivedAt: expect.any(String), eventTime: expect.any(String) };
    expect(response.body).toEqual({
      data: {
        docs: [
          { id: 'wev_bulk00000001', name: 'Bulk Delete', ...serverTimes },
          { id: 'wev_bulk00000002', name: 'Bulk Delete', ...serverTimes },
        ],
        errors: [],
        message: 'Deleted 2 Web Events successfully.',
      },
      success: true,
    });
  });

  it('changes nothing when the filter matches more than one request may write', async () => {
    await prisma.webEvent.createMany({
      data: Array.from({ length: 2_001 }, (_, index) => ({ id: `wev_bulkmany${String(index).padStart(5, '0')}`, name: 'Bulk Many' })),
    });
    const response = await rest('DELETE', '/api/webevents?where[name][equals]=Bulk Many');
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe('where: matches 2001 documents; one request changes at most 2000: nothing was changed');
    expect(await prisma.webEvent.count({ where: { name: 'Bulk Many' } })).toBe(2_001);
  });
});

describe('GraphQL bulk mutations', () => {
  it('refuse a filter that matches more than limit, and write nothing', async () => {
    const result = await execute(
      `mutation { updateLeads(where: { processStatuses: { equals: "Bulk Old" } }, input: { notes: "x" }, limit: 2) { docs { id } } }`,
    );
    expect(result.errors?.[0]).toMatchObject({
      message: 'where: matches more than limit (2) records: nothing was written',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await prisma.lead.count({ where: { notes: 'x' } })).toBe(0);
  });

  it('answer docs and errors', async () => {
    const result = await execute<{ deleteLeads: { docs: { id: string }[]; errors: unknown[] } }, object>(
      `mutation { deleteLeads(where: { id: { equals: "led_bulk00000005" } }, limit: 1) { errors { key code message } docs { id email } } }`,
    );
    expect(result.data).toEqual({ deleteLeads: { errors: [], docs: [{ id: 'led_bulk00000005', email: 'bulk5@example.com' }] } });
  });
});
