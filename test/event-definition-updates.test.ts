// Updates of web events obey the definition of the event's name as creates do (issue 11, part 3):
// types, required and enum rules, sensitive encryption and the unique key, over GraphQL, REST PATCH
// and bulk PATCH, also when the update renames the event (the stored properties then answer to the
// new name's definition).
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const anonymous = { key: false } as const;
const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;

const Define = `mutation($input: CreateEventDefinitionInput!) { createEventDefinition(input: $input) { name } }`;
const UpdateEvent = `mutation($id: String!, $input: UpdateWebEventInput!) { updateWebEvent(id: $id, input: $input) { id name properties } }`;

async function defineReservation(): Promise<string> {
  const name = unique('Reserved ');
  await ok(Define, {
    input: {
      name,
      properties: {
        vin: { type: 'string', required: true, uniqueKey: true },
        deposit: { type: 'number', required: true },
        plan: { type: 'enum', values: ['basic', 'premium'] },
        ssn: { type: 'string', sensitive: true },
      },
    },
  });
  return name;
}

async function post(body: object): Promise<string> {
  const response = await rest('POST', '/api/webevents', { ...anonymous, body });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.data.id;
}

const stored = (id: string) => prisma.webEvent.findUniqueOrThrow({ where: { id }, select: { name: true, properties: true, dedupeKey: true } });

describe('an update of a web event with a definition', () => {
  it('is refused over REST PATCH when its properties break the rules, naming the property and the rule; nothing changed', async () => {
    const name = await defineReservation();
    const id = await post({ name, anonymousId: unique('anon_'), properties: { vin: unique('V'), deposit: 100 } });
    const before = await stored(id);
    const cases: [object, string, RegExp][] = [
      [{ vin: 'V1', deposit: 'lots' }, 'properties.deposit', /must be a number/],
      [{ deposit: 5 }, 'properties.vin', /is required by the definition of .* \(a unique-key property\)/],
      [{ vin: 'V1', deposit: 5, plan: 'gold' }, 'properties.plan', /must be one of basic, premium/],
    ];
    for (const [properties, field, message] of cases) {
      const response = await rest('PATCH', `/api/webevents/${id}`, { body: { properties } });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.problems).toEqual([{ field, message: expect.stringMatching(message) }]);
    }
    expect(await stored(id)).toEqual(before);
  });

  it('is refused over GraphQL too, and a good one is taken with its sensitive property encrypted', async () => {
    const name = await defineReservation();
    const id = await post({ name, anonymousId: unique('anon_'), properties: { vin: unique('V'), deposit: 100 } });
    const bad = await execute(UpdateEvent, { id, input: { properties: { vin: 7, deposit: 1 } } });
    expect(bad.errors?.[0].extensions?.problems).toEqual([{ field: 'input.properties.vin', message: 'must be a string (the definition says so)' }]);
    const good = await execute(UpdateEvent, { id, input: { properties: { vin: 'V9', deposit: 1, ssn: '123-45-6789' } } });
    expect(good.errors).toBeUndefined();
    const row = await stored(id);
    expect((row.properties as { ssn: string }).ssn).toMatch(/^enc:v1:/);
    expect(JSON.stringify(row)).not.toContain('6789');
  });

  it('that renames the event holds the stored properties to the new name’s definition', async () => {
    const name = await defineReservation();
    const id = await post({ name: unique('Free '), anonymousId: unique('anon_'), properties: { vin: unique('V'), ssn: '987-65-4321' } });
    // deposit is missing for the new name: refused, nothing changed.
    const refused = await rest('PATCH', `/api/webevents/${id}`, { body: { name } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.problems).toEqual([{ field: 'properties.deposit', message: expect.stringMatching(/is required by the definition/) }]);
    expect((await stored(id)).name).not.toBe(name);
    // With the properties the definition asks for, the stored ssn is encrypted under the new name's rules.
    const taken = await rest('PATCH', `/api/webevents/${id}`, { body: { name, properties: { vin: unique('V'), deposit: 3, ssn: '987-65-4321' } } });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    const row = await stored(id);
    expect(row.name).toBe(name);
    expect(row.dedupeKey).not.toBeNull();
    expect(JSON.stringify(row.properties)).not.toContain('4321');
  });

  it('that renames the event alone rewrites the stored properties: sensitive ones encrypted, the unique key kept', async () => {
    const name = await defineReservation();
    const id = await post({ name: unique('Free '), anonymousId: unique('anon_'), properties: { vin: unique('V'), deposit: 2, ssn: '555-44-3333' } });
    expect(JSON.stringify((await stored(id)).properties)).toContain('3333');
    const renamed = await rest('PATCH', `/api/webevents/${id}`, { body: { name } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const row = await stored(id);
    expect(JSON.stringify(row.properties)).not.toContain('3333');
    expect(row.dedupeKey).not.toBeNull();
    // Renamed to a name without a definition, it is unique by nothing, and its ssn stays encrypted
    // (sensitivity is sticky: a rename does not strip a definition's protection).
    const back = await rest('PATCH', `/api/webevents/${id}`, { body: { name: unique('Free ') } });
    expect(back.status).toBe(200);
    const free = await stored(id);
    expect(free.dedupeKey).toBeNull();
    expect((free.properties as { ssn: string }).ssn).toMatch(/^enc:v1:/);
    expect(JSON.stringify(free.properties)).not.toContain('3333');
  });

  it('may not give it the unique key of another stored event: 409, nothing changed', async () => {
    const name = await defineReservation();
    const anonymousId = unique('anon_');
    const vin = unique('V');
    await post({ name, anonymousId, properties: { vin, deposit: 1 } });
    const other = await post({ name, anonymousId, properties: { vin: unique('V'), deposit: 1 } });
    const response = await rest('PATCH', `/api/webevents/${other}`, { body: { properties: { vin, deposit: 2 } } });
    expect(response.status, JSON.stringify(response.body)).toBe(409);
    expect(response.body.error.message).toMatch(/unique-key values is stored already/);
    expect((await stored(other)).properties).toMatchObject({ deposit: 1 });
  });

  it('is checked per event in a bulk PATCH: the events the rules allow are changed, the others named', async () => {
    const name = await defineReservation();
    const anonymousId = unique('anon_');
    const good = await post({ name, anonymousId, properties: { vin: unique('V'), deposit: 1 } });
    const free = await post({ name: unique('Free '), anonymousId, properties: { deposit: 1 } });
    const response = await rest('PATCH', `/api/webevents?where[anonymousId][equals]=${anonymousId}`, { body: { properties: { deposit: 9, plan: 'gold' } } });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    const { docs, errors } = response.body.data;
    expect(docs.map((doc: { id: string }) => doc.id)).toEqual([free]);
    expect(errors).toEqual([{ id: good, field: expect.stringMatching(/^properties\.(vin|plan)$/), message: expect.any(String) }]);
    expect((await stored(good)).properties).toMatchObject({ deposit: 1 });
  });
});
