import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { graphql } from './gql/index.js';
import { execute, ok } from './helpers/graphql.js';
import { seedWebEventBody, seedWebEventInput } from './helpers/fixtures.js';

const CreateWebEvent = graphql(`
  mutation CreateWebEvent($input: CreateWebEventInput!) {
    createWebEvent(input: $input) {
      id
      name
      anonymousId
      accountId
      account {
        id
        leadId
        lead { id }
        anonymousIds
        consumer { id ssn email lastName birthDate firstName phoneNumber }
      }
    }
  }
`);

const WebEventById = graphql(`
  query WebEventById($id: String!) {
    webEvent(id: $id) { id accountId account { id consumerId leadId lead { id email } } }
  }
`);

describe('createWebEvent with the seed curl body', () => {
  it('stores the event, its account and the consumer nested in it, and keeps the unknown lead id', async () => {
    const { createWebEvent } = await ok(CreateWebEvent, { input: seedWebEventInput });
    const { account, ...event } = seedWebEventBody;
    expect(createWebEvent).toEqual({
      ...event,
      accountId: account.id,
      account: {
        id: account.id,
        leadId: 'Lead ID',
        lead: null,
        anonymousIds: account.anonymousIds,
        consumer: account.consumer,
      },
    });
    expect(await prisma.consumer.count({ where: { id: account.consumer.id } })).toBe(1);
    expect(await prisma.account.findUnique({ where: { id: account.id } })).toMatchObject({ leadId: 'Lead ID' });
  });

  it('answers the same id again with the stored event, changing nothing (the id is an idempotency key)', async () => {
    const first = await execute(CreateWebEvent, { input: { id: 'wev_duplicate001', name: 'Page View' } });
    expect(first.errors).toBeUndefined();
    const again = await execute(CreateWebEvent, { input: { id: 'wev_duplicate001', name: 'Checkout', account: { connect: 'acc_other' } } });
    expect(again.status).toBe(200);
    expect(again.data?.createWebEvent).toEqual(first.data?.createWebEvent);
    expect(await prisma.webEvent.count({ where: { id: 'wev_duplicate001' } })).toBe(1);
  });

  it('makes an id in the seed format when none is given', async () => {
    const { createWebEvent } = await ok(CreateWebEvent, { input: { name: 'Page View' } });
    expect(createWebEvent?.id).toMatch(/^wev_[a-z0-9]{12}$/);
  });
});

describe('soft references of web events', () => {
  it('returns the account id until the account exists, then the account and its lead', async () => {
    await ok(CreateWebEvent, { input: { id: 'wev_early0000001', name: 'Page View', account: { connect: 'acc_later0000001' } } });
    let found = await ok(WebEventById, { id: 'wev_early0000001' });
    expect(found.webEvent).toEqual({ id: 'wev_early0000001', accountId: 'acc_later0000001', account: null });

    await ok(graphql(`mutation CreateAccountLater($input: CreateAccountInput!) { createAccount(input: $input) { id } }`), {
      input: { id: 'acc_later0000001', lead: { connect: 'led_later0000001' } },
    });
    found = await ok(WebEventById, { id: 'wev_early0000001' });
    expect(found.webEvent?.account).toEqual({ id: 'acc_later0000001', consumerId: null, leadId: 'led_later0000001', lead: null });

    await ok(graphql(`mutation CreateLeadLater($input: CreateLeadInput!) { createLead(input: $input) { id } }`), {
      input: { id: 'led_later0000001', email: 'late@example.com', phoneNumber: '555-0100' },
    });
    found = await ok(WebEventById, { id: 'wev_early0000001' });
    expect(found.webEvent?.account?.lead).toEqual({ id: 'led_later0000001', email: 'late@example.com' });
  });
});
