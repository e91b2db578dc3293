// REST reads whose documents the database builds (src/rest/compiled-read.ts) answer byte for byte
// what the GraphQL executor answers: every collection at every depth, a page and each record by
// its key, for a key with and without pii:read, over the sample graph and records made to be hard
// (floats JavaScript and PostgreSQL write differently, escapes, empty lists, soft references to
// records that do not exist yet, encrypted SSNs, JSON properties jsonb writes otherwise than
// JSON.stringify, instants at the ends of their range). Also the same 404, cost errors and statements.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../../src/auth/scopes.js';
import { config } from '../../src/config.js';
import { prisma } from '../../src/db.js';
import { collections } from '../../src/rest/collections.js';
import { documentSql } from '../../src/rest/document-sql.js';
import { seedSampleGraph } from '../../src/seed/sample-graph.js';
import { createYogaServer } from '../../src/yoga.js';
import { testApiKey } from '../helpers/api-key.js';
import { consumerInput, hardValuesLead } from '../helpers/fixtures.js';
import { countStatements } from '../helpers/graphql.js';
import { rest } from '../helpers/rest.js';

const compiled = createYogaServer(config);
const executor = createYogaServer(config, { compiledReads: false });

async function both(path: string, scopes: Scope[]) {
  const authorization = await testApiKey(scopes);
  const answers = await Promise.all(
    [compiled, executor].map(async (server) => {
      const response = await server.fetch(`http://localhost${path}`, { headers: { authorization } });
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    }),
  );
  return { compiled: answers[0], executor: answers[1] };
}

async function expectSame(path: string, scopes: Scope[]) {
  const answers = await both(path, scopes);
  expect(answers.compiled, `${path} with ${scopes.join(',')}`).toEqual(answers.executor);
  return answers.compiled;
}

// Values PostgreSQL and JavaScript write differently, or that need escaping.
const hardFloats = [
  1e-7, 1.5e-5, 0.0001, 0.30000000000000004, 123456789012345.6, 1e15, 1.2345e16, 1234567890123456.8, 1e21, 5e-324, 1e300, 0, -0, 1e-6, 9.999e-7,
];

beforeAll(async () => {
  await seedSampleGraph();
  await prisma.eventDefinition.create({
    data: { name: 'Vehicle Reserved', properties: { vin: { type: 'string', required: true, uniqueKey: true } }, addCustomerIfNotExists: true },
  });
  const created = await rest('POST', '/api/leads', {
    body: {
      ...hardValuesLead,
      bodyStyle: ['truck', ''],
      consumer: { ...consumerInput, id: 'con_hard00000001', ssn: '123-45-6789', phoneNumbers: [] },
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBeLessThan(300);
  // Soft references to records that are not there yet, and an SSN stored before encryption.
  await prisma.account.create({ data: { id: 'acc_hard00000001', anonymousIds: [], consumerId: 'con_notyet000001', leadId: 'led_notyet000001' } });
  await prisma.webEvent.create({ data: { id: 'wev_hard00000001', name: 'Page View', accountId: 'acc_hard00000001' } });
  await prisma.consumer.create({
    data: { ...consumerInput, id: 'con_plain0000001', birthDate: new Date('1970-01-01T00:00:00Z'), phoneNumbers: [], ssn: '000-11-2222' },
  });
  // Properties as jsonb holds them, written past the API's own serializer: numbers as stored
  // (1.0, 1e2, more digits than a double), keys that are array indexes (which JavaScript puts
  // first), escapes, an empty object and list, nesting; instants at the edges of the years allowed.
  await prisma.webEvent.create({
    data: {
      id: 'wev_json00000001',
      name: 'Hard JSON',
      accountId: 'acc_hard00000001',
      timestamp: new Date('0001-01-01T00:00:00.000Z'),
      sentAt: new Date('9999-12-31T23:59:59.999Z'),
    },
  });
  await prisma.$executeRawUnsafe(
    String.raw`UPDATE "WebEvent" SET "properties" = '{"b": 1.0, "10": 1e2, "2": -0.0, "a": {"z": 12345678901234567890123, "y": 1.5e-7, "x": 1E+21, "w": 0.1000}, "": "empty key", "__proto__": {"polluted": true}, "text": "quote \" backslash \\ nl \n bell \u0007 é 😀 \u2028 </script>", "list": [1, "two", null, true, {}, []], "empty": {}, "none": null}'::jsonb WHERE "id" = 'wev_json00000001'`,
  );
  await prisma.webEvent.create({ data: { id: 'wev_json00000002', name: 'JSON null', accountId: 'acc_hard00000001', properties: {} } });
  await prisma.$executeRawUnsafe(`UPDATE "WebEvent" SET "properties" = 'null'::jsonb WHERE "id" = 'wev_json00000002'`);
  await prisma.creditBand.createMany({
    data: hardFloats.map((value, index) => ({
      id: `crb_hard${String(index).padStart(8, '0')}`,
      name: 'Hard',
      minimumCreditScore: value,
      maximumCreditScore: -value,
    })),
  });
});

const scopeSets: Scope[][] = [['read'], ['read', 'pii:read']];

describe('compiled REST reads answer what the executor answers', () => {
  for (const collection of collections) {
    it(`${collection.slug}: pages and records at depths 0 to 4 and 10`, async () => {
      for (const scopes of scopeSets) {
        for (const depth of [0, 1, 2, 3, 4, 10]) {
          const page = await expectSame(`/api/${collection.slug}?depth=${depth}&limit=100`, scopes);
          expect(page.status).toBe(200);
          const docs = (JSON.parse(page.text) as { docs?: unknown[]; data?: { docs: unknown[] } }).docs ?? JSON.parse(page.text).data.docs;
          expect(docs.length).toBeGreaterThan(0);
          for (const doc of docs.slice(0, 8) as Record<string, unknown>[]) {
            const key = collection.entity.key.map((field) => encodeURIComponent(String(doc[field]))).join('/');
            expect((await expectSame(`/api/${collection.slug}/${key}?depth=${depth}`, scopes)).status).toBe(200);
          }
        }
        // Later pages, and orders of their own.
        await expectSame(`/api/${collection.slug}?depth=1&limit=3&page=2&sort=-createdAt`, scopes);
        await expectSame(`/api/${collection.slug}?depth=1&limit=7&page=1000`, scopes);
      }
    });
  }

  it('hard values: floats, escapes, empty lists, an encrypted SSN, soft references', async () => {
    for (const scopes of scopeSets) {
      const lead = await expectSame('/api/leads/led_hard00000001?depth=2', scopes);
      expect(lead.text).toContain('"monthlyPayment":1e-7');
      expect(lead.text).toContain(scopes.includes('pii:read') ? '"ssn":"123-45-6789"' : '"ssn":"***-**-6789"');
      const plain = await expectSame('/api/consumers/con_plain0000001', scopes);
      expect(plain.text).toContain(scopes.includes('pii:read') ? '"ssn":"000-11-2222"' : '"ssn":"***-**-2222"');
      const event = await expectSame('/api/webevents/wev_hard00000001?depth=3', scopes);
      expect(JSON.parse(event.text).data.account).toMatchObject({ consumer: 'con_notyet000001', lead: 'led_notyet000001' });
      const json = await expectSame('/api/webevents/wev_json00000001?depth=1', scopes);
      expect(json.text).toContain('"properties":{"2":0,"10":100,"":"empty key","a":{"w":0.1,"x":1e+21,"y":1.5e-7,"z":1.2345678901234568e+22},"b":1,');
      expect(json.text).toContain('"timestamp":"0001-01-01T00:00:00.000Z","sentAt":"9999-12-31T23:59:59.999Z"');
      expect(await expectSame('/api/webevents/wev_json00000002?depth=0', scopes)).not.toMatchObject({ text: expect.stringContaining('properties') });
      await expectSame('/api/webevents?depth=2&limit=100&sort=-timestamp', scopes);
      await expectSame('/api/creditbands?limit=100&sort=minimumCreditScore', scopes);
      await expectSame('/api/leads?depth=0&limit=100&sort=-monthlyPayment', scopes);
    }
  });

  it('the same 404 for a key that is nowhere, and the same refusal past the cost limit', async () => {
    const missing = await expectSame('/api/leads/led_nowhere?depth=2', ['read']);
    expect(missing.status).toBe(404);
    await expectSame('/api/cities/IL/Nowhere', ['read']);
    // A key PostgreSQL cannot hold (NUL), and a sort the Sort enum does not have (personal data).
    await expectSame('/api/leads/led%00x', ['read']);
    expect((await expectSame('/api/consumers?sort=ssn', ['read'])).status).toBe(400);
    const cheap = { ...config, graphqlLimits: { ...config.graphqlLimits, cost: 50 } };
    const authorization = await testApiKey(['read']);
    const answers = await Promise.all(
      [createYogaServer(cheap), createYogaServer(cheap, { compiledReads: false })].map(async (server) => {
        const response = await server.fetch('http://localhost/api/leads?depth=3&limit=100', { headers: { authorization } });
        return { status: response.status, text: await response.text() };
      }),
    );
    expect(answers[0].status, answers.map((answer) => `${answer.status} ${answer.text.slice(0, 300)}`).join('\n')).toBe(400);
    expect(answers[0]).toEqual(answers[1]);
  });

  it('costs one statement for a page with its total, and one for a record', async () => {
    const authorization = await testApiKey(['read']);
    // The key is looked up once, and again when its cache entry ages out or while Redis does not
    // answer a ping in time (a loaded machine): those lookups are the key's, not the read's.
    await compiled.fetch('http://localhost/api/states?limit=1', { headers: { authorization } });
    const reads = async (path: string) => {
      const { statements } = await countStatements(async () => compiled.fetch(`http://localhost${path}`, { headers: { authorization } }));
      return statements.filter((sql) => !sql.includes('"ApiKey"'));
    };
    const page = await reads('/api/leads?depth=3&limit=100');
    const record = await reads('/api/leads/led_hard00000001?depth=3');
    expect([page.length, record.length], [...page, ...record].join('\n')).toEqual([1, 1]);
  });

  it('builds the documents of every collection in the database, web events with their JSON and instants too', () => {
    for (const collection of collections) {
      for (const reader of [{ apiKey: { scopes: ['read'] } }, { apiKey: { scopes: ['read', 'pii:read'] } }]) {
        for (const depth of [0, 2, 10])
          expect(documentSql(collection.entity, 'd0', { depth, envelope: collection.envelope, reader }), collection.slug).toMatch(/^\(?SELECT |^'\{'/);
      }
    }
  });
});
