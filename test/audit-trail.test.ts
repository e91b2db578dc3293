// Every create, update and delete writes an audit entry in its own statement: who (the API key's
// name, or "public"), when, which operation, and the names of the fields it changed (never their
// values). Admins read it by record and by key, over GraphQL and REST; old entries are pruned.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { testApiKey } from './helpers/api-key.js';
import { countStatements, execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const admin = 'test admin,pii:read,read,write';
const entriesOf = (entity: string, recordKey: string) =>
  prisma.auditEntry.findMany({ where: { entity, recordKey }, orderBy: { id: 'asc' }, select: { actor: true, operation: true, fields: true } });

describe('the audit trail', () => {
  it('records a create, an update of what changed, and a delete, with the key that made them', async () => {
    const created = await rest('POST', '/api/leads?depth=0', {
      body: { id: 'led_audit0000001', email: 'audit@example.com', phone: '555-0100', firstName: 'Ada' },
    });
    expect(created.status).toBe(201);
    expect(created.body.doc).toMatchObject({ createdBy: admin, updatedBy: admin });
    // The same email again is no change; the first name is.
    await rest('PATCH', '/api/leads/led_audit0000001', { body: { email: 'audit@example.com', firstName: 'Ava' } });
    await ok('mutation { deleteLead(id: "led_audit0000001") { id } }');
    const entries = await entriesOf('Lead', 'led_audit0000001');
    expect(entries.map(({ operation }) => operation)).toEqual(['create', 'update', 'delete']);
    expect(entries.every(({ actor }) => actor === admin)).toBe(true);
    expect(entries[0].fields.sort()).toEqual(['email', 'firstName', 'phoneNumber', 'processStatuses']);
    expect(entries[1].fields).toEqual(['firstName']);
    expect(entries[2].fields).toEqual([]);
  });

  it('names a changed SSN, relation and list, never their values', async () => {
    await ok(
      `mutation { createConsumer(input: { id: "con_audit0000001", firstName: "Sam", lastName: "Secret", phoneNumber: "555-0101", birthDate: "1990-01-01", ssn: "123-45-6789" }) { id } }`,
    );
    await ok(`mutation { createSalesRep(input: { id: "srep_audit000001", firstName: "Rae", lastName: "Rep" }) { id } }`);
    await ok(`mutation { createLead(input: { id: "led_audit0000002", email: "a2@example.com", phoneNumber: "555-0102" }) { id } }`);
    // The same SSN again is no change (compared by its digest: the ciphertext differs at every write).
    await ok(`mutation { updateConsumer(id: "con_audit0000001", input: { ssn: "123-45-6789", lastName: "Secret" }) { id } }`);
    await ok(`mutation { updateConsumer(id: "con_audit0000001", input: { ssn: "987-65-4321" }) { id } }`);
    await ok(
      `mutation { updateLead(id: "led_audit0000002", input: { salesRep: { connect: "srep_audit000001" }, consumer: { connect: "con_audit0000001" }, favorites: [] }) { id } }`,
    );
    const consumer = await entriesOf('Consumer', 'con_audit0000001');
    expect(consumer.map(({ fields }) => fields)).toEqual([expect.arrayContaining(['ssn', 'firstName', 'birthDate']), [], ['ssn']]);
    expect((await entriesOf('Lead', 'led_audit0000002'))[1].fields.sort()).toEqual(['consumer', 'favorites', 'salesRep']);
    const everything = JSON.stringify(await prisma.auditEntry.findMany({ select: { recordKey: true, fields: true, actor: true } }));
    expect(everything).not.toMatch(/6789|4321|Secret|1990/);
  });

  it('records anonymous ingest as "public"', async () => {
    const response = await rest('POST', '/api/webevents', {
      key: false,
      body: { id: 'wev_audit0000001', name: 'View', account: { id: 'acc_audit0000001', anonymousIds: ['anon_audit'] } },
    });
    expect(response.status).toBe(200);
    expect(await entriesOf('WebEvent', 'wev_audit0000001')).toEqual([
      { actor: 'public', operation: 'create', fields: ['name', 'receivedAt', 'eventTime', 'account'] },
    ]);
    expect(await entriesOf('Account', 'acc_audit0000001')).toEqual([{ actor: 'public', operation: 'create', fields: ['anonymousIds'] }]);
    expect((await prisma.webEvent.findUniqueOrThrow({ where: { id: 'wev_audit0000001' } })).createdBy).toBe('public');
  });

  it('writes no entry for a write that is refused or rolled back', async () => {
    await ok(
      `mutation { createLead(input: { id: "led_audit0000003", email: "a3@example.com", phoneNumber: "555-0103", processStatuses: "Sold", reason: "Cash" }) { id } }`,
    );
    const refused = await rest('PATCH', '/api/leads/led_audit0000003', { body: { processStatuses: 'New', firstName: 'Nope' } });
    expect(refused.status).toBe(400);
    const nested = await execute(
      `mutation { createAccount(input: { id: "acc_audit0000002", lead: { upsert: { id: "led_audit0000003", processStatuses: "New" } } }) { id } }`,
    );
    expect(nested.errors).toHaveLength(1);
    expect((await entriesOf('Lead', 'led_audit0000003')).map(({ operation }) => operation)).toEqual(['create']);
    expect(await entriesOf('Account', 'acc_audit0000002')).toEqual([]);
  });

  it('costs no statement: a create is still one', async () => {
    const { count, statements } = await countStatements(() =>
      ok('mutation { createLead(input: { email: "a4@example.com", phoneNumber: "555-0104" }) { id } }'),
    );
    expect(count).toBe(1);
    expect(statements[0]).toMatch(/INSERT INTO "AuditEntry"/);
  });

  it('is read by admins by record and by key, newest first, over GraphQL and REST', async () => {
    await ok(`mutation { createLead(input: { id: "led_audit0000005", email: "a5@example.com", phoneNumber: "555-0105" }) { id } }`);
    await ok(`mutation { updateLead(id: "led_audit0000005", input: { notes: "called" }) { id } }`);
    const { auditTrail } = await ok<{ auditTrail: { id: string; operation: string; fields: string[]; actor: string }[] }, undefined>(
      '{ auditTrail(entity: "Lead", key: "led_audit0000005") { id operation fields actor at } }',
    );
    expect(auditTrail.map(({ operation }) => operation)).toEqual(['update', 'create']);
    const older = await ok<{ auditTrail: { operation: string }[] }, undefined>(
      `{ auditTrail(entity: "Lead", key: "led_audit0000005", before: "${auditTrail[0].id}") { operation } }`,
    );
    expect(older.auditTrail).toEqual([{ operation: 'create' }]);

    const byKey = await rest('GET', `/api/audit?actor=${encodeURIComponent(admin)}&limit=2`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.docs).toHaveLength(2);
    expect(byKey.body.docs[0]).toMatchObject({ actor: admin, entity: 'Lead', recordKey: 'led_audit0000005', operation: 'update', fields: ['notes'] });
  });

  it('is refused to keys without admin, and asked badly with 400 naming the argument', async () => {
    const reader = await testApiKey(['read', 'write']);
    const graphql = await execute('{ auditTrail(actor: "public") { id } }', undefined, { authorization: reader });
    expect(graphql.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await rest('GET', '/api/audit?actor=public', { headers: { authorization: reader } })).status).toBe(403);
    expect((await rest('GET', '/api/audit?actor=public', { key: false })).status).toBe(401);
    const unknown = await rest('GET', '/api/audit?entity=Banana');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^entity: must be one of WebEvent, /);
    expect((await rest('GET', '/api/audit')).body.error.message).toBe('entity: give entity (and key), actor, or both');
    expect((await rest('GET', '/api/audit?actor=public&limit=x')).status).toBe(400);
    expect((await rest('GET', '/api/audit?entity=Lead&entity=Consumer')).body.error.message).toBe('entity: give it once');
    expect((await rest('GET', '/api/audit?actor=public&before=-1')).body.error.message).toBe('before: must be the id of an audit entry');
  });

  it('prunes entries older than the retention', async () => {
    const old = new Date(Date.now() - 400 * 24 * 60 * 60 * 1000);
    await prisma.auditEntry.create({ data: { at: old, actor: 'old', operation: 'create', entity: 'Lead', recordKey: 'led_ancient00001', fields: [] } });
    const { pruneAuditTrail } = await ok<{ pruneAuditTrail: number }, undefined>('mutation { pruneAuditTrail }');
    expect(pruneAuditTrail).toBe(1);
    expect(await prisma.auditEntry.count({ where: { actor: 'old' } })).toBe(0);
    expect(await prisma.auditEntry.count()).toBeGreaterThan(0);
  });

  it('names the parameter that cannot be one: a NUL in a key or actor, an id beyond bigint', async () => {
    for (const [query, field] of [
      ['entity=Lead&before=9223372036854775808', 'before'],
      ['entity=Lead&key=a%00', 'key'],
      ['actor=%00', 'actor'],
    ]) {
      const response = await rest('GET', `/api/audit?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.errors[0].field, query).toBe(field);
    }
  });
});
