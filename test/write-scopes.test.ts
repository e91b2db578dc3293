// A key with write and without read (issue 8, finding 4): it changes records, and gets back keys
// and what it sent, never what is stored, through every mutation and route.
import { beforeAll, describe, expect, it } from 'vitest';
import { execute, ok } from './helpers/graphql.js';
import { testApiKey } from './helpers/api-key.js';
import { addressInput, consumerInput } from './helpers/fixtures.js';
import { rest } from './helpers/rest.js';

const stored = { ...consumerInput, id: 'con_stored000001', email: 'stored@example.com', phoneNumbers: ['555-0101'] };
let writeOnly: string;

beforeAll(async () => {
  writeOnly = await testApiKey(['write']);
  await ok(`mutation($input: CreateConsumerInput!) { createConsumer(input: $input) { id } }`, {
    input: { ...stored, addresses: [{ upsert: { ...addressInput, id: 'adr_stored000001' } }] },
  });
  await ok(
    `mutation { createLead(input: { id: "led_stored000001", email: "lead@example.com", phoneNumber: "555-0102", notes: "stored notes", consumer: { connect: "con_stored000001" } }) { id } }`,
  );
});

describe('a write-only key', () => {
  it('reads nothing through an empty update, over REST', async () => {
    const response = await rest('PATCH', '/api/consumers/con_stored000001?depth=2', { body: {}, headers: { authorization: writeOnly } });
    expect(response.status).toBe(200);
    // An update with {} writes nothing (no updatedAt either): the key alone.
    expect(response.body.doc).toEqual({ id: 'con_stored000001' });
    expect(JSON.stringify(response.body)).not.toMatch(/stored@example|Lovelace|555-01|Elm Street|createdAt/);
  });

  it('reads nothing through an empty update, over GraphQL', async () => {
    const result = await execute(
      `mutation { updateConsumer(id: "con_stored000001", input: {}) { id firstName email phoneNumber phoneNumbers birthDate ssn createdAt addresses { id line1 } leads { totalCount } } }`,
      undefined,
      { authorization: writeOnly },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      updateConsumer: {
        id: 'con_stored000001',
        firstName: null,
        email: null,
        phoneNumber: null,
        phoneNumbers: null,
        birthDate: null,
        ssn: null,
        createdAt: null,
        addresses: null,
        leads: null,
      },
    });
  });

  it('sees what it sent and nothing else', async () => {
    const result = await execute(
      `mutation { updateLead(id: "led_stored000001", input: { processStatuses: "Contacted" }) { id processStatuses email notes consumerId consumer { id } updatedAt } }`,
      undefined,
      { authorization: writeOnly },
    );
    expect(result.data).toEqual({
      updateLead: {
        id: 'led_stored000001',
        processStatuses: 'Contacted',
        email: null,
        notes: null,
        consumerId: null,
        consumer: null,
        updatedAt: expect.any(String),
      },
    });
  });

  it('sees the keys of the records it links, not their values', async () => {
    const result = await execute(
      `mutation { updateConsumer(id: "con_stored000001", input: { addresses: [{ connect: "adr_stored000001" }] }) { addresses { id line1 zip } } }`,
      undefined,
      { authorization: writeOnly },
    );
    expect(result.data).toEqual({ updateConsumer: { addresses: [{ id: 'adr_stored000001', line1: null, zip: null }] } });
  });

  it('gets the key of what it deletes', async () => {
    await ok(`mutation { createAgent(input: { id: "ai_doomed0000001", model: "secret-model", prompt: "secret prompt" }) { id } }`);
    const response = await rest('DELETE', '/api/agents/ai_doomed0000001', { headers: { authorization: writeOnly } });
    expect(response.status).toBe(200);
    expect(response.body.doc).toEqual({ id: 'ai_doomed0000001' });
  });

  it('cannot read at all', async () => {
    const response = await rest('GET', '/api/consumers/con_stored000001', { headers: { authorization: writeOnly } });
    expect(response.status).toBe(403);
  });
});

describe('a key with read and write', () => {
  it('gets the stored record back', async () => {
    const response = await rest('PATCH', '/api/consumers/con_stored000001', { body: {} });
    expect(response.body.doc).toMatchObject({ id: 'con_stored000001', email: 'stored@example.com', firstName: 'Ada' });
  });
});
