// The cost limit counts list sizes: a few lines asking for lists of lists are refused before
// anything runs, while the README's queries, a page of 100 leads and REST's heaviest depth pass.
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { operationCoster } from '../src/cost/operation-cost.js';
import { prisma } from '../src/db.js';
import { entities } from '../src/model/entities.js';
import { schema } from '../src/schema/index.js';
import { createYogaServer, yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';
import { buildGraph } from './helpers/graph.js';
import { countStatements, execute } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

const costOf = (query: string, variableValues?: Record<string, unknown>) => operationCoster(config)({ schema, document: parse(query), variableValues });

const amplification = `{ leads(first: 1) { edges { node { favorites { favoritedBy { favorites { vin } } } } } } }`;

const readmeQuery = `{
  leads(first: 10, filter: { processStatuses: { equals: "Qualified Lead" } },
        orderBy: [{ field: createdAt, direction: DESC }]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id email phoneNumber
        salesRep { firstName lastName agent { model } }
        consumer { firstName addresses { line1 city { name state { code } } } }
        favorites { vin make model spec { trim } }
      }
    }
  }
}`;

const every = (name: keyof typeof entities) => Object.keys(entities[name].scalars).join(' ');
const pageOfLeads = `{ leads(first: 100) { edges { node { ${every('Lead')}
  salesRep { ${every('SalesRep')} }
  consumer { ${every('Consumer')} addresses { ${every('Address')} city { ${every('City')} state { ${every('State')} } } } }
  favorites { ${every('Vehicle')} spec { ${every('VehicleSpec')} } } } } } }`;

beforeAll(() => buildGraph('cost'));

describe('the cost limit', () => {
  it('refuses a list of lists of lists with 400 naming the limit, before any resolver runs', async () => {
    let result: Awaited<ReturnType<typeof execute>> | undefined;
    const { count } = await countStatements(async () => {
      result = await execute(amplification);
    });
    expect(result!.status).toBe(400);
    expect(result!.data).toBeUndefined();
    expect(result!.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result!.errors?.[0].message).toMatch(
      new RegExp(`^Query cost limit of ${config.graphqlLimits.cost} exceeded: the estimated cost is 202002005\\. .*first, last, limit`),
    );
    expect(count).toBe(0);
  });

  it('refuses a subscription over the limit before its stream opens, as it refuses a query', async () => {
    const selection =
      'account { lead { consumer { leads(first: 100) { edges { node { favorites(first: 100) { favoritedBy(first: 100) { favorites(first: 100) { vin } } } } } } } } }';
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: await testApiKey(['read']) },
      body: JSON.stringify({ query: `subscription { webEventCreated(filter: { name: ["CostTest"] }) { id ${selection} } }` }),
    });
    const body = await Promise.race([response.text(), new Promise<string>((resolve) => setTimeout(() => resolve('still open after 3 s'), 3_000))]);
    expect(body).toMatch(new RegExp(`Query cost limit of ${config.graphqlLimits.cost} exceeded: the estimated cost is \\d+`));
    expect(body).toMatch(/GRAPHQL_VALIDATION_FAILED/);
  });

  it('does not trust first on a many-to-many list whose items hold lists: PostgreSQL builds every link first', async () => {
    const chain = `{ leads(first: 1) { edges { node { favorites(first: 1) { favoritedBy(first: 1) { favorites(first: 1) { vin } } } } } } }`;
    expect((await execute(chain)).status).toBe(400);
    // One-to-many lists stop at first in SQL, so first is what they cost.
    expect(costOf(`{ consumers(first: 1) { edges { node { accounts(first: 1) { webEvents(first: 1) { edges { node { id } } } } } } } }`)).toBe(11);
  });

  it("counts a connection's aggregates once, not once per item of its page; groups as a list of `first`", async () => {
    // aggregate { count }: 2. The page: 1 + 100 x (1 + its per-item selection, here none).
    expect(costOf(`{ webEvents(first: 100) { aggregate { count } } }`)).toBe(1 + 100 + 2);
    // 1000 groups of { keys count }: 1 + 1000 x (1 + 2), once; through a fragment as well.
    const groups = `groupedAggregates(groupBy: [{ field: name }], first: 1000) { keys count }`;
    expect(costOf(`{ webEvents(first: 100) { ${groups} } }`)).toBe(1 + 100 + 3001);
    expect(costOf(`{ webEvents(first: 100) { ...G } } fragment G on QueryWebEventsConnection { ${groups} }`)).toBe(1 + 100 + 3001);
    // Beside the page's edges { node { id } } (3), which still count per item.
    expect(costOf(`{ webEvents(first: 100) { edges { node { id } } aggregate { count } } }`)).toBe(1 + 100 * (1 + 3) + 2);
    // Groups without first: the list default (100).
    expect(costOf(`{ webEvents { groupedAggregates(groupBy: [{ field: name }]) { count } } }`)).toBe(
      1 + config.pageSize.default + 1 + config.listSize.default * 2,
    );
  });

  it('counts first given in a variable, and a variable default', async () => {
    const query = `query Nested($n: Int) { leads(first: $n) { edges { node { favorites { favoritedBy { id } } } } } }`;
    expect((await execute(query, { n: 1 })).status).toBe(200);
    expect((await execute(query, { n: 5 })).status).toBe(400);
    expect((await execute(query.replace('$n: Int', '$n: Int = 5'))).status).toBe(400);
  });

  it("runs the README's queries and a page of 100 leads with every field of salesRep, consumer.addresses.city.state and favorites.spec", async () => {
    expect(costOf(readmeQuery)).toBe(12_191);
    expect(costOf(pageOfLeads)).toBe(370_701);
    for (const query of [readmeQuery, pageOfLeads]) {
      const result = await execute(query);
      expect(result.errors).toBeUndefined();
      expect(result.status).toBe(200);
    }
  });

  it('lets REST read at its deepest and longest (depth 10, limit 100)', async () => {
    for (const collection of ['accounts', 'leads', 'salesReps', 'consumers', 'webevents']) {
      expect((await rest('GET', `/api/${collection}?depth=10&limit=100`)).status, collection).toBe(200);
    }
  });

  describe('what else gives many: nodes(ids), createWebEvents inputs, anonymousWebEvents(first)', () => {
    const server = createYogaServer({ ...config, graphqlLimits: { ...config.graphqlLimits, cost: 1_000 } });
    const run = async (query: string) => {
      const response = await server.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: await testApiKey() },
        body: JSON.stringify({ query }),
      });
      return response.status;
    };
    const ids = (count: number) =>
      JSON.stringify(Array.from({ length: count }, (_, index) => Buffer.from(`WebEvent:wev_cost${index % 20}_${index % 3}`).toString('base64')));
    const events = (count: number) =>
      `[${Array.from({ length: count }, (_, index) => `{ id: "wev_costbatch${String(index).padStart(4, '0')}", name: "View" }`).join(', ')}]`;

    it('nodes(ids): the number of ids', async () => {
      expect(await run(`{ nodes(ids: ${ids(400)}) { nodeId } }`)).toBe(200);
      expect(await run(`{ nodes(ids: ${ids(600)}) { nodeId } }`)).toBe(400);
    });

    it('createWebEvents: the number of inputs, refused before any is stored', async () => {
      expect(await run(`mutation { createWebEvents(input: ${events(400)}) { index ok } }`)).toBe(400);
      expect(await prisma.webEvent.count({ where: { id: { startsWith: 'wev_costbatch' } } })).toBe(0);
      expect(await run(`mutation { createWebEvents(input: ${events(300)}) { index ok } }`)).toBe(200);
    });

    it('the same document is estimated again for variables of another size, after it was let through', async () => {
      const withVariables = async (query: string, variables: Record<string, unknown>) =>
        (
          await server.fetch('http://localhost/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: await testApiKey() },
            body: JSON.stringify({ query, variables }),
          })
        ).status;
      const byFirst = 'query ByFirst($n: Int) { accounts(first: 1) { edges { node { anonymousWebEvents(first: $n) { id } } } } }';
      expect(await withVariables(byFirst, { n: 400 })).toBe(200);
      expect(await withVariables(byFirst, { n: 600 })).toBe(400);
      expect(await withVariables(byFirst, { n: 400 })).toBe(200);
      expect(await withVariables(byFirst, {})).toBe(200);
      expect(await withVariables(byFirst, { n: 600 })).toBe(400);
      const byIds = 'query ByIds($ids: [ID!]!) { nodes(ids: $ids) { nodeId } }';
      expect(await withVariables(byIds, { ids: JSON.parse(ids(400)) })).toBe(200);
      expect(await withVariables(byIds, { ids: JSON.parse(ids(600)) })).toBe(400);
      const skipped = 'query Skipped($skip: Boolean!) { accounts(first: 1) { edges { node { anonymousWebEvents(first: 600) @skip(if: $skip) { id } } } } }';
      expect(await withVariables(skipped, { skip: true })).toBe(200);
      expect(await withVariables(skipped, { skip: false })).toBe(400);
    });

    it('anonymousWebEvents: first', async () => {
      expect(await run(`{ accounts(first: 1) { edges { node { anonymousWebEvents(first: 400) { id } } } } }`)).toBe(200);
      expect(await run(`{ accounts(first: 1) { edges { node { anonymousWebEvents(first: 600) { id } } } } }`)).toBe(400);
      expect(await run(`{ accounts(first: 1) { edges { node { anonymousWebEvents { id } } } } }`)).toBe(200);
    });
  });
});

describe('Account.anonymousWebEvents', () => {
  it('gives the newest events across all the anonymous ids of the account, first at most', async () => {
    await prisma.account.create({ data: { id: 'acc_history00001', anonymousIds: ['anon_hist_a', 'anon_hist_b'] } });
    await prisma.webEvent.createMany({
      data: [0, 1, 2, 3, 4].map((minute) => ({
        id: `wev_history0000${minute}`,
        name: 'View',
        anonymousId: minute % 2 ? 'anon_hist_a' : 'anon_hist_b',
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
      })),
    });
    const history = (first?: number) =>
      execute<{ account: { anonymousWebEvents: { id: string }[] } }, object>(
        `{ account(id: "acc_history00001") { anonymousWebEvents${first === undefined ? '' : `(first: ${first})`} { id } } }`,
      );
    expect((await history(3)).data?.account.anonymousWebEvents.map((event) => event.id)).toEqual(['wev_history00004', 'wev_history00003', 'wev_history00002']);
    expect((await history()).data?.account.anonymousWebEvents).toHaveLength(5);
    expect((await history(-1)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});
