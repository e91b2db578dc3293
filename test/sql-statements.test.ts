// Nested selections must cost a fixed number of SQL statements, not one per row (no N+1).
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetSql } from '../bench/dataset.js';
import { scenarios } from '../bench/scenarios/index.js';
import type { BenchRequest } from '../bench/scenarios/scenario.js';
import { prisma } from '../src/db.js';
import { yoga } from '../src/yoga.js';
import { graphql } from './gql/index.js';
import { testApiKey } from './helpers/api-key.js';
import { buildGraph, graphSize } from './helpers/graph.js';
import { countStatements, ok } from './helpers/graphql.js';

const LeadsWithEverything = graphql(`
  query LeadsWithEverything($first: Int!) {
    leads(first: $first, filter: { id: { startsWith: "led_sql" } }) {
      edges {
        node {
          id
          salesRep {
            id
            agent { id model }
            address { id city { name state { code } } }
            creditBands { id name }
          }
          consumer {
            id
            addresses { id zip city { name state { code } } }
            accounts { id webEvents(first: 5) { edges { node { id } } } }
          }
          favorites { vin spec { id make } }
        }
      }
    }
  }
`);

const AccountsWithHistory = graphql(`
  query AccountsWithHistory {
    accounts(first: 50, filter: { id: { startsWith: "acc_sql" } }) {
      edges { node { id anonymousWebEvents { id anonymousId account { id } } } }
    }
  }
`);

beforeAll(() => buildGraph('sql'));

describe('SQL statements per request', () => {
  it('reads leads with five levels of relations in one statement', async () => {
    let data: Awaited<ReturnType<typeof ok<unknown, unknown>>> | undefined;
    const { count, statements } = await countStatements(async () => {
      data = await ok(LeadsWithEverything, { first: graphSize.leads });
    });
    const leads = (
      data as {
        leads: {
          edges: {
            node: {
              salesRep: { address: { city: { state: { code: string } } } };
              consumer: { addresses: unknown[]; accounts: { webEvents: { edges: unknown[] } }[] };
              favorites: { spec: { make: string } }[];
            };
          }[];
        };
      }
    ).leads.edges;
    expect(leads).toHaveLength(graphSize.leads);
    expect(leads[0].node.salesRep.address.city.state.code).toBe('IL');
    expect(leads[0].node.consumer.addresses).toHaveLength(2);
    expect(leads[0].node.consumer.accounts[0].webEvents.edges).toHaveLength(3);
    expect(leads[0].node.favorites.map((favorite) => favorite.spec.make)).toEqual(['Jeep', 'Jeep']);
    expect(count, statements.join('\n')).toBe(1);
  });

  it('adds one statement for totalCount, whatever the page size', async () => {
    const one = await countStatements(() => ok(`{ leads(first: 1) { totalCount edges { node { id salesRep { id } } } } }`));
    const twenty = await countStatements(() => ok(`{ leads(first: 20) { totalCount edges { node { id salesRep { id } } } } }`));
    expect([one.count, twenty.count]).toEqual([2, 2]);
  });

  it('batches the anonymous-id history of every account into one statement (DataLoader)', async () => {
    let data: { accounts: { edges: { node: { anonymousWebEvents: { account: { id: string } | null }[] } }[] } } | undefined;
    const { count } = await countStatements(async () => {
      data = (await ok(AccountsWithHistory)) as typeof data;
    });
    expect(data!.accounts.edges).toHaveLength(graphSize.leads);
    expect(data!.accounts.edges[0].node.anonymousWebEvents).toHaveLength(3);
    // accounts, the batched history, and the accounts of those events (batched by Prisma).
    expect(count).toBe(3);
  });
});

// The statements each benchmark scenario's request costs the server today (bench/scenarios/), on
// the benchmark's own dataset and with its key's scopes. Exact on purpose: a change that adds a
// statement fails here, and one that saves a statement updates the number (and the README's table).
describe('SQL statements per benchmark request', () => {
  const expected: Record<string, number> = {
    'nested-graphql': 1,
    'nested-rest': 1,
    'lookup-graphql': 1,
    'lookup-rest': 1,
    'create-lead': 1,
    'create-lead-rules': 1,
    // A public event with its new account and consumer, and a batch of 100 such: one statement each
    // (writes/execute.ts executeAsOneStatement), no existence check, no transaction.
    ingest: 1,
    'ingest-batch': 1,
  };

  beforeAll(async () => {
    for (const statement of datasetSql().split(/;\s*\n/)) if (statement.trim()) await prisma.$executeRawUnsafe(statement);
  });

  async function send(request: BenchRequest) {
    const response = await yoga.fetch(`http://localhost${request.path}`, { method: request.method, headers: request.headers, body: request.body });
    const text = await response.text();
    expect(response.status, text.slice(0, 500)).toBe(200);
    expect(text).not.toContain('"errors"');
  }

  for (const scenario of scenarios.filter((each) => each.sides.includes('baseline') && each.name !== 'pglite')) {
    it(`${scenario.name}: ${expected[scenario.name]}`, async () => {
      const apiKey = await testApiKey(['read', 'write']);
      // Once untimed: the key's first use reads it from the database, as a running server's did long before.
      await send(scenario.serverRequest(apiKey));
      const { count, statements } = await countStatements(() => send(scenario.serverRequest(apiKey)));
      expect(count, statements.join('\n')).toBe(expected[scenario.name]);
    });
  }
});
