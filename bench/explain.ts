// EXPLAIN ANALYZE of every baseline statement on the loaded dataset, with the values the scenarios
// send: the plan's nodes (is every relation reached through an index?) and the execution time.
// Writes run inside a transaction that is rolled back.
import type pg from 'pg';
import { createLeadSql, createLeadWithRulesSql } from './baselines/create-lead.js';
import { ingestSql } from './baselines/ingest.js';
import { webEventLookupSql } from './baselines/lookup-graphql.js';
import { webEventDocumentSql } from './baselines/lookup-rest.js';
import { nestedLeadsSql } from './baselines/nested-graphql.js';
import { nestedLeadDocumentsSql } from './baselines/nested-rest.js';

export interface Plan {
  statement: string;
  executionMs: number;
  /** The plan's node lines, without costs or timings: its shape. */
  shape: string[];
  /**
   * Sequential scans, each with its table's row count: on a table of a few dozen rows the planner
   * prefers one to the index it has; on a large one it means a missing index.
   */
  sequentialScans: string[];
}

const ingestValues = (n: number) => {
  const ids = Array.from({ length: n }, (_, index) => `explain${index}`);
  return [
    JSON.stringify(
      ids.map((id) => ({ id: `con_${id}`, firstName: 'J', lastName: 'D', phoneNumber: '555-0199', birthDate: '1990-05-15', ssn: 'enc:v1:x', ssnDigest: 'd' })),
    ),
    JSON.stringify(ids.map((id) => ({ id: `acc_${id}`, leadId: 'Lead ID', consumerId: `con_${id}`, anonymousIds: [`anon_${id}`] }))),
    JSON.stringify(ids.map((id) => ({ id: `wev_${id}`, name: 'User Login', anonymousId: `anon_${id}`, accountId: `acc_${id}` }))),
    '2026-11-29T00:00:00.000',
  ];
};

const statements: { statement: string; sql: string; values: unknown[] }[] = [
  { statement: 'nested-graphql', sql: nestedLeadsSql, values: [100] },
  { statement: 'nested-rest', sql: nestedLeadDocumentsSql, values: [100] },
  { statement: 'lookup-graphql', sql: webEventLookupSql, values: ['wev_bench0005000'] },
  { statement: 'lookup-rest', sql: webEventDocumentSql, values: ['wev_bench0005000'] },
  {
    statement: 'create-lead',
    sql: createLeadSql,
    values: ['led_explain00000', 'e@example.com', '555-0100', 'A', 'L', 'New', ['ASAP'], ['suv'], 450],
  },
  {
    statement: 'create-lead-rules',
    sql: createLeadWithRulesSql,
    values: ['led_explain00001', 'e@example.com', '555-0100', 'A', 'L', 'New', ['ASAP'], ['suv'], 450, 'bench', ['email', 'phoneNumber'], 'evt_explain00001'],
  },
  { statement: 'ingest (1 event)', sql: ingestSql, values: ingestValues(1) },
  { statement: 'ingest-batch (100 events)', sql: ingestSql, values: ingestValues(100) },
];

async function rowCounts(client: pg.Client): Promise<Map<string, number>> {
  const { rows } = await client.query<{ relname: string; reltuples: number }>(
    `SELECT relname, reltuples::float8 AS reltuples FROM pg_class WHERE relkind = 'r'`,
  );
  return new Map(rows.map((row) => [row.relname, Math.max(0, row.reltuples)]));
}

export async function explainBaselines(client: pg.Client): Promise<Plan[]> {
  const counts = await rowCounts(client);
  const withRows = (scan: string) => {
    const table = /Seq Scan on "([^"]+)"/.exec(scan)?.[1];
    return table ? `${scan} (${counts.get(table) ?? '?'} rows)` : scan;
  };
  const plans: Plan[] = [];
  for (const { statement, sql, values } of statements) {
    await client.query('BEGIN');
    try {
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, values);
      const lines = rows.map((row) => row['QUERY PLAN']);
      const shape = lines
        .filter((line) => !/^\s*(Planning|Execution) Time|^\s*(Output|Buffers|Sort Key|Sort Method|Group Key|Memory Usage):/.test(line))
        .map((line) => line.replace(/ \(actual time=[^)]*\)/, '').replace(/ \(never executed\)/, ''));
      plans.push({
        statement,
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(lines.join('\n'))?.[1]),
        shape,
        sequentialScans: shape.filter((line) => line.includes('Seq Scan')).map((line) => withRows(line.trim().replace(/^->\s+/, ''))),
      });
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return plans;
}
