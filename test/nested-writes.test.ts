// Creates mirror the REST creates: a relation is an id to connect or an object to create-or-update
// by its key, to any depth, all in one transaction.
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { graphql } from './gql/index.js';
import { execute, ok } from './helpers/graphql.js';
import { whileEventsNamedExplodeAreRefused } from './helpers/refusing-database.js';
import { consumerInput, leadInput, salesRepInput, vehicleInput, vehicleSpecInput } from './helpers/fixtures.js';

const CreateLead = graphql(`
  mutation CreateNestedLead($input: CreateLeadInput!) {
    createLead(input: $input) {
      id
      salesRep {
        id
        agent { id model }
        address { id city { name state { code } } }
        creditBands { id name }
        templates { id type }
      }
      consumer { id firstName lastName addresses { id zip } }
      favorites { vin spec { id squishVin } }
    }
  }
`);

describe('nested create', () => {
  it('creates a lead with a new sales rep four levels deep, a new consumer and new favorites', async () => {
    const { createLead } = await ok(CreateLead, {
      input: {
        ...leadInput,
        id: 'led_nested000001',
        salesRep: {
          upsert: {
            ...salesRepInput,
            id: 'srep_nested00001',
            agent: { upsert: { id: 'ai_nested0000001', model: 'gpt-4o' } },
            address: { upsert: { line1: '1 Loop', zip: '60601', city: { upsert: { name: 'Chicago', state: { upsert: { code: 'IL' } } } } } },
            creditBands: [{ upsert: { id: 'crb_nested000001', name: 'Prime' } }],
            templates: [{ upsert: { id: 'tmp_nested000001', type: 'Email', messageText: 'Hi' } }],
          },
        },
        consumer: {
          upsert: {
            ...consumerInput,
            id: 'con_nested000001',
            addresses: [{ upsert: { line1: '2 Elm', zip: '62704', city: { upsert: { name: 'Springfield', state: { connect: 'IL' } } } } }],
          },
        },
        favorites: [{ upsert: { ...vehicleInput, spec: { upsert: { ...vehicleSpecInput, id: 'vs_nested0000001' } } } }],
      },
    });
    expect(createLead).toMatchObject({
      id: 'led_nested000001',
      salesRep: {
        id: 'srep_nested00001',
        agent: { id: 'ai_nested0000001', model: 'gpt-4o' },
        address: { city: { name: 'Chicago', state: { code: 'IL' } } },
        creditBands: [{ id: 'crb_nested000001', name: 'Prime' }],
        templates: [{ id: 'tmp_nested000001', type: 'Email' }],
      },
      consumer: { id: 'con_nested000001', firstName: 'Ada', addresses: [{ zip: '62704' }] },
      favorites: [{ vin: vehicleInput.vin, spec: { id: 'vs_nested0000001', squishVin: '4T1BF1FK5H' } }],
    });
    expect(createLead?.salesRep?.address?.id).toMatch(/^adr_[a-z0-9]{12}$/);
  });

  it('connects existing records by id and updates an existing one given as an object', async () => {
    const { createLead } = await ok(CreateLead, {
      input: {
        ...leadInput,
        salesRep: { connect: 'srep_nested00001' },
        // An object whose id exists updates only the fields it gives.
        consumer: { upsert: { id: 'con_nested000001', lastName: 'Byron' } },
        favorites: [{ connect: vehicleInput.vin }],
      },
    });
    expect(createLead?.salesRep?.id).toBe('srep_nested00001');
    expect(createLead?.consumer).toMatchObject({ id: 'con_nested000001', firstName: 'Ada', lastName: 'Byron' });
    expect(createLead?.favorites?.map((favorite) => favorite.vin)).toEqual([vehicleInput.vin]);
    expect(await prisma.consumer.count({ where: { id: 'con_nested000001' } })).toBe(1);
  });

  it('creates a record named twice in one input once, and sees it as existing the second time', async () => {
    // The second mention has no name: were it planned as a second create, `name is required` would fail it.
    const result = await ok(graphql(`mutation CreateRepTwice($input: CreateSalesRepInput!) { createSalesRep(input: $input) { creditBands { id name } } }`), {
      input: { ...salesRepInput, creditBands: [{ upsert: { id: 'crb_twice0000001', name: 'Subprime' } }, { upsert: { id: 'crb_twice0000001' } }] },
    });
    expect(result.createSalesRep?.creditBands).toEqual([{ id: 'crb_twice0000001', name: 'Subprime' }]);
  });

  it('replaces a list relation on update and clears a to-one relation given null', async () => {
    const UpdateLead = graphql(`
      mutation UpdateNestedLead($id: String!, $input: UpdateLeadInput!) {
        updateLead(id: $id, input: $input) { salesRepId favorites { vin } }
      }
    `);
    const { updateLead } = await ok(UpdateLead, { id: 'led_nested000001', input: { salesRep: null, favorites: [] } });
    expect(updateLead).toEqual({ salesRepId: null, favorites: [] });
  });
});

describe('a nested create is all or nothing', () => {
  it('writes nothing when a nested record three levels down is invalid', async () => {
    const result = await execute(CreateLead, {
      input: {
        ...leadInput,
        id: 'led_halfbad00001',
        salesRep: {
          upsert: {
            ...salesRepInput,
            id: 'srep_halfbad0001',
            address: { upsert: { line1: '1 Way', zip: '1', city: { upsert: { name: 'X', state: { upsert: { code: 'not a code' } } } } } },
          },
        },
        consumer: { upsert: { ...consumerInput, id: 'con_halfbad00001' } },
      },
    });
    expect(result.status).toBe(400);
    expect(result.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.salesRep.upsert.address.upsert.city.upsert.state.upsert.code',
    });
    expect(await prisma.lead.count({ where: { id: 'led_halfbad00001' } })).toBe(0);
    expect(await prisma.salesRep.count({ where: { id: 'srep_halfbad0001' } })).toBe(0);
    expect(await prisma.consumer.count({ where: { id: 'con_halfbad00001' } })).toBe(0);
  });

  it('rolls back the records already written when the database fails half-way', async () => {
    // The last insert of the transaction (the web event itself) fails inside the database, after
    // the account and the consumer nested in it have been written.
    await whileEventsNamedExplodeAreRefused(async () => {
      const result = await execute(`mutation($input: CreateWebEventInput!) { createWebEvent(input: $input) { id } }`, {
        input: { name: 'explode', account: { upsert: { id: 'acc_rollback0001', consumer: { upsert: { ...consumerInput, id: 'con_rollback0001' } } } } },
      });
      expect(result.errors![0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(await prisma.account.count({ where: { id: 'acc_rollback0001' } })).toBe(0);
      expect(await prisma.consumer.count({ where: { id: 'con_rollback0001' } })).toBe(0);
    });
  });
});

describe('concurrent nested creates', () => {
  it('create each shared nested record once and lose no event', async () => {
    const requests = Array.from({ length: 30 }, (_, index) =>
      execute(`mutation($input: CreateWebEventInput!) { createWebEvent(input: $input) { id } }`, {
        input: {
          id: `wev_race${String(index).padStart(8, '0')}`,
          name: 'View',
          account: { upsert: { id: `acc_race0000000${index % 3}`, consumer: { upsert: { ...consumerInput, id: `con_race0000000${index % 3}` } } } },
        },
      }),
    );
    const results = await Promise.all(requests);
    expect(results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(Array(30).fill('ok'));
    expect(await prisma.webEvent.count({ where: { id: { startsWith: 'wev_race' } } })).toBe(30);
    expect(await prisma.account.count({ where: { id: { startsWith: 'acc_race' } } })).toBe(3);
    expect(await prisma.consumer.count({ where: { id: { startsWith: 'con_race' } } })).toBe(3);
  });
});
