// REST's depth on a web event whose graph goes account -> consumer -> addresses -> city -> state,
// and the SQL it costs: one statement per request whatever the depth, never one per related row.
import { beforeAll, describe, expect, it } from 'vitest';
import { countStatements } from '../helpers/graphql.js';
import { consumerInput } from '../helpers/fixtures.js';
import { rest } from '../helpers/rest.js';

const event = {
  id: 'wev_depth0000001',
  name: 'User Login',
  anonymousId: 'anon_depth',
  account: {
    id: 'acc_depth0000001',
    lead: 'led_notyet000001',
    anonymousIds: ['anon_depth'],
    consumer: {
      ...consumerInput,
      id: 'con_depth0000001',
      addresses: [
        { id: 'adr_depth0000001', line1: '1 Elm', zip: '62704', city: { name: 'Springfield', state: 'IL' } },
        { id: 'adr_depth0000002', line1: '2 Oak', zip: '60601', city: { name: 'Chicago', state: { code: 'IL' } } },
      ],
    },
  },
};

beforeAll(async () => {
  const created = await rest('POST', '/api/webevents', { body: event, key: false });
  expect(created.status).toBe(200);
});

describe('depth', () => {
  it('0 returns every relation as its id', async () => {
    const { body } = await rest('GET', '/api/webevents/wev_depth0000001?depth=0');
    // Every web event also has the server's times: when it was received and when it happened.
    const serverTimes = { receivedAt: expect.any(String), eventTime: expect.any(String) };
    expect(body.data).toEqual({ id: 'wev_depth0000001', name: 'User Login', anonymousId: 'anon_depth', account: 'acc_depth0000001', ...serverTimes });
  });

  it('1 returns the account, with its consumer as an id and the unknown lead as the id it was given', async () => {
    const { body } = await rest('GET', '/api/webevents/wev_depth0000001?depth=1');
    expect(body.data.account).toEqual({ id: 'acc_depth0000001', anonymousIds: ['anon_depth'], consumer: 'con_depth0000001', lead: 'led_notyet000001' });
  });

  it('2 (the default) returns the consumer, its addresses as ids', async () => {
    const explicit = await rest('GET', '/api/webevents/wev_depth0000001?depth=2');
    const byDefault = await rest('GET', '/api/webevents/wev_depth0000001');
    expect(byDefault.body).toEqual(explicit.body);
    expect(explicit.body.data.account.consumer).toMatchObject({ id: 'con_depth0000001', addresses: ['adr_depth0000001', 'adr_depth0000002'] });
  });

  it('3 and more go down to the city (as {name, state}) and the state', async () => {
    const three = await rest('GET', '/api/webevents/wev_depth0000001?depth=3');
    expect(three.body.data.account.consumer.addresses[0]).toMatchObject({ id: 'adr_depth0000001', city: { name: 'Springfield', state: 'IL' } });
    const ten = await rest('GET', '/api/webevents/wev_depth0000001?depth=10');
    expect(ten.body.data.account.consumer.addresses[1]).toMatchObject({ city: { name: 'Chicago', state: { code: 'IL' } } });
  });

  it('over 10 is clamped to 10', async () => {
    const ten = await rest('GET', '/api/webevents/wev_depth0000001?depth=10');
    const eleven = await rest('GET', '/api/webevents/wev_depth0000001?depth=11');
    const huge = await rest('GET', '/api/webevents/wev_depth0000001?depth=99999');
    expect(eleven.body).toEqual(ten.body);
    expect(huge.body).toEqual(ten.body);
  });

  it.each([0, 1, 2, 10, 11])('%i costs one SQL statement for a document, one for a page and two for a filtered page', async (depth) => {
    const one = await countStatements(() => rest('GET', `/api/webevents/wev_depth0000001?depth=${depth}`));
    expect(one.count).toBe(1);
    // The documents and the total in one statement (rest/compiled-read.ts).
    const page = await countStatements(() => rest('GET', `/api/consumers?depth=${depth}&limit=50`));
    expect(page.count).toBe(1);
    // A where goes through the GraphQL executor: the page, then its total.
    const filtered = await countStatements(() => rest('GET', `/api/consumers?depth=${depth}&limit=50&where[firstName][equals]=Ada`));
    expect(filtered.count).toBe(2);
  });
});
