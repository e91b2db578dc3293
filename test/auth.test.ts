// API keys authenticate GraphQL and REST alike; scopes decide what a key may do.
import { describe, expect, it } from 'vitest';
import { revokeApiKey, createApiKey } from '../src/auth/api-keys.js';
import { yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';
import { execute } from './helpers/graphql.js';

const anonymous = { authorization: '' };

describe('GraphQL without a key', () => {
  it('refuses reads and writes with 401 UNAUTHENTICATED', async () => {
    const read = await execute('{ consumers { totalCount } }', undefined, anonymous);
    expect(read.status).toBe(401);
    expect(read.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const write = await execute('mutation { createAgent(input: { model: "gpt-4o" }) { id } }', undefined, anonymous);
    expect(write.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a public web event (the OpenAPI says security: [])', async () => {
    const result = await execute('mutation { createWebEvent(input: { name: "Page View" }) { id name } }', undefined, anonymous);
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ createWebEvent: { name: 'Page View' } });
  });
});

describe('the Authorization header', () => {
  it.each([
    ['the bare key', (key: string) => key],
    ['Bearer <key>', (key: string) => `Bearer ${key}`],
    ["Payload's users API-Key <key>", (key: string) => `users API-Key ${key}`],
  ])('accepts %s', async (_form, header) => {
    const key = await testApiKey();
    const result = await execute('{ states(first: 1) { totalCount } }', undefined, { authorization: header(key) });
    expect(result.errors).toBeUndefined();
  });

  it("takes GraphiQL's placeholder for no key: its schema loads, and a read says a key is needed", async () => {
    const placeholder = { authorization: 'Bearer <your API key>' };
    const schema = await execute('{ __schema { queryType { name } } }', undefined, placeholder);
    expect([schema.status, schema.errors, schema.data]).toEqual([200, undefined, { __schema: { queryType: { name: 'Query' } } }]);
    const read = await execute('{ consumers { totalCount } }', undefined, placeholder);
    expect(read.errors?.[0].message).toBe('Unauthorized: this needs an API key in the Authorization header');
  });

  it('refuses an unknown key with 401, even where no key is needed', async () => {
    const result = await execute('mutation { createWebEvent(input: { name: "x" }) { id } }', undefined, { authorization: 'Bearer cg_not_a_real_key' });
    expect(result.status).toBe(401);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a revoked key', async () => {
    const { secret } = await createApiKey('soon revoked', ['read']);
    expect((await execute('{ states { totalCount } }', undefined, { authorization: secret })).errors).toBeUndefined();
    expect(await revokeApiKey('soon revoked')).toBe(true);
    const after = await execute('{ states { totalCount } }', undefined, { authorization: secret });
    expect(after.status).toBe(401);
  });
});

describe('scopes', () => {
  it('lets a read-only key read but not write (403 FORBIDDEN)', async () => {
    const key = await testApiKey(['read']);
    const read = await execute('{ states(first: 1) { totalCount } }', undefined, { authorization: key });
    expect(read.errors).toBeUndefined();
    const write = await execute('mutation { createAgent(input: { model: "gpt-4o" }) { id } }', undefined, { authorization: key });
    expect(write.status).toBe(403);
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('stores only a hash of the key', async () => {
    const { secret, key } = await createApiKey('hashed', ['read']);
    const { prisma } = await import('../src/db.js');
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('GraphiQL', () => {
  it('is served at /graphql to a browser', async () => {
    const response = await yoga.fetch('http://localhost/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GraphiQL');
  });
});

describe('keys managed over GraphQL', () => {
  it('by a key with the admin scope only', async () => {
    const refused = await execute(`mutation { createApiKey(name: "by writer", scopes: ["read"]) { secret } }`, undefined, {
      authorization: await testApiKey(['read', 'write']),
    });
    expect(refused.status).toBe(403);
    const made = await execute<{ createApiKey: { secret: string; key: { scopes: string[] } } }, object>(
      `mutation { createApiKey(name: "by admin", scopes: ["read"]) { secret key { scopes } } }`,
    );
    expect(made.data?.createApiKey.key.scopes).toEqual(['read']);
    const works = await execute('{ states(first: 1) { totalCount } }', undefined, { authorization: made.data!.createApiKey.secret });
    expect(works.errors).toBeUndefined();
    const unknownScope = await execute(`mutation { createApiKey(name: "x", scopes: ["root"]) { secret } }`);
    expect(unknownScope.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    const listed = await execute<{ apiKeys: { name: string; prefix: string }[] }, object>(`{ apiKeys { name prefix } }`);
    expect(listed.data?.apiKeys.map((key) => key.name)).toContain('by admin');
    expect(JSON.stringify(listed.data)).not.toContain(made.data!.createApiKey.secret);
  });
});

describe('what public ingest can read back', () => {
  it('not the records around what it wrote: other events of the account need a read key', async () => {
    const result = await execute(
      'mutation { createWebEvent(input: { name: "View", account: { upsert: { id: "acc_public00000001" } } }) { id account { id webEvents { totalCount } } } }',
      undefined,
      { authorization: '' },
    );
    // Null, not an error: the event is stored, and an error would tell the caller it was not.
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ createWebEvent: { account: { id: 'acc_public00000001', webEvents: null } } });
  });
});
