// Relay connections: cursors forwards and backwards, page-size limits, totalCount, filters, order.
import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { prisma } from '../src/db.js';
import { maxPageNumber } from '../src/schema/crud.js';
import { graphql } from './gql/index.js';
import { execute, ok } from './helpers/graphql.js';

const Vehicles = graphql(`
  query VehiclePage($first: Int, $after: String, $last: Int, $before: String, $filter: VehicleFilter, $orderBy: [VehicleOrder!]) {
    vehicles(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { vin make model year } }
    }
  }
`);

const makes = ['Jeep', 'Toyota', 'Ford'];
const vinOf = (index: number) => `1FTFW1ET5DFC${String(index).padStart(5, '0')}`;

beforeAll(async () => {
  await prisma.vehicle.createMany({
    data: Array.from({ length: 30 }, (_, index) => ({
      vin: vinOf(index),
      year: 2010 + (index % 10),
      make: makes[index % 3],
      model: index % 2 ? 'Wrangler' : 'F-150',
      engine: 'V6',
      drivetrain: '4WD',
      bodyStyle: 'SUV',
      transmission: 'Automatic',
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)),
    })),
  });
});

describe('cursor pagination', () => {
  it('walks every record forwards exactly once, then backwards', async () => {
    const seen: string[] = [];
    let after: string | null | undefined;
    for (;;) {
      const { vehicles } = await ok(Vehicles, { first: 7, after });
      seen.push(...vehicles.edges.map((edge) => edge.node.vin));
      expect(vehicles.totalCount).toBe(30);
      if (!vehicles.pageInfo.hasNextPage) break;
      after = vehicles.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, index) => vinOf(index)));

    const back: string[] = [];
    let before: string | null | undefined;
    for (;;) {
      const { vehicles } = await ok(Vehicles, { last: 8, before });
      back.unshift(...vehicles.edges.map((edge) => edge.node.vin));
      if (!vehicles.pageInfo.hasPreviousPage) break;
      before = vehicles.pageInfo.startCursor;
    }
    expect(back).toEqual(seen);
  });

  it(`returns ${config.pageSize.default} by default and at most ${config.pageSize.max} however many are asked for`, async () => {
    const { vehicles } = await ok(Vehicles, {});
    expect(vehicles.edges).toHaveLength(config.pageSize.default);
    await prisma.agent.createMany({
      data: Array.from({ length: config.pageSize.max + 10 }, (_, index) => ({ id: `ai_page${index}`, model: 'gpt-4o' })),
    });
    const many = await ok<{ agents: { totalCount: number; edges: unknown[]; pageInfo: { hasNextPage: boolean } } }, object>(
      `{ agents(first: ${config.pageSize.max * 5}) { totalCount edges { cursor } pageInfo { hasNextPage } } }`,
    );
    expect(many.agents.edges).toHaveLength(config.pageSize.max);
    expect(many.agents.pageInfo.hasNextPage).toBe(true);
    expect(many.agents.totalCount).toBe(config.pageSize.max + 10);
  });

  it('rejects a cursor made for another order', async () => {
    const { vehicles } = await ok(Vehicles, { first: 2, orderBy: [{ field: 'year', direction: 'DESC' }] });
    const result = await execute(Vehicles, { first: 2, after: vehicles.pageInfo.endCursor });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('rejects a cursor it did not make', async () => {
    const result = await execute(Vehicles, { first: 2, after: 'not-a-cursor' });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('filters', () => {
  it('filters by make, model and a year range, and counts only what matches', async () => {
    const { vehicles } = await ok(Vehicles, {
      first: 50,
      filter: { make: { equals: 'Jeep' }, model: { in: ['F-150'] }, year: { gte: 2012, lte: 2016 } },
    });
    const expected = Array.from({ length: 30 }, (_, index) => index).filter(
      (index) => index % 3 === 0 && index % 2 === 0 && 2010 + (index % 10) >= 2012 && 2010 + (index % 10) <= 2016,
    );
    expect(vehicles.edges.map((edge) => edge.node.vin)).toEqual(expected.map(vinOf));
    expect(vehicles.totalCount).toBe(expected.length);
  });

  it('matches text case-insensitively with contains and startsWith', async () => {
    const { vehicles } = await ok(Vehicles, { first: 50, filter: { make: { startsWith: 'toy' }, model: { contains: 'ANGL' } } });
    expect(vehicles.edges.every((edge) => edge.node.make === 'Toyota' && edge.node.model === 'Wrangler')).toBe(true);
    expect(vehicles.totalCount).toBe(5);
  });

  it('filters by createdAt range and by a list of keys', async () => {
    const { vehicles } = await ok(Vehicles, {
      first: 50,
      filter: { createdAt: { gte: '2026-01-01T00:05:00Z', lt: '2026-01-01T00:08:00Z' } },
    });
    expect(vehicles.edges.map((edge) => edge.node.vin)).toEqual([5, 6, 7].map(vinOf));
    const byKey = await ok(Vehicles, { filter: { vin: { in: [vinOf(3), vinOf(1)] } } });
    expect(byKey.vehicles.edges.map((edge) => edge.node.vin)).toEqual([vinOf(1), vinOf(3)]);
  });

  it('filters leads by status and web events by anonymousId', async () => {
    await ok(
      `mutation { a: createLead(input: { email: "a@example.com", phoneNumber: "555-0100", processStatuses: "Sold", reason: "Cash" }) { id } b: createLead(input: { email: "b@example.com", phoneNumber: "555-0101", processStatuses: "New" }) { id } }`,
    );
    await ok(
      `mutation { a: createWebEvent(input: { name: "View", anonymousId: "anon_filter1" }) { id } b: createWebEvent(input: { name: "View", anonymousId: "anon_filter2" }) { id } }`,
    );
    const data = await ok<{ leads: { edges: { node: { email: string } }[] }; webEvents: { totalCount: number } }, object>(
      `{ leads(filter: { processStatuses: { equals: "Sold" } }) { edges { node { email } } } webEvents(filter: { anonymousId: { equals: "anon_filter2" } }) { totalCount } }`,
    );
    expect(data.leads.edges.map((edge) => edge.node.email)).toEqual(['a@example.com']);
    expect(data.webEvents.totalCount).toBe(1);
  });
});

describe('list filters', () => {
  it('finds consumers by one of their phone numbers and accounts by an anonymous id', async () => {
    await ok(`mutation {
      createConsumer(input: { id: "con_phones000001", firstName: "Pat", lastName: "Lee", phoneNumber: "555-0111", phoneNumbers: ["555-0112", "555-0113"], birthDate: "1980-01-01" }) { id }
      createAccount(input: { id: "acc_anon00000001", anonymousIds: ["anon_x", "anon_y"] }) { id }
    }`);
    const data = await ok<{ consumers: { edges: { node: { id: string } }[] }; accounts: { edges: { node: { id: string } }[] } }, object>(
      `{ consumers(filter: { phoneNumbers: { has: "555-0113" } }) { edges { node { id } } }
         accounts(filter: { anonymousIds: { hasSome: ["anon_nope", "anon_y"] } }) { edges { node { id } } } }`,
    );
    expect(data.consumers.edges).toEqual([{ node: { id: 'con_phones000001' } }]);
    expect(data.accounts.edges).toEqual([{ node: { id: 'acc_anon00000001' } }]);
  });
});

describe('ordering', () => {
  it('orders by several fields, ending with the key, and pages through that order', async () => {
    const orderBy = [
      { field: 'year' as const, direction: 'DESC' as const },
      { field: 'make' as const, direction: 'ASC' as const },
    ];
    const first = await ok(Vehicles, { first: 4, orderBy });
    const second = await ok(Vehicles, { first: 4, orderBy, after: first.vehicles.pageInfo.endCursor });
    const all = await ok(Vehicles, { first: 8, orderBy });
    const rows = all.vehicles.edges.map((edge) => edge.node);
    expect([...first.vehicles.edges, ...second.vehicles.edges].map((edge) => edge.node)).toEqual(rows);
    const sorted = [...rows].sort((a, b) => b.year! - a.year! || a.make!.localeCompare(b.make!) || a.vin.localeCompare(b.vin));
    expect(rows).toEqual(sorted);
    expect(rows[0].year).toBe(2019);
  });
});

describe('filter operators', () => {
  const vinsOf = async (filter: object) => (await ok(Vehicles, { first: 100, filter })).vehicles.edges.map((edge) => Number(edge.node.vin.slice(-5)));
  const indexes = (test: (index: number) => boolean) => Array.from({ length: 30 }, (_, index) => index).filter(test);

  it.each([
    ['not', { make: { not: 'Jeep' } }, (i: number) => i % 3 !== 0],
    ['notIn', { make: { notIn: ['Jeep', 'Ford'] } }, (i: number) => i % 3 === 1],
    ['gt and lt', { year: { gt: 2015, lt: 2018 } }, (i: number) => i % 10 === 6 || i % 10 === 7],
    ['exists: false', { trim: { exists: false } }, () => true],
    ['exists: true', { trim: { exists: true } }, () => false],
    ['like (every word, any order)', { model: { like: '150 f' } }, (i: number) => i % 2 === 0],
    ['OR', { OR: [{ year: { equals: 2010 } }, { year: { equals: 2011 } }] }, (i: number) => i % 10 < 2],
    ['AND with NOT', { AND: [{ make: { equals: 'Ford' } }], NOT: { model: { equals: 'F-150' } } }, (i: number) => i % 3 === 2 && i % 2 === 1],
  ])('%s', async (_name, filter, expected) => {
    expect(await vinsOf(filter)).toEqual(indexes(expected));
  });
});

describe('ordering by fields that may be empty', () => {
  it('is offered for numbered pages, where no cursor can skip rows, and not for connections', async () => {
    await ok(`mutation {
      a: createConsumer(input: { firstName: "A", lastName: "Null", phoneNumber: "555-0100", birthDate: "1990-01-01" }) { id }
      b: createConsumer(input: { firstName: "B", lastName: "Null", phoneNumber: "555-0100", birthDate: "1990-01-01", email: "b@example.com" }) { id }
      c: createConsumer(input: { firstName: "C", lastName: "Null", phoneNumber: "555-0100", birthDate: "1990-01-01", email: "a@example.com" }) { id }
    }`);
    const page = await ok<{ consumersPage: { docs: { firstName: string }[] } }, object>(
      `{ consumersPage(filter: { lastName: { equals: "Null" } }, orderBy: [{ field: email, direction: ASC }]) { docs { firstName } } }`,
    );
    expect(page.consumersPage.docs.map((doc) => doc.firstName)).toEqual(['C', 'B', 'A']);
    const connection = await execute(`{ consumers(orderBy: [{ field: email }]) { totalCount } }`);
    expect(connection.status).toBe(400);
  });
});

describe('numbered pages', () => {
  it('gives Payload-style page facts and the docs of the page', async () => {
    const { vehiclesPage } = await ok(
      graphql(`
        query VehiclesByPage($page: Int!) {
          vehiclesPage(limit: 7, page: $page, filter: { vin: { startsWith: "1FTFW1ET5DFC" } }) {
            docs { vin }
            totalDocs limit totalPages page pagingCounter hasPrevPage hasNextPage prevPage nextPage
          }
        }
      `),
      { page: 2 },
    );
    expect(vehiclesPage).toEqual({
      docs: [7, 8, 9, 10, 11, 12, 13].map((index) => ({ vin: vinOf(index) })),
      totalDocs: 30,
      limit: 7,
      totalPages: 5,
      page: 2,
      pagingCounter: 8,
      hasPrevPage: true,
      hasNextPage: true,
      prevPage: 1,
      nextPage: 3,
    });
  });

  it('refuses a limit over the maximum and a page below 1', async () => {
    const result = await execute(`{ vehiclesPage(limit: ${config.pageSize.max + 1}, page: 0) { totalDocs } }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.problems?.map((problem) => problem.field)).toEqual(['limit', 'page']);
  });

  // pagingCounter, (page - 1) x limit + 1, is a GraphQL Int: page 1,000,000,000 overflowed it (500).
  it('serves pages up to maxPageNumber and refuses a deeper one with 400 naming page', async () => {
    const last = await execute(`{ vehiclesPage(limit: ${config.pageSize.max}, page: ${maxPageNumber}) { docs { vin } pagingCounter } }`);
    expect(last.status).toBe(200);
    expect(last.data).toEqual({ vehiclesPage: { docs: [], pagingCounter: (maxPageNumber - 1) * config.pageSize.max + 1 } });
    const deep = await execute(`{ webEventsPage(page: 1000000000) { pagingCounter } }`);
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'page' });
    expect(deep.errors?.[0].message).toBe(`page: must be from 1 to ${maxPageNumber}`);
  });
});
