// Public web-event ingest, as an attacker without a key would try it (issue 8, findings 2, 3, 6
// and 14): it creates records that do not exist and nothing else, answers with what it sent, and
// never shows, changes or links a record it did not create.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { countStatements, execute, ok } from './helpers/graphql.js';
import { consumerInput, leadInput, salesRepInput, templateInput, vehicleInput } from './helpers/fixtures.js';
import { rest } from './helpers/rest.js';

const anonymous = { key: false } as const;
const victim = { address: 'adr_victim000001', lead: 'led_victim000001', template: 'tmp_victim000001', band: 'crb_victim000001', rep: 'srep_victim00001' };

beforeAll(async () => {
  await ok(
    `mutation($address: CreateAddressInput!, $rep: CreateSalesRepInput!, $lead: CreateLeadInput!, $vehicle: CreateVehicleInput!) {
    createAddress(input: $address) { id }
    createVehicle(input: $vehicle) { vin }
    createSalesRep(input: $rep) { id }
    createLead(input: $lead) { id }
  }`,
    {
      address: { id: victim.address, line1: '1 Secret Lane', zip: '62704', city: { upsert: { name: 'Springfield', state: { connect: 'IL' } } } },
      vehicle: vehicleInput,
      rep: {
        ...salesRepInput,
        id: victim.rep,
        templates: [{ upsert: { ...templateInput, id: victim.template, messageText: 'confidential pricing' } }],
        creditBands: [{ upsert: { id: victim.band, name: 'Subprime' } }],
      },
      lead: { ...leadInput, id: victim.lead, notes: 'private notes', favorites: [{ connect: vehicleInput.vin }] },
    },
  );
});

const eventWith = (account: object) => ({ name: 'Signup', account: { id: `acc_${Math.random().toString(36).slice(2, 14)}`, ...account } });
const newConsumer = (extra: object = {}) => ({ ...consumerInput, id: `con_${Math.random().toString(36).slice(2, 14)}`, ...extra });

describe('public ingest and list relations', () => {
  const attempts: [string, object][] = [
    ['a new consumer listing an existing address by id', { consumer: newConsumer({ addresses: [victim.address] }) }],
    [
      'a new consumer listing an existing address as an object',
      { consumer: newConsumer({ addresses: [{ id: victim.address, line1: 'x', zip: '1', city: { name: 'Springfield', state: 'IL' } }] }) },
    ],
    ['a new lead listing an existing vehicle', { lead: { ...leadInput, favorites: [vehicleInput.vin] } }],
    ['a new sales rep listing an existing template', { lead: { ...leadInput, salesRep: { ...salesRepInput, templates: [victim.template] } } }],
    [
      'a new sales rep listing an existing credit band',
      { lead: { ...leadInput, salesRep: { ...salesRepInput, creditBands: [{ id: victim.band, name: 'x' }] } } },
    ],
  ];

  for (const [what, account] of attempts) {
    it(`refuses ${what} with 403, writing nothing and showing nothing`, async () => {
      const before = await prisma.webEvent.count();
      const response = await rest('POST', '/api/webevents?depth=5', { body: eventWith(account), ...anonymous });
      expect(response.status).toBe(403);
      expect(response.body.error.message).toMatch(/may list only \w+s created here/);
      expect(JSON.stringify(response.body)).not.toMatch(/Secret Lane|confidential|Subprime|Wrangler/);
      expect(await prisma.webEvent.count()).toBe(before);
    });
  }

  it('leaves the existing records without strangers', async () => {
    const address = await prisma.address.findUniqueOrThrow({ where: { id: victim.address }, include: { consumers: true } });
    expect(address.consumers).toEqual([]);
    const vehicle = await prisma.vehicle.findUniqueOrThrow({ where: { vin: vehicleInput.vin }, include: { favoritedBy: { select: { id: true } } } });
    expect(vehicle.favoritedBy).toEqual([{ id: victim.lead }]);
    const template = await prisma.template.findUniqueOrThrow({ where: { id: victim.template }, include: { salesReps: { select: { id: true } } } });
    expect(template.salesReps).toEqual([{ id: victim.rep }]);
  });

  it('lists records it creates itself', async () => {
    const consumer = newConsumer({ addresses: [{ line1: '2 New Street', zip: '62704', city: { name: 'Springfield', state: 'IL' } }] });
    const response = await rest('POST', '/api/webevents?depth=3', { body: eventWith({ consumer }), ...anonymous });
    expect(response.status).toBe(200);
    expect(response.body.data.account.consumer.addresses).toEqual([expect.objectContaining({ line1: '2 New Street' })]);
  });
});

describe('public ingest naming records that exist', () => {
  it('answers with the key of a record it did not create, and changes nothing in it', async () => {
    const response = await rest('POST', '/api/webevents?depth=3', {
      body: eventWith({ lead: { id: victim.lead, email: 'attacker@example.com', phoneNumber: '555-0000', notes: 'pwned' } }),
      ...anonymous,
    });
    expect(response.status).toBe(200);
    expect(response.body.data.account.lead).toBe(victim.lead);
    const lead = await prisma.lead.findUniqueOrThrow({ where: { id: victim.lead } });
    expect(lead).toMatchObject({ email: leadInput.email, notes: 'private notes' });
  });

  it('stores a new address in a city that exists (depth 4) and a new city in a state that exists (depth 5), answering 200', async () => {
    const addresses = [
      { line1: '3 Known City Road', zip: '62704', city: { name: 'Springfield', state: 'IL' } },
      { line1: '4 New City Road', zip: '60601', city: { name: `Newtown ${Date.now()}`, state: 'IL' } },
    ];
    for (const path of ['/api/webevents?depth=5', '/api/webevents/batch?depth=5']) {
      const body = path.includes('batch')
        ? { batch: [eventWith({ consumer: newConsumer({ addresses }) })] }
        : eventWith({ consumer: newConsumer({ addresses }) });
      const response = await rest('POST', path, { body, ...anonymous });
      expect(response.status, path).toBe(200);
      const document = path.includes('batch') ? response.body.data[0].data : response.body.data;
      const [known, created] = document.account.consumer.addresses;
      // The city it named but did not create is its key; the one it created, the object it sent.
      expect(known.city).toEqual({ name: 'Springfield', state: 'IL' });
      expect(created.city).toMatchObject({ name: expect.stringMatching(/^Newtown/), state: 'IL' });
      // A city of its own for the second route too.
      addresses[1].city = { name: `Newtown ${Date.now()}b`, state: 'IL' };
    }
  });

  it('answers a write-only key with what it sent of the existing city it names, and nothing stored', async () => {
    const { testApiKey } = await import('./helpers/api-key.js');
    const writeOnly = await testApiKey(['write']);
    const result = await execute(
      `mutation { createAddress(input: { line1: "5 Write Only Way", zip: "62704", city: { upsert: { name: "Springfield", state: { connect: "IL" } } } }) { id line1 cityName city { name createdAt } } }`,
      undefined,
      { authorization: writeOnly },
    );
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({
      createAddress: { line1: '5 Write Only Way', cityName: 'Springfield', city: { name: 'Springfield', createdAt: null } },
    });
  });
});

describe('public ingest matching a consumer by identifier', () => {
  it('is refused (403) whether or not a consumer holds the identifier: no one learns who is a customer, nor links data to them', async () => {
    await ok(
      `mutation { createConsumer(input: { id: "con_knownmatch01", firstName: "K", lastName: "M", email: "known-match@example.com", phoneNumber: "555-0100", birthDate: "1990-01-01" }) { id } }`,
    );
    const answers = [];
    for (const value of ['known-match@example.com', 'unknown-match@example.com'])
      for (const match of [
        { type: 'EMAIL', value },
        { type: 'EMAIL', value, create: { firstName: 'N', lastName: 'M', phoneNumber: '555-0100', birthDate: '1990-01-01' } },
      ])
        answers.push(await rest('POST', '/api/webevents', { body: eventWith({ consumer: { match } }), ...anonymous }));
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(new Set(answers.map((answer) => answer.body.error.message)).size).toBe(1);
    expect(await prisma.account.count({ where: { consumerId: 'con_knownmatch01' } })).toBe(0);
    expect(await prisma.consumer.count({ where: { emailKey: 'unknown-match@example.com' } })).toBe(0);
  });

  it("may not name an event's customer by identifier (it could squat a customer's unique event, or learn it exists)", async () => {
    const body = { id: 'wev_squat0000001', name: 'Reserved', customerIdentifier: 'email:known-match@example.com', properties: { vin: 'VSQ1' } };
    const refused = await rest('POST', '/api/webevents', { body, ...anonymous });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].message).toMatch(/customerIdentifier: is given only with an API key with the write scope/);
    expect(await prisma.webEvent.count({ where: { id: 'wev_squat0000001' } })).toBe(0);
    expect((await rest('POST', '/api/webevents', { body })).status).toBe(200);
  });
});

describe('a repeated event id', () => {
  const eventId = 'wev_someoneelse01';
  beforeAll(async () => {
    await ok(
      `mutation { createWebEvent(input: { id: "${eventId}", name: "Private Page", anonymousId: "anon_victim", account: { connect: "acc_victim000001" } }) { id } }`,
    );
  });

  it('answers a caller without a key with the id alone, on every route', async () => {
    const single = await rest('POST', '/api/webevents', { body: { id: eventId, name: 'Probe' }, ...anonymous });
    expect(single.body).toEqual({ data: { id: eventId }, success: true });
    const batch = await rest('POST', '/api/webevents/batch', { body: { batch: [{ id: eventId, name: 'Probe' }] }, ...anonymous });
    expect(batch.body.data).toEqual([{ index: 0, success: true, stored: false, data: { id: eventId } }]);
    const graphql = await execute(`mutation { createWebEvent(input: { id: "${eventId}", name: "Probe" }) { id name anonymousId accountId } }`, undefined, {
      authorization: '',
    });
    expect(graphql.data).toEqual({ createWebEvent: { id: eventId, name: null, anonymousId: null, accountId: null } });
    const many = await execute(`mutation { createWebEvents(input: [{ id: "${eventId}", name: "Probe" }]) { stored event { id name accountId } } }`, undefined, {
      authorization: '',
    });
    expect(many.data).toEqual({ createWebEvents: [{ stored: false, event: { id: eventId, name: null, accountId: null } }] });
  });

  it('answers 50 concurrent different bodies with one winner and 49 bare ids', async () => {
    const id = 'wev_contested0001';
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        rest('POST', index % 2 ? '/api/webevents' : '/api/webevents/batch', {
          body:
            index % 2 ? { id, name: `Body ${index}`, anonymousId: `anon_${index}` } : { batch: [{ id, name: `Body ${index}`, anonymousId: `anon_${index}` }] },
          ...anonymous,
        }),
      ),
    );
    const documents = responses.map((response, index) => (index % 2 ? response.body.data : response.body.data[0].data));
    const winners = documents.filter((document) => document.name !== undefined);
    expect(winners).toHaveLength(1);
    documents.forEach((document, index) => {
      if (document.name !== undefined) expect(document).toMatchObject({ name: `Body ${index}`, anonymousId: `anon_${index}` });
      else expect(document).toEqual({ id });
    });
    const stored = await prisma.webEvent.findUniqueOrThrow({ where: { id } });
    expect(stored.name).toBe(winners[0].name);
  });
});

describe('limits before the work', () => {
  it('refuses a public event with more nested records than a request may write, before any SQL', async () => {
    const addresses = Array.from({ length: 2_000 }, (_, index) => ({
      line1: `${index} Flood Street`,
      zip: '62704',
      city: { name: 'Springfield', state: 'IL' },
    }));
    let response: Awaited<ReturnType<typeof rest>> | undefined;
    const { count } = await countStatements(async () => {
      response = await rest('POST', '/api/webevents', { body: eventWith({ consumer: newConsumer({ addresses }) }), ...anonymous });
    });
    expect(response!.status).toBe(400);
    expect(response!.body.error.message).toMatch(/at most 2000 records/);
    expect(count).toBe(0);
  });

  it('counts the records of every mutation of a request together', async () => {
    const addresses = Array.from({ length: 300 }, (_, index) => ({
      upsert: { line1: `${index} Alias Street`, zip: '62704', city: { upsert: { name: 'Springfield', state: { connect: 'IL' } } } },
    }));
    const aliases = Array.from({ length: 10 }, (_, index) => `c${index}: createConsumer(input: $input${index}) { id }`).join('\n');
    const declarations = Array.from({ length: 10 }, (_, index) => `$input${index}: CreateConsumerInput!`).join(', ');
    const variables = Object.fromEntries(Array.from({ length: 10 }, (_, index) => [`input${index}`, { ...consumerInput, addresses }]));
    const result = await execute(`mutation(${declarations}) { ${aliases} }`, variables);
    // Each consumer with its 300 addresses and their cities is 601 records: three fit in 2,000.
    const written = Object.values(result.data ?? {}).filter(Boolean);
    expect(written).toHaveLength(3);
    expect(result.errors?.every((error) => /at most 2000 records/.test(error.message))).toBe(true);
  });
});
