// Inputs that have broken servers like this one: sizes, limits, odd characters, keys given twice.
// Each gets a 4xx naming the field (never a 500), and values never come back in messages.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { execute, ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';
import { consumerInput, leadInput, salesRepInput, vehicleInput } from './helpers/fixtures.js';

const create = (entity: string, input: object) =>
  execute(`mutation($input: Create${entity}Input!) { create${entity}(input: $input) { __typename } }`, { input });

const expectBadInput = (result: Awaited<ReturnType<typeof execute>>, field: string, message: RegExp) => {
  expect(result.status).toBe(400);
  expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(result.errors?.[0].message).toMatch(message);
};

describe('sizes', () => {
  it('caps short text at 255 characters (an event name at 300, seed 004) and free text at 10,000', async () => {
    expectBadInput(await create('WebEvent', { name: 'Capped', anonymousId: 'x'.repeat(256) }), 'input.anonymousId', /at most 255 characters/);
    expect((await create('WebEvent', { name: 'Capped', anonymousId: 'x'.repeat(255) })).errors).toBeUndefined();
    expect((await create('WebEvent', { name: 'x'.repeat(300) })).errors).toBeUndefined();
    expectBadInput(await create('WebEvent', { name: 'x'.repeat(301) }), 'input.name', /at most 300 characters/);
    expect((await create('Lead', { ...leadInput, notes: 'n'.repeat(10_000) })).errors).toBeUndefined();
    expectBadInput(await create('Lead', { ...leadInput, notes: 'n'.repeat(10_001) }), 'input.notes', /at most 10000 characters/);
  });

  it('caps lists at 1,000 items, scalars and relations alike', async () => {
    const many = Array.from({ length: 1_001 }, (_, index) => `anon_${index}`);
    expectBadInput(await create('Account', { anonymousIds: many }), 'input.anonymousIds', /at most 1000 items/);
    const favorites = Array.from({ length: 1_001 }, () => ({ connect: vehicleInput.vin }));
    expectBadInput(await create('Lead', { ...leadInput, favorites }), 'input.favorites', /at most 1000 items/);
  });

  it('takes 32-bit integers to their limits and no further', async () => {
    expect((await create('Lead', { ...leadInput, latestEvent: -2_147_483_648 })).errors).toBeUndefined();
    expect((await create('Lead', { ...leadInput, latestEvent: 2_147_483_647 })).errors).toBeUndefined();
    expectBadInput(await create('Lead', { ...leadInput, latestEvent: 2_147_483_648 }), 'input.latestEvent', /Int cannot represent/);
  });
});

describe('characters and dates', () => {
  it('refuses the NUL character, which PostgreSQL cannot store', async () => {
    expectBadInput(await create('WebEvent', { name: 'a\u0000b' }), 'input.name', /NUL/);
    const filtered = await execute(`query($id: String!) { webEvents(filter: { name: { equals: $id } }) { totalCount } }`, { id: 'a\u0000b' });
    expect(filtered.status).toBe(400);
    expect(filtered.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps unicode as it was sent', async () => {
    const name = 'Zoë 👩‍🔧 名前 مرحبا';
    const result = await execute<{ createWebEvent: { name: string } }, object>(`mutation($name: String!) { createWebEvent(input: { name: $name }) { name } }`, {
      name,
    });
    expect(result.data?.createWebEvent.name).toBe(name);
  });

  it('reads birth dates of every year from 0001, and refuses year 0000', async () => {
    expect((await create('Consumer', { ...consumerInput, birthDate: '0050-01-01' })).errors).toBeUndefined();
    expectBadInput(await create('Consumer', { ...consumerInput, birthDate: '0000-01-01' }), 'input.birthDate', /calendar date/);
  });

  it('refuses date-times without a zone or out of range in filters', async () => {
    for (const value of ['1', '2026-01-01', '0000-01-01T00:00:00Z', '2026-13-01T00:00:00Z']) {
      const result = await execute(`query($at: DateTime!) { webEvents(filter: { createdAt: { gte: $at } }) { totalCount } }`, { at: value });
      expect(result.status, value).toBe(400);
    }
  });

  it('applies rules to empty strings too: an empty email is not an email', async () => {
    expectBadInput(await create('Lead', { ...leadInput, loginEmail: '' }), 'input.loginEmail', /must be an email/);
    expectBadInput(await create('SalesRep', { ...salesRepInput, emails: [''] }), 'input.emails.0', /must be an email/);
  });
});

describe('keys given twice', () => {
  it('answers CONFLICT for a VIN, a state code and a city that exist', async () => {
    await ok(
      `mutation { createVehicle(input: { vin: "2HGFC2F59JH000001", year: 2018, make: "Honda", model: "Civic", bodyStyle: "Sedan", engine: "2.0L", transmission: "CVT", drivetrain: "FWD" }) { vin } }`,
    );
    const vin = await execute(
      `mutation { createVehicle(input: { vin: "2HGFC2F59JH000001", year: 2018, make: "Honda", model: "Civic", bodyStyle: "Sedan", engine: "2.0L", transmission: "CVT", drivetrain: "FWD" }) { vin } }`,
    );
    expect(vin.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.vin' });
    const state = await execute(`mutation { createState(input: { code: "IL" }) { code } }`);
    expect(state.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
    await ok(`mutation { createCity(input: { name: "Joliet", state: { connect: "IL" } }) { name } }`);
    const city = await execute(`mutation { createCity(input: { name: "Joliet", state: { connect: "IL" } }) { name } }`);
    expect(city.status).toBe(409);
    expect(city.errors?.[0].message).toBe('input.state: a City with this key already exists');
  });

  it('connects a city upserted earlier in the same input', async () => {
    const result = await ok<{ createConsumer: { addresses: { city: { name: string } }[] } }, object>(
      `mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { addresses { city { name } } } }`,
      {
        input: {
          ...consumerInput,
          addresses: [
            { upsert: { line1: '1 A St', zip: '61602', city: { upsert: { name: 'Peoria Heights', state: { connect: 'IL' } } } } },
            { upsert: { line1: '2 B St', zip: '61602', city: { connect: { stateCode: 'IL', name: 'Peoria Heights' } } } },
          ],
        },
      },
    );
    expect(result.createConsumer.addresses.map((address) => address.city.name)).toEqual(['Peoria Heights', 'Peoria Heights']);
  });
});

describe('values never come back in errors', () => {
  it('not from an inline literal of the wrong type', async () => {
    const result = await execute(`mutation { createAgent(input: { model: 123456789 }) { id } }`);
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.errors)).not.toContain('123456789');
  });

  it('not from a cursor or a node id it did not make', async () => {
    const cursor = await execute(`{ webEvents(first: 1, after: "secret-cursor-value") { totalCount } }`);
    expect(cursor.status).toBe(400);
    expect(JSON.stringify(cursor.errors)).not.toContain('secret-cursor-value');
    const node = await execute(`query($id: ID!) { node(id: $id) { nodeId } }`, { id: 'c2VjcmV0LW5vZGUtdmFsdWU=' });
    expect(JSON.stringify(node.errors)).not.toContain('secret');
    expect(node.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a City node id that is not one is bad input', async () => {
    for (const raw of ['City:x', 'City:["IL"]', 'City:{"a":1}']) {
      const result = await execute(`query($id: ID!) { node(id: $id) { nodeId } }`, { id: Buffer.from(raw).toString('base64') });
      expect(result.errors?.[0].extensions?.code, raw).toBe('BAD_USER_INPUT');
    }
  });
});

describe('node ids that are not the nodeId of a record', () => {
  let nodeId: string;
  beforeAll(async () => {
    ({ nodeId } = (
      await ok<{ createWebEvent: { nodeId: string } }, object>(`mutation { createWebEvent(input: { id: "wev_nodeids00001", name: "View" }) { nodeId } }`)
    ).createWebEvent);
  });

  // Each was answered differently, and the differences told what the id held or what the schema
  // has: "SSN123456789 has not been implemented", "ApiKey does not support loading by id", 404.
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  it.each([
    ['a type part that is no type', base64('SSN123456789:x'), 'SSN123456789'],
    ['a type that is not a node', base64('ApiKey:x'), 'ApiKey'],
    ['the root type', base64('Query:x'), 'Query'],
    ['the Node interface', base64('Node:x'), 'Node'],
    ["a name of Object.prototype's", base64('constructor:x'), 'constructor'],
    ['__proto__', base64('__proto__:x'), '__proto__'],
    ['a record that does not exist', base64('Lead:led_nosuchlead01'), 'led_nosuchlead01'],
    ['a key its type cannot read', base64('City:x'), 'City'],
    ['no key', base64('Lead'), 'Lead'],
    ['not base64 at all', 'SSN 123-45-6789', '123-45-6789'],
  ])('one answer, 400 naming the argument: %s', async (_case, id, part) => {
    const node = await execute(`query($id: ID!) { node(id: $id) { nodeId } }`, { id });
    expect(node).toMatchObject({
      status: 400,
      data: null,
      errors: [{ message: 'id: is not the nodeId of a record', extensions: { code: 'BAD_USER_INPUT', field: 'id' } }],
    });
    const nodes = await execute(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids: [nodeId, id] });
    expect(nodes).toMatchObject({
      status: 400,
      data: null,
      errors: [{ message: 'ids.1: is not the nodeId of a record', extensions: { code: 'BAD_USER_INPUT', field: 'ids.1' } }],
    });
    expect(JSON.stringify([node.errors, nodes.errors])).not.toContain(part);
  });

  it('a nodeId of a record is answered with it, alone or in a list', async () => {
    expect((await execute(`query($id: ID!) { node(id: $id) { nodeId } }`, { id: nodeId })).data).toEqual({ node: { nodeId } });
    expect((await execute(`query($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }`, { ids: [nodeId, nodeId] })).data).toEqual({ nodes: [{ nodeId }, { nodeId }] });
  });
});

describe('concurrent creates of one record with list relations', () => {
  it('create it once, with its list, and fail none', async () => {
    const input = (index: number) => ({
      name: 'View',
      account: {
        upsert: {
          id: `acc_listrace${index}`,
          consumer: {
            upsert: {
              ...consumerInput,
              id: 'con_listrace0001',
              addresses: [
                { upsert: { id: 'adr_listrace0001', line1: '1 A St', zip: '62704', city: { upsert: { name: 'Springfield', state: { connect: 'IL' } } } } },
              ],
            },
          },
        },
      },
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => create('WebEvent', input(index))));
    expect(results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(Array(10).fill('ok'));
    const consumer = await prisma.consumer.findUniqueOrThrow({ where: { id: 'con_listrace0001' }, include: { addresses: true } });
    expect(consumer.addresses.map((address) => address.id)).toEqual(['adr_listrace0001']);
  });
});

describe('dates in filters', () => {
  // A date that is no calendar date answered 500 (Prisma was handed an invalid Date).
  it.each(['1990-13-45', '10000-01-01', '1990-1-1', '1990-02-30'])('refuse %s with 400 naming the operator', async (date) => {
    const result = await execute(`query($date: Date) { consumers(filter: { birthDate: { equals: $date } }) { totalCount } }`, { date });
    expectBadInput(result, 'filter.birthDate.equals', /^filter\.birthDate\.equals: must be a calendar date in the form YYYY-MM-DD$/);
    const listed = await execute(`query($date: Date!) { consumers(filter: { OR: [{ birthDate: { in: ["1990-05-15", $date] } }] }) { totalCount } }`, { date });
    expectBadInput(listed, 'filter.OR.0.birthDate.in.1', /must be a calendar date/);
    for (const operator of ['equals', 'in', 'greater_than']) {
      const response = await rest('GET', `/api/consumers?where[birthDate][${operator}]=${date}`);
      expect(response.status, operator).toBe(400);
      expect(response.body.error.message, operator).toBe(`where.birthDate.${operator}: must be a calendar date in the form YYYY-MM-DD`);
    }
  });

  it('take a calendar date', async () => {
    expect((await execute(`{ consumers(filter: { birthDate: { lt: "2000-02-29" } }) { totalCount } }`)).errors).toBeUndefined();
  });
});

describe('filters nested deep or holding many conditions', () => {
  // A filter 60 levels deep made Prisma fail, and 1,000 levels of NOT overflowed the stack: 500s.
  const condition = { id: { equals: 'wev_nobody000000' } };
  const andOr = (levels: number): object => (levels === 0 ? condition : { [levels % 2 ? 'AND' : 'OR']: [andOr(levels - 1)] });
  const nots = (levels: number): object => (levels === 0 ? condition : { NOT: nots(levels - 1) });
  const ors = (count: number) => ({ OR: Array.from({ length: count }, () => condition) });
  const totalCount = (filter: object) => execute(`query($filter: WebEventFilter) { webEvents(filter: $filter) { totalCount } }`, { filter });

  it('takes 10 levels of AND, OR and NOT, and refuses 11 with 400 naming the filter', async () => {
    expect((await totalCount(andOr(10))).errors).toBeUndefined();
    expect((await totalCount(nots(10))).errors).toBeUndefined();
    expectBadInput(await totalCount(andOr(11)), 'filter', /^filter: may nest AND, OR, NOT and relations at most 10 levels deep$/);
    expectBadInput(await totalCount(nots(11)), 'filter', /at most 10 levels deep/);
    const inline = await execute(`{ webEventsPage(filter: ${'{ NOT: '.repeat(11)}{ id: { equals: "x" } }${' }'.repeat(11)}) { totalDocs } }`);
    expectBadInput(inline, 'filter', /at most 10 levels deep/);
  });

  it('refuses 60 levels of AND and OR, and 1,000 of NOT, with 400 (never a 500)', async () => {
    for (const result of [await totalCount(andOr(60)), await totalCount(nots(1_000))]) {
      expect(result.status).toBe(400);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('takes 100 conditions and refuses more, counting each operator and each nested filter', async () => {
    expect((await totalCount(ors(50))).errors).toBeUndefined();
    expectBadInput(await totalCount(ors(51)), 'filter', /^filter: may hold at most 100 conditions/);
  });

  it("takes 1,000 values in a filter's lists and refuses more with 400 (32,767 answered 500)", async () => {
    const ids = (count: number) => Array.from({ length: count }, (_, index) => `wev_none${index}`);
    expect((await totalCount({ id: { in: ids(1_000) } })).errors).toBeUndefined();
    expectBadInput(await totalCount({ id: { in: ids(1_001) } }), 'filter.id.in', /^filter\.id\.in: may hold at most 1000 values in all its lists/);
    expectBadInput(await totalCount({ id: { in: ids(600) }, name: { notIn: ids(600) } }), 'filter.name.notIn', /at most 1000 values/);
    expectBadInput(await totalCount({ id: { in: ids(32_767) } }), 'filter.id.in', /at most 1000 values/);
  });

  it('applies the same limits to REST where', async () => {
    const where = (levels: number) => `/api/webevents?where${'[and][0]'.repeat(levels)}[id][equals]=x`;
    expect((await rest('GET', where(10))).status).toBe(200);
    for (const path of [where(11), where(60)]) {
      const response = await rest('GET', path);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/^where: may nest AND, OR, NOT and relations at most 10 levels deep/);
    }
    const many = Array.from({ length: 51 }, (_, index) => `where[or][${index}][id][equals]=x`).join('&');
    expect((await rest('GET', `/api/webevents?${many}`)).body.error.message).toMatch(/^where: may hold at most 100 conditions/);
  });
});

describe('% and _ in contains, startsWith and like', () => {
  // They reached the SQL LIKE pattern as wildcards: where[id][contains]=%25 matched every row.
  const names = ['100% cotton', '100 percent cotton', 'snake_case', 'snakeXcase', 'back\\slash', 'backXslash'];
  beforeAll(async () => {
    await prisma.webEvent.createMany({ data: names.map((name, index) => ({ id: `wev_wildcard000${index}`, name })) });
  });

  const matching = async (condition: object) => {
    const result = await ok<{ webEventsPage: { docs: { name: string }[] } }, object>(
      `query($name: StringFilter) { webEventsPage(filter: { id: { startsWith: "wev_wildcard" }, name: $name }, orderBy: [{ field: id }]) { docs { name } } }`,
      { name: condition },
    );
    return result.webEventsPage.docs.map((doc) => doc.name);
  };

  it.each([
    [{ contains: '%' }, ['100% cotton']],
    [{ contains: '_' }, ['snake_case']],
    [{ contains: '\\' }, ['back\\slash']],
    [{ startsWith: '100%' }, ['100% cotton']],
    [{ startsWith: 'snake_' }, ['snake_case']],
    [{ like: 'cotton %' }, ['100% cotton']],
    [{ contains: '0 P' }, ['100 percent cotton']],
  ])('%j matches the characters themselves', async (condition, expected) => {
    expect(await matching(condition)).toEqual(expected);
  });

  it('in REST where too', async () => {
    const response = await rest('GET', '/api/webevents?where[id][contains]=%25&where[name][like]=_');
    expect(response.body.data.totalDocs).toBe(0);
    const percent = await rest('GET', '/api/webevents?where[id][like]=wev_wildcard&where[name][contains]=%25');
    expect(percent.body.data.docs.map((doc: { name: string }) => doc.name)).toEqual(['100% cotton']);
  });
});
