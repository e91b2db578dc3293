// A consumer's rights over their data: exportConsumer gives everything held about the person, and
// eraseConsumer leaves nothing that identifies them. The person is seeded across every table a
// write through the API reaches, then every text, JSON and array column of every table of the
// database is searched for their email, phone, names, SSN and anonymous id: after erasure, none.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { testApiKey } from './helpers/api-key.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

// Each test has a person of its own (the tests share a database): `n` is 1 to 9.
const personOf = (n: number) => ({
  firstName: `Zebulon${'x'.repeat(n)}`,
  lastName: `Quixwell${'y'.repeat(n)}`,
  email: `Zebulon.Quixwell${n}@erase-me.example`,
  phone: `+1-312-555-017${n}`,
  ssn: `987-65-432${n}`,
  anonymousId: `anon-zebulon-quixwell-${n}`,
  street: `7${n} Quixwell Lane`,
});
type Person = ReturnType<typeof personOf>;
const needlesOf = (person: Person) => [
  person.firstName,
  person.lastName,
  person.email.toLowerCase(),
  person.phone.slice(3),
  person.phone.replace(/\D/g, '').slice(1),
  person.ssn,
  person.ssn.replace(/-/g, ''),
  person.anonymousId,
  person.street,
];

/** Every place in the database that holds one of the person's needles: `table.column: needle`. */
async function hits(person: Person): Promise<string[]> {
  const needles = needlesOf(person);
  const columns = await prisma.$queryRawUnsafe<{ table: string; column: string }[]>(
    `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
     WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
     ORDER BY 1, 2`,
  );
  const found: string[] = [];
  for (const { table, column } of columns) {
    for (const needle of needles) {
      const [{ count }] = await prisma.$queryRawUnsafe<{ count: number }[]>(
        `SELECT count(*)::int AS count FROM "${table}" WHERE "${column}"::text ILIKE '%' || $1 || '%'`,
        needle,
      );
      if (count > 0) found.push(`${table}.${column}: ${needle}`);
    }
  }
  return found;
}

async function seedPerson(person: Person, suffix: string) {
  const consumerId = `con_erase${suffix}`;
  const leadId = `led_erase${suffix}`;
  const accountId = `acc_erase${suffix}`;
  await ok(`mutation { createWebhookEndpoint(url: "http://127.0.0.1:9/erase-${suffix}", events: [WEB_EVENT_CREATED, LEAD_UPDATED]) { secret } }`);
  await ok(`mutation($consumer: CreateConsumerInput!) { createConsumer(input: $consumer) { id } }`, {
    consumer: {
      id: consumerId,
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      phoneNumber: person.phone,
      birthDate: '1980-02-03',
      ssn: person.ssn,
      addresses: [{ upsert: { line1: person.street, zip: '60601', city: { upsert: { name: 'Chicago', state: { upsert: { code: 'IL' } } } } } }],
    },
  });
  await ok(`mutation($lead: CreateLeadInput!) { createLead(input: $lead) { id } }`, {
    lead: {
      id: leadId,
      email: person.email,
      phoneNumber: person.phone,
      firstName: person.firstName,
      lastName: person.lastName,
      notes: `called ${person.firstName} ${person.lastName}`,
      anonymousId: person.anonymousId,
      consumer: { connect: consumerId },
    },
  });
  // A second lead of the same person, not linked: found by its email.
  await ok(`mutation { createLead(input: { id: "${leadId}b", email: "${person.email.toUpperCase()}", phoneNumber: "${person.phone}" }) { id } }`);
  // A third, found by the email it logs in with; it names the person as the contact's owner.
  await ok(
    `mutation { createLead(input: { id: "${leadId}c", email: "other-${suffix}@example.com", loginEmail: "${person.email}", phoneNumber: "${person.phone}", contactBelongsTo: "${person.firstName} ${person.lastName}" }) { id } }`,
  );
  // An account of the person's lead that holds nothing of them: erasure leaves it as it is.
  await ok(`mutation { createAccount(input: { id: "${accountId}b", lead: { connect: "${leadId}" } }) { id } }`);
  await ok(`mutation { updateLead(id: "${leadId}", input: { processStatuses: "Contacted" }) { id } }`);
  // A reason is free text: it may name the person.
  await ok(
    `mutation { updateLead(id: "${leadId}", input: { processStatuses: "Lost", reason: "${person.firstName} ${person.lastName} bought elsewhere" }) { id } }`,
  );
  await ok(`mutation { createAccount(input: { id: "${accountId}", consumer: { connect: "${consumerId}" } }) { id } }`);
  await ok(`mutation { identify(accountId: "${accountId}", anonymousId: "${person.anonymousId}") { id } }`);
  const event = await rest('POST', '/api/webevents', {
    body: { name: 'Vehicle Viewed', anonymousId: person.anonymousId, properties: { email: person.email, vin: '1C4HJXEN5MW592818' } },
  });
  expect(event.status).toBe(200);
  await rest('POST', '/api/webevents', { body: { name: 'Logged In', account: accountId, properties: { name: `${person.firstName} ${person.lastName}` } } });
  // An event of the vendor routes names its customer by identifier, not by account or anonymous id.
  const vendor = await rest('POST', '/v2/events', {
    body: {
      eventName: 'vehicleReserved',
      actions: ['EMFConsumer'],
      identifierType: { value: 'email', valueType: person.email },
      fields: [{ name: 'note', type: 'string', valueType: 'String', value: person.lastName }],
    },
  });
  expect(vendor.status, JSON.stringify(vendor.body)).toBeLessThan(300);
  return { consumerId, leadId, accountId };
}

describe('a consumer’s rights over their data', () => {
  it('exports everything held about the person as one document', async () => {
    const person = personOf(1);
    const { consumerId, leadId, accountId } = await seedPerson(person, '0000001');
    // A sensitive property (an event definition's) is exported as reads show it.
    const definition = { name: 'Export Contact', properties: { contact: { type: 'string', sensitive: true } } };
    expect((await rest('POST', '/api/eventdefinitions', { body: definition })).status).toBe(201);
    expect((await rest('POST', '/api/webevents', { body: { name: 'Export Contact', account: accountId, properties: { contact: 'call me' } } })).status).toBe(
      200,
    );
    const exported = await rest('GET', `/api/consumers/${consumerId}/export`);
    expect(exported.status).toBe(200);
    const body = exported.body;
    expect(body.consumer).toMatchObject({ id: consumerId, email: person.email, ssn: person.ssn, birthDate: '1980-02-03T00:00:00.000Z' });
    expect(body.consumer).not.toHaveProperty('ssnDigest');
    expect(body.consumer.addresses.map((address: { line1: string }) => address.line1)).toEqual([person.street]);
    expect(body.leads.map((lead: { id: string }) => lead.id)).toEqual([leadId, `${leadId}b`, `${leadId}c`]);
    expect(body.leads[0].statusHistory.map((change: { toStatus: string }) => change.toStatus)).toEqual(['New', 'Contacted', 'Lost']);
    expect(body.accounts).toMatchObject([
      { id: accountId, anonymousIds: [person.anonymousId] },
      { id: `${accountId}b`, anonymousIds: [] },
    ]);
    expect(body.webEvents.map((event: { name: string }) => event.name).sort()).toEqual(['Export Contact', 'Logged In', 'Vehicle Viewed', 'vehicleReserved']);
    const contactOf = (events: { name: string; properties: { contact?: string } }[]) =>
      events.find((event) => event.name === 'Export Contact')?.properties.contact;
    expect(contactOf(body.webEvents)).toBe('call me');
    expect(body.webEventsTruncated).toBe(false);
    // The entries of every record exported: the consumer's, leads', account's, addresses' and events'.
    expect(new Set(body.auditTrail.map((entry: { entity: string }) => entry.entity))).toEqual(new Set(['Consumer', 'Lead', 'Account', 'Address', 'WebEvent']));
    // Without pii:read, the SSN is masked and the birth date left out, as in every read.
    const masked = await rest('GET', `/api/consumers/${consumerId}/export`, { headers: { authorization: await testApiKey(['read', 'write', 'admin']) } });
    expect(masked.body.consumer).toMatchObject({ ssn: '***-**-4321', birthDate: null });
    expect(contactOf(masked.body.webEvents)).toBe('***');
    // Admin only; a consumer that is not there is 404.
    expect(
      (await rest('GET', `/api/consumers/${consumerId}/export`, { headers: { authorization: await testApiKey(['read', 'write', 'pii:read']) } })).status,
    ).toBe(403);
    expect((await rest('GET', '/api/consumers/con_nobody/export')).status).toBe(404);
    expect((await rest('POST', `/api/consumers/${consumerId}/export`)).status).toBe(405);
    // What cannot be a key is a 400 naming the id, before any query.
    const nul = await rest('GET', '/api/consumers/%00/export');
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0]).toMatchObject({ field: 'id', message: 'id: must not contain the NUL character' });
  });

  it('erases the person from every table, and leaves an audit entry without values', async () => {
    const person = personOf(2);
    const { consumerId, leadId, accountId } = await seedPerson(person, '0000002');
    expect((await hits(person)).length).toBeGreaterThan(0);
    // Only an admin may.
    const refused = await rest('POST', `/api/consumers/${consumerId}/erase`, { headers: { authorization: await testApiKey(['read', 'write', 'pii:read']) } });
    expect(refused.status).toBe(403);

    const erased = await rest('POST', `/api/consumers/${consumerId}/erase`);
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ consumerId, leads: 3, accounts: 1, webEvents: 3, addresses: 1 });
    expect(await hits(person)).toEqual([]);

    // The leads stay, for the CRM's figures, without who they were.
    const lead = await prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
    expect(lead).toMatchObject({ email: '', phoneNumber: '', firstName: null, notes: null, consumerId: null, processStatuses: 'Lost', reason: null });
    const account = await prisma.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account).toMatchObject({ anonymousIds: [], consumerId: null });
    expect(await prisma.consumer.findUnique({ where: { id: consumerId } })).toBeNull();
    const entries = await prisma.auditEntry.findMany({ where: { operation: 'erase' }, orderBy: { id: 'asc' } });
    expect(entries.filter((entry) => entry.recordKey === consumerId)).toMatchObject([{ entity: 'Consumer', fields: [] }]);
    expect(entries.filter((entry) => entry.recordKey === leadId)).toMatchObject([{ entity: 'Lead', fields: expect.arrayContaining(['email', 'notes']) }]);
    // Each event changed has its entry, naming what it held: the anonymous id, account, properties, identifier.
    const eventEntries = entries.filter((entry) => entry.entity === 'WebEvent');
    expect(eventEntries).toHaveLength(3);
    expect(eventEntries.map((entry) => entry.fields.join()).sort()).toEqual([
      'account,properties',
      'anonymousId,properties',
      expect.stringMatching(/^consumerId,customerIdentifier,properties$/),
    ]);
    // The account that held nothing of the person is not touched.
    expect(entries.filter((entry) => entry.recordKey === `${accountId}b`)).toEqual([]);
    expect((await prisma.account.findUniqueOrThrow({ where: { id: `${accountId}b` } })).updatedBy).toMatch(/^test /);
    // An entry names the fields erasure emptied, not those that held nothing already.
    expect(entries.find((entry) => entry.recordKey === `${leadId}b`)?.fields).toEqual(['phoneNumber', 'email']);

    // Erased is gone: a second erasure and an export are 404.
    expect((await rest('POST', `/api/consumers/${consumerId}/erase`)).status).toBe(404);
    expect((await rest('GET', `/api/consumers/${consumerId}/export`)).status).toBe(404);

    // A new consumer may take the erased id: its export holds its own history, none of the old one's.
    await ok(
      `mutation { createConsumer(input: { id: "${consumerId}", firstName: "New", lastName: "Holder", phoneNumber: "555-0109", birthDate: "1999-09-09" }) { id } }`,
    );
    const reused = await rest('GET', `/api/consumers/${consumerId}/export`);
    expect(reused.body.auditTrail).toEqual([expect.objectContaining({ entity: 'Consumer', recordKey: consumerId, operation: 'create' })]);
  });

  it('erases a consumer in the trash, and keeps an address another consumer uses', async () => {
    await ok(`mutation { createConsumer(input: { id: "con_erase0000003", firstName: "Ann", lastName: "Other", phoneNumber: "555-0101", birthDate: "1970-01-01",
      addresses: [{ upsert: { id: "adr_erase0000003", line1: "1 Shared Street", zip: "60601", city: { upsert: { name: "Chicago", state: { upsert: { code: "IL" } } } } } }] }) { id } }`);
    await ok(`mutation { createConsumer(input: { id: "con_erase0000004", firstName: "Bo", lastName: "Sharer", phoneNumber: "555-0102", birthDate: "1971-01-01",
      addresses: [{ connect: "adr_erase0000003" }] }) { id } }`);
    expect((await rest('DELETE', '/api/consumers/con_erase0000003')).status).toBe(200);
    const erased = await execute<{ eraseConsumer: { addresses: number } }, undefined>('mutation { eraseConsumer(id: "con_erase0000003") { addresses } }');
    expect(erased.data?.eraseConsumer).toEqual({ addresses: 0 });
    expect(await prisma.address.findUnique({ where: { id: 'adr_erase0000003' } })).not.toBeNull();
    expect(await prisma.consumer.count({ where: { id: 'con_erase0000003' } })).toBe(0);
  });
});
