// Event definitions (issue 11, part 3): a definition per event name, managed with the admin scope
// over GraphQL and REST, holds the events of that name to it: a property that breaks its rule is a
// 400 naming the property and the rule (nothing stored, in a batch too, where it fails alone);
// unique-key properties make a second such event a repeat, answered with the stored one, also when
// clients race; sensitive properties are encrypted at rest and masked without pii:read.
import { describe, expect, it } from 'vitest';
import { databaseKind, prisma } from '../src/db.js';
import { yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const anonymous = { key: false } as const;
const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;

const Define = `mutation($input: CreateEventDefinitionInput!) { createEventDefinition(input: $input) { name properties addCustomerIfNotExists } }`;

const reservation = (name: string) => ({
  name,
  description: 'A vehicle was reserved',
  properties: {
    vin: { type: 'string', required: true, uniqueKey: true },
    deposit: { type: 'number', required: true },
    financed: { type: 'boolean' },
    pickUp: { type: 'date' },
    plan: { type: 'enum', values: ['basic', 'premium'] },
    ssn: { type: 'string', sensitive: true },
  },
});

async function define(definition: object) {
  return ok<{ createEventDefinition: { name: string } }, unknown>(Define, { input: definition });
}

const storedEvents = (name: string) => prisma.webEvent.findMany({ where: { name }, select: { id: true, properties: true, propertiesIndex: true } });

describe('managing event definitions', () => {
  it('are created, read and changed over GraphQL and REST with the admin scope', async () => {
    const name = unique('Reserved ');
    const created = await define(reservation(name));
    expect(created.createEventDefinition.name).toBe(name);
    const read = await rest('GET', `/api/eventdefinitions/${encodeURIComponent(name)}`);
    expect(read.status).toBe(200);
    expect(read.body.properties.vin).toEqual({ type: 'string', required: true, uniqueKey: true });
    const other = unique('Viewed ');
    const posted = await rest('POST', '/api/eventdefinitions', { body: { name: other, properties: { page: { type: 'string', required: true } } } });
    expect(posted.status).toBe(201);
    const changed = await rest('PATCH', `/api/eventdefinitions/${encodeURIComponent(other)}`, { body: { addCustomerIfNotExists: true } });
    expect(changed.status).toBe(200);
    expect(changed.body.doc.addCustomerIfNotExists).toBe(true);
  });

  it('refuses writes without the admin scope (403) and without a key (401), and lets read keys read', async () => {
    const writer = { authorization: await testApiKey(['read', 'write', 'pii:read']) };
    const body = { name: unique('Refused '), properties: {} };
    expect((await rest('POST', '/api/eventdefinitions', { body, headers: writer })).status).toBe(403);
    expect((await rest('POST', '/api/eventdefinitions', { body, ...anonymous })).status).toBe(401);
    const graphql = await execute(Define, { input: body }, writer);
    expect(graphql.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await prisma.eventDefinition.count({ where: { name: body.name } })).toBe(0);
    expect((await rest('GET', '/api/eventdefinitions', { headers: { authorization: await testApiKey(['read']) } })).status).toBe(200);
  });

  it('refuses a definition that breaks its own rules with a 400 naming the property and the rule', async () => {
    const name = unique('Bad ');
    const response = await rest('POST', '/api/eventdefinitions', {
      body: {
        name,
        properties: {
          color: { type: 'colour' },
          plan: { type: 'enum' },
          vin: { type: 'string', uniqueKey: true, required: false },
          price: { type: 'number', sensitive: 'yes' },
          notes: { type: 'string', maximum: 3 },
        },
      },
    });
    expect(response.status).toBe(400);
    const fields = response.body.error.problems.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'properties.color.type',
        'properties.plan.values',
        'properties.vin.required',
        'properties.price.sensitive',
        'properties.notes.maximum',
      ]),
    );
    expect(response.body.error.message).toContain('properties.color.type: must be one of string, number, boolean, date, enum');
    expect(await prisma.eventDefinition.count({ where: { name } })).toBe(0);
    expect((await rest('POST', '/api/eventdefinitions', { body: { name, properties: [] } })).status).toBe(400);
  });
});

describe('events held to their definition', () => {
  it('takes an event that keeps the rules, and events of names without a definition as before', async () => {
    const name = unique('Reserved ');
    await define(reservation(name));
    const properties = { vin: unique('VIN'), deposit: 500, financed: true, pickUp: '2026-12-01', plan: 'premium', free: { any: 'thing' } };
    const response = await rest('POST', '/api/webevents', { ...anonymous, body: { name, anonymousId: unique('anon_'), properties } });
    expect(response.status).toBe(200);
    expect(response.body.data.properties).toEqual(properties);
    const free = await rest('POST', '/api/webevents', { ...anonymous, body: { name: unique('Undefined '), properties: { vin: 5 } } });
    expect(free.status).toBe(200);
  });

  it('refuses a property that breaks its rule with a 400 naming the property and the rule, nothing stored', async () => {
    const name = unique('Reserved ');
    await define(reservation(name));
    const cases: [object, string, string][] = [
      [{ deposit: 500 }, 'properties.vin', 'is required by the definition of'],
      [{ vin: 'V1', deposit: '500' }, 'properties.deposit', 'must be a number'],
      [{ vin: 'V1', deposit: 1, financed: 'yes' }, 'properties.financed', 'must be true or false'],
      [{ vin: 'V1', deposit: 1, pickUp: 'next week' }, 'properties.pickUp', 'must be a date or an instant in ISO 8601'],
      [{ vin: 'V1', deposit: 1, plan: 'gold' }, 'properties.plan', 'must be one of basic, premium'],
      [{ vin: 'V1', deposit: 1, ssn: 123456789 }, 'properties.ssn', 'must be a string'],
    ];
    for (const [properties, field, rule] of cases) {
      const response = await rest('POST', '/api/webevents', { ...anonymous, body: { name, properties } });
      expect(response.status, JSON.stringify(properties)).toBe(400);
      expect(response.body.error.problems).toEqual([{ field, message: expect.stringContaining(rule) }]);
      // A sensitive value is never repeated in an error.
      expect(JSON.stringify(response.body)).not.toContain('123456789');
    }
    const graphql = await execute(`mutation($input: CreateWebEventInput!) { createWebEvent(input: $input) { id } }`, {
      input: { name, properties: { vin: 'V1', deposit: 'many' } },
    });
    expect(graphql.errors?.[0].extensions?.problems).toEqual([{ field: 'input.properties.deposit', message: expect.stringContaining('must be a number') }]);
    expect(await storedEvents(name)).toEqual([]);
  });

  it('fails only the bad event of a batch', async () => {
    const name = unique('Reserved ');
    await define(reservation(name));
    const response = await rest('POST', '/api/webevents/batch', {
      ...anonymous,
      body: {
        batch: [
          { name, properties: { vin: unique('V'), deposit: 1 } },
          { name, properties: { vin: unique('V') } },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body.data.map((result: { success: boolean }) => result.success)).toEqual([true, false]);
    expect(response.body.data[1].error.problems).toEqual([{ field: 'batch.1.properties.deposit', message: expect.stringContaining('is required') }]);
    expect(await storedEvents(name)).toHaveLength(1);
  });
});

describe('unique-key properties', () => {
  it('store an event once per name, customer and key values; a repeat answers the stored event', async () => {
    const name = unique('Reserved ');
    await define(reservation(name));
    const anonymousId = unique('anon_');
    const vin = unique('VIN');
    const first = await rest('POST', '/api/webevents', { body: { name, anonymousId, properties: { vin, deposit: 500 } } });
    const again = await rest('POST', '/api/webevents', { body: { name, anonymousId, properties: { vin, deposit: 900 } } });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.data.id).toBe(first.body.data.id);
    expect(again.body.data.properties.deposit).toBe(500);
    // Another customer, or another VIN, is another event.
    await rest('POST', '/api/webevents', { body: { name, anonymousId: unique('anon_'), properties: { vin, deposit: 1 } } });
    await rest('POST', '/api/webevents', { body: { name, anonymousId, properties: { vin: unique('VIN'), deposit: 1 } } });
    expect(await storedEvents(name)).toHaveLength(3);
  });

  it('dedupes within one batch', async () => {
    const name = unique('Reserved ');
    await define(reservation(name));
    const event = { name, anonymousId: unique('anon_'), properties: { vin: unique('VIN'), deposit: 1 } };
    const response = await rest('POST', '/api/webevents/batch', { ...anonymous, body: [event, event] });
    expect(response.body.data.map((result: { stored: boolean }) => result.stored)).toEqual([true, false]);
    expect(response.body.data[1].data.id).toBe(response.body.data[0].data.id);
    expect(await storedEvents(name)).toHaveLength(1);
  });

  it.runIf(databaseKind === 'postgresql')('store one event when many clients send it at once (20 rounds of 8 concurrent clients)', async () => {
    const name = unique('Reserved ');
    await define(reservation(name));
    // createWebEvents writes each request on its own (no ingest queue to merge them), so the
    // clients race in the database.
    const Batch = `mutation($input: [CreateWebEventInput!]!) { createWebEvents(input: $input) { stored event { id } } }`;
    for (let round = 0; round < 20; round += 1) {
      const event = { name, anonymousId: unique('anon_'), properties: { vin: unique('VIN'), deposit: round } };
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => ok<{ createWebEvents: { stored: boolean; event: { id: string } }[] }, unknown>(Batch, { input: [event] })),
      );
      const results = answers.map((answer) => answer.createWebEvents[0]);
      expect(results.filter((result) => result.stored)).toHaveLength(1);
      expect(new Set(results.map((result) => result.event.id)).size).toBe(1);
      const stored = await prisma.webEvent.findMany({ where: { name, anonymousId: event.anonymousId }, select: { id: true } });
      expect(stored.map((row) => row.id)).toEqual([results[0].event.id]);
    }
  });
});

describe('sensitive properties', () => {
  it('are encrypted at rest, left out of the index, masked without pii:read and shown with it', async () => {
    const name = unique('Reserved ');
    await define(reservation(name));
    const ssn = '987-65-4321';
    const posted = await rest('POST', '/api/webevents', { ...anonymous, body: { name, properties: { vin: unique('V'), deposit: 1, ssn } } });
    expect(posted.status).toBe(200);
    // The caller who sent it gets its own value back.
    expect(posted.body.data.properties.ssn).toBe(ssn);
    const [stored] = await storedEvents(name);
    expect((stored.properties as { ssn: string }).ssn).toMatch(/^enc:v1:/);
    expect(JSON.stringify(stored)).not.toContain('4321');
    expect(stored.propertiesIndex.join(' ')).not.toContain('4321');
    const reader = { authorization: await testApiKey(['read']) };
    const masked = await rest('GET', `/api/webevents/${stored.id}`, { headers: reader });
    expect(masked.body.data.properties.ssn).toBe('***');
    expect(masked.body.data.properties.deposit).toBe(1);
    const shown = await rest('GET', `/api/webevents/${stored.id}`);
    expect(shown.body.data.properties.ssn).toBe(ssn);
    const graphql = await execute(`query($id: String!) { webEvent(id: $id) { properties } }`, { id: stored.id }, reader);
    expect(graphql.data).toEqual({ webEvent: { properties: expect.objectContaining({ ssn: '***' }) } });
    expect(JSON.stringify(graphql)).not.toContain(ssn);
    // An export shows and masks them as a read does (rest/export).
    const exportOf = async (headers?: Record<string, string>) => {
      const response = await yoga.fetch(`http://localhost/api/webevents?format=ndjson&where[name][equals]=${encodeURIComponent(name)}`, {
        headers: { authorization: await testApiKey(), ...headers },
      });
      return (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).properties);
    };
    expect(await exportOf(reader)).toEqual([expect.objectContaining({ ssn: '***', deposit: 1 })]);
    expect(await exportOf()).toEqual([expect.objectContaining({ ssn })]);
  });

  it('are encrypted when an update replaces the properties, too', async () => {
    const name = unique('Reserved ');
    await define(reservation(name));
    const posted = await rest('POST', '/api/webevents', { ...anonymous, body: { name, properties: { vin: unique('V'), deposit: 1 } } });
    const ssn = '111-22-3333';
    const patched = await rest('PATCH', `/api/webevents/${posted.body.data.id}`, { body: { properties: { vin: 'V2', deposit: 2, ssn } } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const [stored] = await storedEvents(name);
    expect((stored.properties as { ssn: string }).ssn).toMatch(/^enc:v1:/);
    expect(JSON.stringify(stored)).not.toContain('3333');
  });

  it('refuse values that look encrypted, so that a stored one is always the server’s', async () => {
    const response = await rest('POST', '/api/webevents', { ...anonymous, body: { name: 'Forged', properties: { ssn: 'enc:v1:AAAA' } } });
    expect(response.status).toBe(400);
    expect(response.body.error.problems[0].field).toBe('properties.ssn');
  });
});
