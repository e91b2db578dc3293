// What an outside attack on the running server got back from writes that it should not have
// (X1, X7, X9, X13), each over real HTTP through the server listening on a port, on PGlite and
// PostgreSQL: a write answers a key without `read` only what it sent, shows a sensitive property
// only to pii:read or to the caller who sent that very value, keeps a stored sensitive property
// encrypted whatever its event is renamed to, and tells a key without `read` nothing of other
// accounts.
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { yoga } from '../src/yoga.js';
import { testApiKey } from './helpers/api-key.js';

// Ports of this suite's range, one per database project (they run at the same time).
const port = process.env.TEST_DATABASE === 'postgres' ? 41011 : 41010;
let server: Server;

beforeAll(async () => {
  server = createServer(yoga).listen(port, '127.0.0.1');
  await once(server, 'listening');
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const unique = (prefix: string) => `${prefix}${Math.random().toString(36).slice(2, 14).padEnd(12, '0')}`;

// biome-ignore lint/suspicious/noExplicitAny: a JSON body, which each test reads its own way
type Body = any;

async function http(method: string, path: string, body: unknown, key?: string): Promise<{ status: number; body: Body; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
}

const graphql = (key: string, query: string, variables: object) => http('POST', '/graphql', { query, variables }, key);

const writeOnly = () => testApiKey(['write']);
const readWrite = () => testApiKey(['read', 'write']);
const everything = () => testApiKey();

/** A definition like README's "Vehicle Reserved": vin is the unique key, driverLicense sensitive. */
async function defineReservation(): Promise<string> {
  const name = unique('Vehicle Reserved ');
  const response = await http(
    'POST',
    '/api/eventdefinitions',
    {
      name,
      addCustomerIfNotExists: true,
      properties: {
        vin: { type: 'string', required: true, uniqueKey: true },
        deposit: { type: 'number', required: true },
        driverLicense: { type: 'string', sensitive: true },
      },
    },
    await everything(),
  );
  expect(response.status, response.text).toBe(201);
  return name;
}

/** The victim's reservation, posted without a key; answers its id. */
async function victimEvent(name: string): Promise<string> {
  const response = await http('POST', '/api/webevents', {
    name,
    anonymousId: unique('anon_'),
    properties: { vin: unique('VVIC'), deposit: 900, driverLicense: 'VICTIM-DL-9999' },
  });
  expect(response.status, response.text).toBe(200);
  return response.body.data.id;
}

const storedProperties = async (id: string) =>
  (await prisma.webEvent.findUniqueOrThrow({ where: { id }, select: { properties: true } })).properties as Record<string, string>;

const UpdateEvent = `mutation($id: String!, $input: UpdateWebEventInput!) { updateWebEvent(id: $id, input: $input) { id name properties } }`;

describe('X1: renaming an event', () => {
  it('answers a write-only key what it sent, never the stored properties (REST PATCH and GraphQL)', async () => {
    const id = await victimEvent(await defineReservation());
    const patched = await http('PATCH', `/api/webevents/${id}`, { name: unique('Renamed ') }, await writeOnly());
    expect(patched.status, patched.text).toBe(200);
    expect(patched.text).not.toContain('VICTIM');
    expect(patched.text).not.toContain('VVIC');
    expect(patched.body.data.properties ?? null).toBeNull();
    const renamed = await graphql(await writeOnly(), UpdateEvent, { id, input: { name: unique('Renamed ') } });
    expect(renamed.body.errors, renamed.text).toBeUndefined();
    expect(renamed.text).not.toContain('VICTIM');
    expect(renamed.body.data.updateWebEvent.properties).toBeNull();
  });

  it('shows a read key without pii:read the sensitive property as "***", and keeps it encrypted under a name without a definition', async () => {
    const id = await victimEvent(await defineReservation());
    const patched = await http('PATCH', `/api/webevents/${id}`, { name: unique('Renamed ') }, await readWrite());
    expect(patched.status, patched.text).toBe(200);
    expect(patched.text).not.toContain('VICTIM');
    expect(patched.body.data.properties).toMatchObject({ deposit: 900, driverLicense: '***' });
    const renamed = await graphql(await readWrite(), UpdateEvent, { id, input: { name: unique('Renamed ') } });
    expect(renamed.text).not.toContain('VICTIM');
    expect(renamed.body.data.updateWebEvent.properties.driverLicense).toBe('***');
    // A bulk PATCH (which needs read: its where is a query) renames the same way.
    const bulk = await http('PATCH', `/api/webevents?where[id][equals]=${id}`, { name: unique('Renamed ') }, await readWrite());
    expect(bulk.status, bulk.text).toBe(200);
    expect(bulk.text).not.toContain('VICTIM');
    // Sticky: stored encrypted, whatever the event is now called; pii:read still reads it.
    expect((await storedProperties(id)).driverLicense).toMatch(/^enc:v1:/);
    const read = await http('GET', `/api/webevents/${id}`, undefined, await everything());
    expect((read.body.data ?? read.body).properties.driverLicense, read.text).toBe('VICTIM-DL-9999');
  });

  it('keeps a stored sensitive property encrypted when an update gives the properties again under a name without a definition', async () => {
    const id = await victimEvent(await defineReservation());
    const patched = await http(
      'PATCH',
      `/api/webevents/${id}`,
      { name: unique('Renamed '), properties: { vin: 'V1', driverLicense: 'NEW-DL-1' } },
      await readWrite(),
    );
    expect(patched.status, patched.text).toBe(200);
    expect((await storedProperties(id)).driverLicense).toMatch(/^enc:v1:/);
  });
});

describe('X7: identify claiming an anonymous id another account holds', () => {
  const Identify = `mutation($accountId: String!, $anonymousId: String!) { identify(accountId: $accountId, anonymousId: $anonymousId) { id } }`;

  async function accounts() {
    const anonymousId = unique('anon_');
    const [holder, claimant] = [unique('acc_'), unique('acc_')];
    for (const [id, anonymousIds] of [
      [holder, [anonymousId]],
      [claimant, []],
    ] as const) {
      const made = await http('POST', '/api/accounts', { id, anonymousIds }, await everything());
      expect(made.status, made.text).toBe(201);
    }
    return { anonymousId, holder, claimant };
  }

  it('tells a write-only key only that another account holds it (REST and GraphQL), nothing changed', async () => {
    const { anonymousId, holder, claimant } = await accounts();
    const response = await http('POST', '/api/identify', { accountId: claimant, anonymousId }, await writeOnly());
    expect(response.status, response.text).toBe(409);
    expect(response.text).not.toContain(holder);
    expect(response.body.error.message).toContain(`anonymousId: belongs to another account, so account ${claimant} cannot claim it`);
    const graphqlAnswer = await graphql(await writeOnly(), Identify, { accountId: claimant, anonymousId });
    expect(graphqlAnswer.body.errors?.[0].extensions?.code, graphqlAnswer.text).toBe('CONFLICT');
    expect(graphqlAnswer.text).not.toContain(holder);
    expect((await prisma.account.findUniqueOrThrow({ where: { id: claimant } })).anonymousIds).toEqual([]);
  });

  it('names both accounts to a key with read', async () => {
    const { anonymousId, holder, claimant } = await accounts();
    const response = await http('POST', '/api/identify', { accountId: claimant, anonymousId }, await readWrite());
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.message).toContain(`anonymousId: belongs to account ${holder}, so account ${claimant} cannot claim it`);
  });
});

describe('X13: a write-only key repeating a unique-key event on POST /client/v1/events', () => {
  it('gets back the event and metadata it sent, the first time and the repeat', async () => {
    const name = await defineReservation();
    const body = {
      event: name,
      customer: { source_id: unique('src_') },
      metadata: { vin: unique('V'), deposit: 5, driverLicense: 'MINE-DL-1' },
    };
    for (const round of ['first', 'repeat']) {
      const response = await http('POST', '/client/v1/events', body, await writeOnly());
      expect(response.status, `${round}: ${response.text}`).toBe(200);
      expect(response.body, round).toMatchObject({ object: 'event', type: name, metadata: body.metadata });
    }
  });
});

describe('X9: a read key without pii:read', () => {
  const CreateEvent = `mutation($input: CreateWebEventInput!) { createWebEvent(input: $input) { id properties } }`;

  it('gets back the sensitive value it sent in the same write, on every route that writes an event', async () => {
    const name = await defineReservation();
    const key = await readWrite();
    const posted = await http(
      'POST',
      '/api/webevents',
      { name, anonymousId: unique('anon_'), properties: { vin: unique('V'), deposit: 1, driverLicense: 'OWN-DL-1' } },
      key,
    );
    expect(posted.status, posted.text).toBe(200);
    expect(posted.body.data.properties.driverLicense).toBe('OWN-DL-1');
    const id = posted.body.data.id;
    const patched = await http('PATCH', `/api/webevents/${id}`, { properties: { vin: unique('V'), deposit: 2, driverLicense: 'OWN-DL-2' } }, key);
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body.data.properties.driverLicense).toBe('OWN-DL-2');
    const created = await graphql(key, CreateEvent, {
      input: { name, anonymousId: unique('anon_'), properties: { vin: unique('V'), deposit: 3, driverLicense: 'OWN-DL-3' } },
    });
    expect(created.body.data?.createWebEvent.properties.driverLicense, created.text).toBe('OWN-DL-3');
    const capillary = await http(
      'POST',
      '/v2/events',
      {
        eventName: name,
        actions: ['EMFConsumer'],
        identifierType: { value: 'email', valueType: `${unique('x')}@example.com` },
        fields: [
          { name: 'vin', type: 'productSku', valueType: 'String', value: unique('V') },
          { name: 'deposit', type: 'double', valueType: 'Double', value: '4' },
          { name: 'driverLicense', type: 'text', valueType: 'String', value: 'OWN-DL-4' },
        ],
      },
      key,
    );
    expect(capillary.status, capillary.text).toBe(200);
    expect(capillary.body.data.properties.driverLicense).toBe('OWN-DL-4');
    const voucherify = await http(
      'POST',
      '/client/v1/events',
      { event: name, customer: { source_id: unique('src_') }, metadata: { vin: unique('V'), deposit: 5, driverLicense: 'OWN-DL-5' } },
      key,
    );
    expect(voucherify.status, voucherify.text).toBe(200);
    expect(voucherify.body.metadata.driverLicense).toBe('OWN-DL-5');
  });

  it('sees "***" for a stored sensitive value it did not send: a later read, a unique-key repeat (not stored)', async () => {
    const name = await defineReservation();
    const key = await readWrite();
    const properties = { vin: unique('V'), deposit: 1, driverLicense: 'OWN-DL-6' };
    const posted = await http('POST', '/api/webevents', { name, anonymousId: unique('anon_'), properties }, key);
    const id = posted.body.data.id;
    const read = await http('GET', `/api/webevents/${id}`, undefined, key);
    expect(read.text).not.toContain('OWN-DL-6');
    // A repeat by the unique key is not stored: what is shown is the stored event, masked.
    const repeat = await http('POST', '/api/webevents', { name, anonymousId: posted.body.data.anonymousId, properties }, key);
    expect(repeat.status, repeat.text).toBe(200);
    expect(repeat.body.data.properties.driverLicense).toBe('***');
  });
});
