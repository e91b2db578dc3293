// SSNs and birth dates: seen whole only by keys with pii:read, or echoed to the caller who sent
// that very value; masked for everyone else, on every path (GraphQL, REST depth, filters, order).
import { beforeAll, describe, expect, it } from 'vitest';
import { testApiKey } from './helpers/api-key.js';
import { execute } from './helpers/graphql.js';
import { consumerInput } from './helpers/fixtures.js';
import { rest } from './helpers/rest.js';

const consumer = { ...consumerInput, id: 'con_pii000000001', ssn: '123-45-6789', birthDate: '1984-09-20' };
let readOnly: string;

beforeAll(async () => {
  readOnly = await testApiKey(['read']);
  const created = await execute(`mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { id } }`, { input: consumer });
  expect(created.errors).toBeUndefined();
});

describe('a key without pii:read', () => {
  it('sees the SSN masked to its last four digits and no birth date, over GraphQL', async () => {
    const result = await execute<{ consumer: { ssn: string; birthDate: string | null; firstName: string } }, object>(
      `{ consumer(id: "con_pii000000001") { ssn birthDate firstName } }`,
      undefined,
      { authorization: readOnly },
    );
    expect(result.data?.consumer).toEqual({ ssn: '***-**-6789', birthDate: null, firstName: 'Ada' });
  });

  it('sees them masked in REST documents and in depth expansions', async () => {
    await rest('POST', '/api/webevents', {
      body: { id: 'wev_pii000000001', name: 'Login', account: { id: 'acc_pii000000001', consumer: 'con_pii000000001' } },
      key: false,
    });
    const direct = await rest('GET', '/api/consumers/con_pii000000001', { headers: { authorization: readOnly } });
    expect(direct.body).toMatchObject({ ssn: '***-**-6789' });
    expect(direct.body).not.toHaveProperty('birthDate');
    const expanded = await rest('GET', '/api/webevents/wev_pii000000001?depth=2', { headers: { authorization: readOnly } });
    expect(expanded.body.data.account.consumer).toMatchObject({ id: 'con_pii000000001', ssn: '***-**-6789' });
    expect(JSON.stringify(expanded.body)).not.toContain('123-45-6789');
    expect(JSON.stringify(expanded.body)).not.toContain('1984-09-20');
  });

  it('cannot filter by an SSN or a birth date (403), nor sort by them (400)', async () => {
    const filtered = await execute(`{ consumers(filter: { ssn: { equals: "123-45-6789" } }) { totalCount } }`, undefined, { authorization: readOnly });
    expect(filtered.status).toBe(403);
    expect(filtered.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const nested = await execute(`{ consumersPage(filter: { OR: [{ birthDate: { gt: "1900-01-01" } }] }) { totalDocs } }`, undefined, {
      authorization: readOnly,
    });
    expect(nested.status).toBe(403);
    const restFilter = await rest('GET', '/api/consumers?where[ssn][like]=6789', { headers: { authorization: readOnly } });
    expect(restFilter.status).toBe(403);
    const sorted = await rest('GET', '/api/consumers?sort=ssn', { headers: { authorization: readOnly } });
    expect(sorted.status).toBe(400);
  });
});

describe('a key with pii:read', () => {
  it('sees and searches the values whole', async () => {
    const key = await testApiKey(['read', 'pii:read']);
    const result = await execute<{ consumers: { edges: { node: { ssn: string; birthDate: string } }[] } }, object>(
      `{ consumers(filter: { ssn: { equals: "123-45-6789" } }) { edges { node { ssn birthDate } } } }`,
      undefined,
      { authorization: key },
    );
    expect(result.data?.consumers.edges).toEqual([{ node: { ssn: '123-45-6789', birthDate: '1984-09-20' } }]);
  });
});

describe('public ingest', () => {
  it('cannot change a record that exists: naming it connects to it, unchanged', async () => {
    const response = await rest('POST', '/api/webevents', {
      body: { name: 'Login', account: { id: 'acc_pii000000004', consumer: { id: 'con_pii000000001', firstName: 'Mallory', ssn: '000-00-0000' } } },
      key: false,
    });
    expect(response.status).toBe(200);
    expect(response.body.data.account.consumer).toBe('con_pii000000001');
    const stored = await execute<{ consumer: { firstName: string; ssn: string } }, object>(`{ consumer(id: "con_pii000000001") { firstName ssn } }`);
    expect(stored.data?.consumer).toEqual({ firstName: 'Ada', ssn: '123-45-6789' });
  });

  it('echoes what it sent, and shows no stored record it did not write', async () => {
    const sent = await rest('POST', '/api/webevents', {
      body: { name: 'Signup', account: { id: 'acc_pii000000002', consumer: { ...consumerInput, id: 'con_pii000000002', ssn: '987-65-4321' } } },
      key: false,
    });
    expect(sent.body.data.account.consumer).toMatchObject({ ssn: '987-65-4321', birthDate: consumerInput.birthDate });
    // The account is new (written now), the consumer only named: it stays behind its id.
    const notSent = await rest('POST', '/api/webevents', {
      body: { name: 'Login', account: { id: 'acc_pii000000003', consumer: 'con_pii000000002' } },
      key: false,
    });
    expect(notSent.body.data.account).toEqual({ id: 'acc_pii000000003', consumer: 'con_pii000000002' });
    // With a read key the same consumer shows, its SSN masked (no pii:read).
    const read = await rest('GET', '/api/webevents/' + notSent.body.data.id + '?depth=2', { headers: { authorization: readOnly } });
    expect(read.body.data.account.consumer).toMatchObject({ id: 'con_pii000000002', ssn: '***-**-4321' });
  });
});

describe('SSNs at rest', () => {
  it('are stored encrypted, with a digest that finds them exactly and only exactly', async () => {
    const { prisma } = await import('../src/db.js');
    const [row] = await prisma.$queryRaw<{ ssn: string; ssnDigest: string }[]>`SELECT "ssn", "ssnDigest" FROM "Consumer" WHERE id = 'con_pii000000001'`;
    expect(row.ssn).toMatch(/^enc:v1:[A-Za-z0-9+/=]+$/);
    expect(row.ssn).not.toContain('6789');
    expect(row.ssnDigest).toMatch(/^[0-9a-f]{64}$/);
    const key = await testApiKey(['read', 'pii:read']);
    const found = await execute<{ consumers: { totalCount: number } }, object>(
      `{ consumers(filter: { ssn: { in: ["123456789"] } }) { totalCount } }`,
      undefined,
      { authorization: key },
    );
    expect(found.data?.consumers.totalCount).toBe(1);
    const partial = await execute(`{ consumers(filter: { ssn: { contains: "6789" } }) { totalCount } }`, undefined, { authorization: key });
    expect(partial.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.ssn.contains' });
  });
});
