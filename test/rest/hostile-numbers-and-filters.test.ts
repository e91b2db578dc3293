// What an outside attack on the running server found (X2, X3, X15), through the real server over
// HTTP, on both databases:
// - sums of large numbers: added up in float8 they overflowed, a 500 on PostgreSQL (22003) and on
//   PGlite a 400 blaming the body of a GET; now added up in numeric, and a result beyond a double's
//   range is an error naming the function and the field, on that field alone;
// - an export whose filter the list refuses (an operator the field's type does not take, an instant
//   out of range) streamed a 200 and cut it off, where the list answered 400: now the list's 400;
// - an instant whose text is in range but whose UTC is not (0001-01-01T00:00:00+14:00) was a 400
//   naming no field: now it names the parameter and the rule, on every route that reads where.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { stopAndRemove, temporaryPath } from '../helpers/temporary-directory.js';

const run = promisify(execFile);
const onPostgres = process.env.TEST_DATABASE === 'postgres';
const dataDir = temporaryPath('commerce-graph-hostile-');
const port = await freePort();
// The server's database: this file's own PostgreSQL database, or a PGlite directory of its own.
const env = { ...process.env, PORT: String(port), ...(onPostgres ? { DATA_DIR: undefined } : { DATA_DIR: dataDir, DATABASE_URL: '' }) };
let server: ServerProcess;
let key: string;

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { authorization: `users API-Key ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', text };
}

const json = async (method: string, path: string, body?: unknown) => {
  const answer = await call(method, path, body);
  return { status: answer.status, body: JSON.parse(answer.text) };
};

const graphql = (query: string, variables?: Record<string, unknown>) => json('POST', '/graphql', { query, variables });

let rep: string;

beforeAll(async () => {
  server = await startServer(env);
  const { stdout } = await run('npx', ['tsx', 'scripts/apikey.ts', 'create', '--name', 'hostile', '--scopes', 'read,write'], { env });
  key = stdout.trim().split('\n').at(-1)!;
  const made = await json('POST', '/api/salesReps', { firstName: 'Big', lastName: 'Numbers' });
  expect(made.status).toBe(201);
  rep = made.body.doc.id;
  for (const email of ['big1@x.com', 'big2@x.com']) {
    const lead = await json('POST', '/api/leads', { email, phone: '555-0100', monthlyPayment: 1.7e308, salesRep: rep });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
  }
}, 120_000);

afterAll(() => stopAndRemove(server?.child, dataDir));

const big = 'where[email][like]=big';
const sumMessage = 'the sum of monthlyPayment over these records is beyond the range of a number (a double, ±1.7976931348623157e308): narrow the filter';

describe('sums beyond the range of a number (X2)', () => {
  it.each([
    ['a sum', `/api/leads/aggregate?${big}&sum=monthlyPayment`],
    ['a sum beside other numbers', `/api/leads/aggregate?${big}&sum=monthlyPayment&avg=monthlyPayment&max=monthlyPayment`],
    ['a grouped sum', `/api/leads/aggregate?${big}&sum=monthlyPayment&groupBy=processStatuses`],
  ])('%s is a 400 naming the function and the field, never a 500', async (_name, path) => {
    const answer = await json('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe(`sum.monthlyPayment: ${sumMessage}`);
    expect(answer.body.error.problems).toEqual([{ field: 'sum.monthlyPayment', message: sumMessage }]);
  });

  it('answers what a number holds: the average, minimum and maximum of the same values', async () => {
    const answer = await json('GET', `/api/leads/aggregate?${big}&avg=monthlyPayment&min=monthlyPayment&max=monthlyPayment`);
    expect(answer).toEqual({
      status: 200,
      body: { count: 2, avg: { monthlyPayment: 1.7e308 }, min: { monthlyPayment: 1.7e308 }, max: { monthlyPayment: 1.7e308 } },
    });
  });

  it('is an error on the sum field alone in GraphQL, with its code; the count is answered', async () => {
    const answer = await graphql(`{ leads(filter: { email: { contains: "big" } }) { aggregate { count sum(field: monthlyPayment) } } }`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ leads: { aggregate: { count: 2, sum: null } } });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({
        message: `sum.monthlyPayment: ${sumMessage}`,
        path: ['leads', 'aggregate', 'sum'],
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'sum.monthlyPayment' }),
      }),
    ]);
  });

  it("leaves a nested connection (a rep's leads) answered but its sum", async () => {
    const answer = await graphql(
      `{ salesRep(id: "${rep}") { leads { totalCount aggregate { count sum(field: monthlyPayment) } groupedAggregates(groupBy: [{ field: processStatuses }]) { count sum(field: monthlyPayment) } } } }`,
    );
    expect(answer.body.data.salesRep.leads).toEqual({
      totalCount: 2,
      aggregate: { count: 2, sum: null },
      groupedAggregates: [{ count: 2, sum: null }],
    });
    // The two fields resolve side by side: their errors come in the order their statements answer.
    expect(answer.body.errors.map((error: { path: unknown[]; extensions: { code: string } }) => [error.path, error.extensions.code])).toEqual(
      expect.arrayContaining([
        [['salesRep', 'leads', 'aggregate', 'sum'], 'BAD_USER_INPUT'],
        [['salesRep', 'leads', 'groupedAggregates', 0, 'sum'], 'BAD_USER_INPUT'],
      ]),
    );
    expect(answer.body.errors).toHaveLength(2);
  });
});

describe('an export refused as the list refuses its filter, before any row (X3)', () => {
  it.each([
    ['/api/leads', 'where[monthlyPayment][like]=1', 'csv'],
    ['/api/leads', 'where[createdAt][contains]=1', 'csv'],
    ['/api/leads', 'where[createdAt][contains]=2026-01-01T00:00:00Z', 'csv'],
    ['/api/vehicles', 'where[year][like]=1', 'csv'],
    ['/api/webevents', 'where[eventTime][like]=2026', 'csv'],
    ['/api/leads', 'where[createdAt][greater_than]=0000-01-01T00:00:00Z', 'csv'],
    ['/api/leads', 'where[createdAt][greater_than]=99999-01-01', 'csv'],
    ['/api/leads', 'where[monthlyPayment][like]=1', 'ndjson'],
    ['/api/leads', 'where[or][0][salesRep.firstName][equals]=Big&where[or][1][monthlyPayment][contains]=1', 'ndjson'],
  ])('%s?%s&format=%s', async (collection, where, format) => {
    const list = await call('GET', `${collection}?${where}`);
    expect(list.status).toBe(400);
    const exported = await call('GET', `${collection}?${where}&format=${format}`);
    expect(exported.status).toBe(400);
    expect(exported.type).toMatch(/^application\/json/);
    expect(JSON.parse(exported.text)).toEqual(JSON.parse(list.text));
  });

  it('logged no export failed part-way', () => {
    expect(server.output()).not.toContain('an export failed part-way');
  });
});

describe('an instant whose UTC is before the year 1 (X15)', () => {
  const where = 'where[createdAt][greater_than]=0001-01-01T00:00:00%2B14:00';
  const rule = 'must be an instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (in UTC)';

  it.each([
    ['count', `/api/leads/count?${where}`],
    ['list', `/api/leads?${where}`],
    ['aggregate', `/api/leads/aggregate?${where}`],
    ['export', `/api/leads?${where}&format=csv`],
    ['a path through a relation', '/api/leads?where[salesRep.createdAt][less_than]=9999-12-31T23:00:00-05:00'],
  ])('is a 400 naming the parameter and the rule: %s', async (_name, path) => {
    const answer = await json('GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body.error.problems).toEqual([{ field: expect.stringMatching(/^where\.(salesRep\.)?createdAt\.(greater|less)_than$/), message: rule }]);
  });

  it('is refused by GraphQL, naming the argument, and as a value to store', async () => {
    const literal = await graphql('{ leads(filter: { createdAt: { gt: "0001-01-01T00:00:00+14:00" } }) { totalCount } }');
    expect(literal.body.errors[0]).toMatchObject({ message: `DateTime ${rule}`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const variable = await graphql('query ($after: DateTime) { leads(filter: { createdAt: { gt: $after } }) { totalCount } }', {
      after: '0001-01-01T00:00:00+14:00',
    });
    expect(variable.body.errors[0]).toMatchObject({ message: `after: DateTime ${rule}`, extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
    const stored = await json('POST', '/api/webevents', { name: 'Late', timestamp: '0001-01-01T00:00:00+14:00' });
    expect(stored.status).toBe(400);
    expect(stored.body.error.problems).toEqual([{ field: 'timestamp', message: rule }]);
  });
});
