// Every entity: create, read by key, list, update, delete, through GraphQL over HTTP.
import { describe, expect, it } from 'vitest';
import type { EntityName } from '../src/model/entity.js';
import { entities } from '../src/model/entities.js';
import { execute, ok } from './helpers/graphql.js';
import {
  addressInput,
  agentInput,
  consumerInput,
  creditBandInput,
  leadInput,
  salesRepInput,
  templateInput,
  vehicleInput,
  vehicleSpecInput,
} from './helpers/fixtures.js';

interface Case {
  entity: string;
  lookup: string;
  plural: string;
  create: Record<string, unknown>;
  update: Record<string, unknown>;
  /** The key arguments of the created record, from the create result. */
  key: (created: Record<string, unknown>) => Record<string, string>;
}

const byId = (created: Record<string, unknown>) => ({ id: created.id as string });

const cases: Case[] = [
  {
    entity: 'WebEvent',
    lookup: 'webEvent',
    plural: 'webEvents',
    create: { name: 'Page View', anonymousId: 'anon_1' },
    update: { name: 'Checkout' },
    key: byId,
  },
  { entity: 'Account', lookup: 'account', plural: 'accounts', create: { anonymousIds: ['anon_1'] }, update: { anonymousIds: ['anon_1', 'anon_2'] }, key: byId },
  { entity: 'Consumer', lookup: 'consumer', plural: 'consumers', create: consumerInput, update: { lastName: 'King' }, key: byId },
  { entity: 'Lead', lookup: 'lead', plural: 'leads', create: leadInput, update: { processStatuses: 'Sold', reason: 'Financed', phone: '555-0100' }, key: byId },
  { entity: 'SalesRep', lookup: 'salesRep', plural: 'salesReps', create: salesRepInput, update: { isAcceptingNewLeads: false }, key: byId },
  { entity: 'Vehicle', lookup: 'vehicle', plural: 'vehicles', create: vehicleInput, update: { exteriorColor: 'Blue' }, key: (c) => ({ vin: c.vin as string }) },
  { entity: 'Address', lookup: 'address', plural: 'addresses', create: addressInput, update: { line2: 'Suite 5' }, key: byId },
  {
    entity: 'City',
    lookup: 'city',
    plural: 'cities',
    create: { name: 'Peoria', state: { connect: 'IL' } },
    // A city's and a state's fields are their key, which an update cannot change (rest-error-words.test.ts).
    update: {},
    key: (c) => ({ stateCode: c.stateCode as string, name: c.name as string }),
  },
  { entity: 'State', lookup: 'state', plural: 'states', create: { code: 'ON' }, update: {}, key: (c) => ({ code: c.code as string }) },
  { entity: 'Agent', lookup: 'agent', plural: 'agents', create: agentInput, update: { prompt: 'Be brief' }, key: byId },
  { entity: 'CreditBand', lookup: 'creditBand', plural: 'creditBands', create: creditBandInput, update: { isPrime: false }, key: byId },
  { entity: 'Template', lookup: 'template', plural: 'templates', create: templateInput, update: { subject: 'Your invoice' }, key: byId },
  { entity: 'VehicleSpec', lookup: 'vehicleSpec', plural: 'vehicleSpecs', create: vehicleSpecInput, update: { trim: 'XSE' }, key: byId },
];

const argumentsOf = (key: Record<string, string>) =>
  Object.entries(key)
    .map(([name, value]) => `${name}: ${JSON.stringify(value)}`)
    .join(', ');

// Every scalar field of the entity, as the seeds describe it: the object type must expose them all.
const selectionOf = (name: string) => {
  const entity = entities[name as EntityName];
  return [...new Set([...entity.key, ...Object.keys(entity.scalars)])].join(' ');
};

describe.each(cases)('$entity', ({ entity, lookup, plural, create, update, key }) => {
  const selection = entity === 'Lead' ? `${selectionOf(entity)} phone` : selectionOf(entity);

  it('is created, read, listed, updated and deleted', async () => {
    const created = (
      await ok<Record<string, Record<string, unknown>>, object>(
        `mutation($input: Create${entity}Input!) { create${entity}(input: $input) { ${selection} createdAt updatedAt nodeId } }`,
        { input: create },
      )
    )[`create${entity}`];
    const keyArgs = key(created);
    for (const [field, value] of Object.entries(create)) {
      if (typeof value !== 'object' || Array.isArray(value)) expect(created[field], field).toEqual(value);
    }

    const read = await ok<Record<string, unknown>, object>(`{ ${lookup}(${argumentsOf(keyArgs)}) { ${selection} } }`);
    expect(read[lookup]).toEqual(Object.fromEntries(Object.entries(created).filter(([f]) => selection.split(' ').includes(f))));

    const byNode = await ok<{ node: Record<string, unknown> }, object>(`query($id: ID!) { node(id: $id) { __typename nodeId } }`, { id: created.nodeId });
    expect(byNode.node).toEqual({ __typename: entity, nodeId: created.nodeId });

    const listed = await ok<Record<string, { totalCount: number; edges: { node: Record<string, unknown> }[] }>, object>(
      `{ ${plural}(first: 100) { totalCount edges { node { ${selection} } } } }`,
    );
    expect(listed[plural].totalCount).toBeGreaterThanOrEqual(1);
    expect(listed[plural].edges.map((edge) => edge.node)).toContainEqual(read[lookup]);

    const updated = (
      await ok<Record<string, Record<string, unknown>>, object>(
        `mutation($input: Update${entity}Input!) { update${entity}(${argumentsOf(keyArgs)}, input: $input) { ${selection} updatedAt } }`,
        { input: update },
      )
    )[`update${entity}`];
    for (const [field, value] of Object.entries(update)) {
      if (field === 'phone') expect(updated.phoneNumber).toEqual(value);
      else expect(updated[field], field).toEqual(value);
    }
    expect(new Date(updated.updatedAt as string).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt as string).getTime());
    const keyAfterUpdate = key({ ...created, ...updated });

    // An update that gives no field changes nothing.
    const unchanged = await ok<Record<string, Record<string, unknown>>, object>(
      `mutation { update${entity}(${argumentsOf(keyAfterUpdate)}, input: {}) { ${selection} } }`,
    );
    expect(unchanged[`update${entity}`]).toEqual(Object.fromEntries(Object.entries(updated).filter(([field]) => field !== 'updatedAt')));

    const deleted = await ok<Record<string, unknown>, object>(`mutation { delete${entity}(${argumentsOf(keyAfterUpdate)}) { ${selection} } }`);
    expect(deleted[`delete${entity}`]).toEqual(Object.fromEntries(Object.entries(updated).filter(([field]) => field !== 'updatedAt')));
    const gone = await ok<Record<string, unknown>, object>(`{ ${lookup}(${argumentsOf(keyAfterUpdate)}) { ${selection} } }`);
    expect(gone[lookup]).toBeNull();
  });

  it('answers NOT_FOUND (404) when updating or deleting a key that does not exist', async () => {
    const missing = Object.fromEntries(Object.keys(key({ id: 'x', vin: 'x', code: 'x', stateCode: 'x', name: 'x' })).map((field) => [field, 'ZZZ_missing']));
    const updated = await execute(`mutation($input: Update${entity}Input!) { update${entity}(${argumentsOf(missing)}, input: $input) { __typename } }`, {
      input: {},
    });
    expect(updated.status).toBe(404);
    expect(updated.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const deleted = await execute(`mutation { delete${entity}(${argumentsOf(missing)}) { __typename } }`);
    expect(deleted.status).toBe(404);
    expect(deleted.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: Object.keys(missing).join(', ') });
  });
});

describe('deleting a record that others still need', () => {
  it('answers CONFLICT and deletes nothing', async () => {
    await ok(`mutation { createCity(input: { name: "Keepsville", state: { connect: "IL" } }) { name } }`);
    const result = await execute(`mutation { deleteState(code: "IL") { code } }`);
    expect(result.status).toBe(409);
    expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
    const still = await ok<{ state: { code: string } | null }, object>(`{ state(code: "IL") { code } }`);
    expect(still.state).toEqual({ code: 'IL' });
  });
});
