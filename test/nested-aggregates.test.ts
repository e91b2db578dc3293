// Aggregates on the nested connections (a sales rep's leads, a consumer's leads, an account's web
// events and events, a city's addresses, a spec's vehicles): per parent, over every record of its
// connection that the connection lists (the trash left out), and for a whole page of parents one
// SQL statement per aggregate asked, not one per parent.
import { beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { buildGraph, graphSize } from './helpers/graph.js';
import { countStatements, execute } from './helpers/graphql.js';

const prefix = 'nag';
const payment = (index: number) => (index % 4 === 0 ? null : index * 2.5);
const trashed = `led_${prefix}03`;
const day0 = Date.UTC(2026, 2, 1);

beforeAll(async () => {
  await buildGraph(prefix);
  for (let index = 0; index < graphSize.leads; index += 1) {
    await prisma.lead.update({ where: { id: `led_${prefix}${String(index).padStart(2, '0')}` }, data: { monthlyPayment: payment(index) } });
  }
  await prisma.lead.update({ where: { id: trashed }, data: { deletedAt: new Date() } });
  // Account 0's events: 3 from the graph (accountId), and 4 made under its anonymous ids before login, on two days.
  await prisma.webEvent.createMany({
    data: [0, 1, 2, 3].map((index) => ({
      id: `wev_${prefix}anon${index}`,
      name: 'Visit',
      anonymousId: `anon_${prefix}0a`,
      eventTime: new Date(day0 + (index % 2) * 86_400_000),
    })),
  });
});

type Numbers = { aggregate?: Record<string, number | null>; groupedAggregates?: { keys: (string | null)[]; count: number }[]; totalCount?: number };
type Node = { id: string; leads?: Numbers; webEvents?: Numbers; events?: Numbers };

async function data(text: string) {
  const result = await execute<Record<string, { edges: { node: Node }[] }>, unknown>(text);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

/** The leads of rep `rep` the list shows (outside the trash), as the graph assigns them. */
const leadsOf = (rep: number) =>
  Array.from({ length: graphSize.leads }, (_, index) => index).filter(
    (index) => index % graphSize.salesReps === rep && `led_${prefix}${String(index).padStart(2, '0')}` !== trashed,
  );

const repsQuery = (numbers: string) => `{ salesReps(filter: { id: { startsWith: "srep_${prefix}" } }, orderBy: [{ field: id, direction: ASC }]) {
  edges { node { id leads { totalCount ${numbers} } } } } }`;

describe('per parent, over the records its connection lists', () => {
  it("each sales rep's leads: count, sum, avg, min, max and groups, the trash left out", async () => {
    const got = await data(
      repsQuery(`aggregate { count sum(field: monthlyPayment) avg(field: monthlyPayment) min(field: monthlyPayment) max(field: monthlyPayment) }
        groupedAggregates(groupBy: [{ field: processStatuses }]) { keys count }`),
    );
    const nodes = got.salesReps.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(graphSize.salesReps);
    nodes.forEach((node, rep) => {
      const indexes = leadsOf(rep);
      const values = indexes.map(payment).filter((value): value is number => value !== null);
      const sum = values.reduce((total, value) => total + value, 0);
      expect(node.leads?.aggregate).toEqual({ count: indexes.length, sum, avg: sum / values.length, min: Math.min(...values), max: Math.max(...values) });
      expect(node.leads?.aggregate?.count).toBe(node.leads?.totalCount);
      const statuses = new Map<string, number>();
      for (const index of indexes) {
        const status = index % 2 === 0 ? 'Qualified Lead' : 'New';
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      expect(node.leads?.groupedAggregates).toEqual(
        [...statuses.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([status, count]) => ({ keys: [status], count })),
      );
    });
  });

  it('`first` limits the groups of each parent, not of the page', async () => {
    const got = await data(repsQuery('groupedAggregates(groupBy: [{ field: processStatuses }], first: 1) { keys count }'));
    for (const edge of got.salesReps.edges) expect(edge.node.leads?.groupedAggregates).toEqual([{ keys: ['New'], count: expect.any(Number) }]);
  });

  it("an account's events count those made under its anonymous ids; its webEvents only its own", async () => {
    const got =
      await data(`{ accounts(filter: { id: { in: ["acc_${prefix}0", "acc_${prefix}1"] } }, orderBy: [{ field: id, direction: ASC }]) { edges { node { id
      webEvents { aggregate { count } }
      events { totalCount aggregate { count countDistinct(field: anonymousId) } groupedAggregates(groupBy: [{ field: eventTime, truncate: DAY }, { field: name }]) { keys count } }
    } } } }`);
    const [zero, one] = got.accounts.edges.map((edge) => edge.node);
    expect(zero.webEvents?.aggregate).toEqual({ count: 3 });
    expect(zero.events?.aggregate).toEqual({ count: 7, countDistinct: 2 });
    expect(zero.events?.aggregate?.count).toBe(zero.events?.totalCount);
    expect(zero.events?.groupedAggregates).toEqual([
      { keys: ['2026-03-01T00:00:00.000Z', 'Visit'], count: 2 },
      { keys: ['2026-03-02T00:00:00.000Z', 'Visit'], count: 2 },
      // The graph's events have the time they were stored (today).
      { keys: [expect.any(String), 'Page View'], count: 3 },
    ]);
    expect(one.events?.aggregate).toEqual({ count: 3, countDistinct: 2 });
  });

  it("a city's addresses, a state's cities and a spec's vehicles", async () => {
    const result = await execute<Record<string, Record<string, Numbers>>, unknown>(`{
      city(stateCode: "IL", name: "${prefix} Springfield") { addresses { aggregate { count countDistinct(field: zip) } } }
      vehicleSpec(id: "vs_${prefix}") { vehicles { aggregate { count min(field: year) } } }
      state(code: "IL") { cities { groupedAggregates(groupBy: [{ field: stateCode }]) { keys count } } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.city.addresses.aggregate).toEqual({ count: graphSize.salesReps + 2 * graphSize.leads, countDistinct: 1 });
    expect(result.data?.vehicleSpec.vehicles.aggregate).toEqual({ count: graphSize.vehicles, min: 2021 });
    const cities = await prisma.city.count({ where: { stateCode: 'IL' } });
    expect(result.data?.state.cities.groupedAggregates).toEqual([{ keys: ['IL'], count: cities }]);
  });
});

describe('one statement per aggregate for a whole page of parents', () => {
  it('adding an aggregate and groups to the page of reps adds two statements, whatever the number of reps', async () => {
    const without = await countStatements(() => data(repsQuery('')));
    const withNumbers = await countStatements(() =>
      data(repsQuery('aggregate { count sum(field: monthlyPayment) } groupedAggregates(groupBy: [{ field: processStatuses }]) { keys count }')),
    );
    expect(withNumbers.count - without.count, withNumbers.statements.join('\n')).toBe(2);
  });
});

describe('the same rules as the root connections', () => {
  it('bad groups are 400s naming the argument', async () => {
    const result = await execute(`{ salesReps { edges { node { leads { groupedAggregates(groupBy: [{ field: email, truncate: DAY }]) { count } } } } } }`);
    // A field error beside data: 200, as GraphQL over HTTP has it; the error names the argument.
    expect(result.errors?.[0].path?.at(-1)).toBe('groupedAggregates');
    expect(result.errors?.[0].extensions?.problems).toEqual([{ field: 'groupBy.0.truncate', message: 'applies to a date or an instant; email is neither' }]);
  });

  it('without the read scope the connection, numbers included, is null', async () => {
    const result = await execute<Record<string, { edges: { node: Node }[] }>, unknown>(repsQuery('aggregate { count }'), undefined, {
      authorization: '',
    });
    expect(result.data?.salesReps ?? null).toBeNull();
  });
});
