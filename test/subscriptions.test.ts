// Live subscriptions over server-sent events, through the Yoga server in process: what a key may
// see, what is published (after the commit, each stored record once), and the bounds.
import { describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../src/auth/api-keys.js';
import { yoga } from '../src/yoga.js';
import { execute, subscribeInProcess } from './helpers/graphql.js';
import { createLeadThatRollsBack } from './helpers/rolled-back-write.js';
import { drain, type Subscription } from './helpers/sse.js';

const keyWith = async (name: string, scopes: ('read' | 'write' | 'pii:read' | 'admin')[]) => (await createApiKey(name, scopes)).secret;

const webEvents = `subscription($filter: WebEventCreatedFilter) {
  webEventCreated(filter: $filter) { id name accountId account { consumer { id ssn birthDate } } }
}`;
const leadChanges = `subscription($filter: LeadChangedFilter) { leadChanged(filter: $filter) { change id changedFields lead { id email } } }`;

const postEvent = (body: object) =>
  yoga.fetch('http://localhost/api/webevents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Stores `count` web events named `name` in one createWebEvents. */
async function storeBatch(idPrefix: string, name: string, count: number) {
  const inputs = Array.from({ length: count }, (_, i) => ({ id: `${idPrefix}_${i}`, name }));
  const stored = await execute(`mutation($inputs: [CreateWebEventInput!]!) { createWebEvents(input: $inputs) { __typename } }`, { inputs });
  expect(stored.errors).toBeUndefined();
}

describe('a subscription whose key is revoked', () => {
  it('ends at once with an error that says so, and takes no more events', async () => {
    const { secret, key } = await createApiKey('subscriber revoked in process', ['read']);
    const stream = await subscribeInProcess(webEvents, secret, { filter: { name: ['Revoked Watch'] } });
    expect(stream.status).toBe(200);
    const started = Date.now();
    expect(await revokeApiKey(key.id)).toBe(true);
    const ended = await stream.next(2_000);
    expect(ended.data?.errors?.[0]).toMatchObject({ message: expect.stringMatching(/revoked/), extensions: { code: 'UNAUTHENTICATED' } });
    expect((await stream.next(1_000)).event).toBe('complete');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('webEventCreated', () => {
  it('needs an API key with the read scope', async () => {
    const anonymous = await subscribeInProcess(webEvents, '');
    expect((await anonymous.next()).data?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const writeOnly = await subscribeInProcess(webEvents, await keyWith('subscriber write only', ['write']));
    expect((await writeOnly.next()).data?.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('sends each new event that matches the filter, with personal data masked as queries mask it', async () => {
    const filter = { name: ['Subscribed Login'] };
    const masked = await subscribeInProcess(webEvents, await keyWith('subscriber read', ['read']), { filter });
    const whole = await subscribeInProcess(webEvents, await keyWith('subscriber pii', ['read', 'pii:read']), { filter });
    expect(masked.status).toBe(200);
    const other = await postEvent({ id: 'wev_sub_other', name: 'Page View' });
    expect(other.status, await other.clone().text()).toBe(200);
    const posted = await postEvent({
      id: 'wev_sub_login',
      name: 'Subscribed Login',
      account: {
        id: 'acc_sub_1',
        consumer: { id: 'con_sub_1', firstName: 'Jo', lastName: 'Doe', phoneNumber: '555-0199', ssn: '123-45-6789', birthDate: '1990-05-15' },
      },
    });
    expect(posted.status, await posted.clone().text()).toBe(200);
    const event = { id: 'wev_sub_login', name: 'Subscribed Login', accountId: 'acc_sub_1' };
    expect((await masked.next()).data).toEqual({
      data: { webEventCreated: { ...event, account: { consumer: { id: 'con_sub_1', ssn: '***-**-6789', birthDate: null } } } },
    });
    expect((await whole.next()).data).toEqual({
      data: { webEventCreated: { ...event, account: { consumer: { id: 'con_sub_1', ssn: '123-45-6789', birthDate: '1990-05-15' } } } },
    });
    // The Page View was not for them.
    expect(await drain(masked, 500)).toEqual([]);
    await Promise.all([masked.close(), whole.close()]);
  });

  it('sends each stored event of a batch once: not the repeats, not an event stored before', async () => {
    const subscription = await subscribeInProcess(
      `subscription { webEventCreated(filter: { name: ["Batched"] }) { id } }`,
      await keyWith('batch subscriber', ['read']),
    );
    await postEvent({ id: 'wev_batched_0', name: 'Batched' });
    expect((await subscription.next()).data?.data).toEqual({ webEventCreated: { id: 'wev_batched_0' } });
    const batch = await execute(`mutation($inputs: [CreateWebEventInput!]!) { createWebEvents(input: $inputs) { __typename } }`, {
      inputs: ['wev_batched_0', 'wev_batched_1', 'wev_batched_2', 'wev_batched_1', 'wev_batched_3'].map((id) => ({ id, name: 'Batched' })),
    });
    expect(batch.errors).toBeUndefined();
    const ids = (await drain(subscription)).map((event) => (event.data!.data!.webEventCreated as { id: string }).id);
    expect(ids.sort()).toEqual(['wev_batched_1', 'wev_batched_2', 'wev_batched_3']);
    await subscription.close();
  });
});

describe('webEventCreated by a property', () => {
  const byProperty = `subscription($filter: WebEventCreatedFilter) { webEventCreated(filter: $filter) { id } }`;
  const events = [
    { id: 'wev_prop_jeep', name: 'Vehicle Viewed', properties: { vehicle: { make: 'Jeep', price: 31_999 } } },
    { id: 'wev_prop_ram', name: 'Vehicle Viewed', properties: { vehicle: { make: 'Ram', price: 52_000 } } },
    { id: 'wev_prop_text', name: 'Vehicle Viewed', properties: { vehicle: { make: 'Jeep', price: 'call us' } } },
    { id: 'wev_prop_none', name: 'Vehicle Viewed' },
  ];
  const idsOf = async (subscription: Subscription) =>
    (await drain(subscription)).map((event) => (event.data!.data!.webEventCreated as { id: string }).id).sort();

  it('sends the events the same property filter finds in the list, and no others', async () => {
    const key = await keyWith('property subscriber', ['read']);
    const filters = [
      { path: 'vehicle.make', equals: 'Jeep' },
      { path: 'vehicle.price', gt: 40_000 },
      { path: 'vehicle.price', exists: true },
    ];
    const subscriptions = await Promise.all(
      filters.map((properties) => subscribeInProcess(byProperty, key, { filter: { name: ['Vehicle Viewed'], properties } })),
    );
    // Several events in one write, and one on its own.
    const batch = await execute(`mutation($inputs: [CreateWebEventInput!]!) { createWebEvents(input: $inputs) { __typename } }`, {
      inputs: events.slice(0, 3),
    });
    expect(batch.errors).toBeUndefined();
    expect((await postEvent(events[3])).status).toBe(200);
    const received = await Promise.all(subscriptions.map(idsOf));
    expect(received).toEqual([['wev_prop_jeep', 'wev_prop_text'], ['wev_prop_ram'], ['wev_prop_jeep', 'wev_prop_ram', 'wev_prop_text']]);
    // The list's filter on the same condition finds the same events.
    for (const [index, properties] of filters.entries()) {
      const listed = await execute<{ webEvents: { edges: { node: { id: string } }[] } }, object>(
        `query($filter: WebEventFilter) { webEvents(first: 50, filter: $filter) { edges { node { id } } } }`,
        { filter: { name: { equals: 'Vehicle Viewed' }, properties } },
      );
      expect(listed.data!.webEvents.edges.map((edge) => edge.node.id).sort()).toEqual(received[index]);
    }
    await Promise.all(subscriptions.map((subscription) => subscription.close()));
  });

  it('refuses a path or a value the list filter refuses, naming the field', async () => {
    const key = await keyWith('bad property subscriber', ['read']);
    const badPath = await subscribeInProcess(byProperty, key, { filter: { properties: { path: 'vehicle..make', equals: 'Jeep' } } });
    const [pathError] = (await badPath.next()).data?.errors ?? [];
    expect(pathError.extensions?.code).toBe('BAD_USER_INPUT');
    expect((pathError.extensions as { problems?: unknown }).problems).toEqual([
      { field: 'filter.properties.path', message: expect.stringMatching(/^must be keys joined by dots/) },
    ]);
    const badValue = await subscribeInProcess(byProperty, key, { filter: { properties: { path: 'vehicle.make', equals: { make: 'Jeep' } } } });
    const [valueError] = (await badValue.next()).data?.errors ?? [];
    expect((valueError.extensions as { problems?: unknown }).problems).toEqual([
      { field: 'filter.properties.equals', message: 'must be a string, a number or true or false' },
    ]);
  });
});

describe('leadChanged', () => {
  it('sends creates, updates with the fields given, and deletes', async () => {
    const subscription = await subscribeInProcess(leadChanges, await keyWith('lead subscriber', ['read']));
    const next = async () => (await subscription.next()).data?.data?.leadChanged;
    const created = await execute(
      `mutation { createLead(input: { id: "led_sub_1", email: "a@example.com", phoneNumber: "555-0100", processStatuses: "New" }) { id } }`,
    );
    expect(created.errors).toBeUndefined();
    expect(await next()).toEqual({
      change: 'CREATED',
      id: 'led_sub_1',
      changedFields: ['id', 'phoneNumber', 'email', 'processStatuses'],
      lead: { id: 'led_sub_1', email: 'a@example.com' },
    });
    await execute(`mutation { updateLead(id: "led_sub_1", input: { email: "b@example.com", notes: "called" }) { id } }`);
    expect(await next()).toEqual({ change: 'UPDATED', id: 'led_sub_1', changedFields: ['email', 'notes'], lead: { id: 'led_sub_1', email: 'b@example.com' } });
    await execute(`mutation { deleteLead(id: "led_sub_1") { id } }`);
    expect(await next()).toEqual({ change: 'DELETED', id: 'led_sub_1', changedFields: [], lead: null });
    expect(await drain(subscription, 500)).toEqual([]);
    await subscription.close();
  });

  it('sends each lead a bulk delete removed', async () => {
    const subscription = await subscribeInProcess(leadChanges, await keyWith('bulk delete subscriber', ['read']), { filter: { change: ['DELETED'] } });
    for (const id of ['led_bulk_1', 'led_bulk_2'])
      await execute(`mutation { createLead(input: { id: "${id}", email: "bulk@example.com", phoneNumber: "555-0100" }) { id } }`);
    const deleted = await execute(`mutation { deleteLeads(where: { id: { in: ["led_bulk_1", "led_bulk_2"] } }, limit: 10) { docs { id } } }`);
    expect(deleted.errors).toBeUndefined();
    const ids = (await drain(subscription)).map((event) => (event.data!.data!.leadChanged as { id: string }).id);
    expect(ids.sort()).toEqual(['led_bulk_1', 'led_bulk_2']);
    await subscription.close();
  });

  it('filters by change and by the fields given', async () => {
    const subscription = await subscribeInProcess(leadChanges, await keyWith('lead filter subscriber', ['read']), {
      filter: { change: ['UPDATED'], changedFields: ['notes'] },
    });
    await execute(`mutation { createLead(input: { id: "led_sub_2", email: "b@example.com", phoneNumber: "555-0100", notes: "new" }) { id } }`);
    await execute(`mutation { updateLead(id: "led_sub_2", input: { email: "c@example.com" }) { id } }`);
    await execute(`mutation { updateLead(id: "led_sub_2", input: { notes: "later" }) { id } }`);
    const events = (await drain(subscription)).map((event) => event.data?.data?.leadChanged);
    expect(events).toEqual([{ change: 'UPDATED', id: 'led_sub_2', changedFields: ['notes'], lead: { id: 'led_sub_2', email: 'c@example.com' } }]);
    await subscription.close();
  });
});

// Only PostgreSQL has the second connection the rolled-back write needs.
describe.runIf(process.env.TEST_DATABASE === 'postgres')('a write that rolls back', () => {
  it('is never published; the write that commits is', async () => {
    const subscription = await subscribeInProcess(leadChanges, await keyWith('rollback subscriber', ['read']));
    await createLeadThatRollsBack('led_rolled_back', '1HGCM82633A004352');
    expect((await execute(`{ lead(id: "led_rolled_back") { id } }`)).data).toEqual({ lead: null });
    await execute(`mutation { createLead(input: { id: "led_committed", email: "c@example.com", phoneNumber: "555-0100" }) { id } }`);
    const ids = (await drain(subscription)).map((event) => (event.data!.data!.leadChanged as { id: string }).id);
    expect(ids).toEqual(['led_committed']);
    await subscription.close();
  });
});

describe('bounds', () => {
  it('sends a heartbeat comment while nothing happens', async () => {
    const subscription = await subscribeInProcess(leadChanges, await keyWith('quiet subscriber', ['read']));
    // Yoga pings every 12 s, every 300 ms under NODE_ENV=test.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(subscription.heartbeats()).toBeGreaterThanOrEqual(3);
    await subscription.close();
  });

  it('holds a key to SUBSCRIPTIONS_PER_KEY open subscriptions', async () => {
    const key = await keyWith('busy subscriber', ['read']);
    const open = await Promise.all(Array.from({ length: 10 }, () => subscribeInProcess(leadChanges, key)));
    const refused = await subscribeInProcess(leadChanges, key);
    const [refusal] = (await refused.next()).data?.errors ?? [];
    expect(refusal.extensions?.code).toBe('RATE_LIMITED');
    expect(refusal.message).toMatch(/10 subscriptions open/);
    await open[0].close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await subscribeInProcess(leadChanges, key);
    await execute(`mutation { createLead(input: { id: "led_sub_3", email: "d@example.com", phoneNumber: "555-0100" }) { id } }`);
    expect((await again.next()).data?.data?.leadChanged).toMatchObject({ id: 'led_sub_3' });
    await Promise.all([...open.slice(1), again].map((subscription) => subscription.close()));
  });

  it('keeps a subscriber that reads through a burst of 1,500 events from three batches at once', { timeout: 60_000 }, async () => {
    const stream = await subscribeInProcess('subscription { webEventCreated(filter: { name: ["Burst"] }) { id } }', await keyWith('burst reader', ['read']));
    await Promise.all([0, 1, 2].map((batch) => storeBatch(`wev_burst_${batch}`, 'Burst', 500)));
    const ids = new Set<string>();
    while (ids.size < 1_500) {
      const event = await stream.next(10_000);
      expect(event.data?.errors).toBeUndefined();
      const created = event.data?.data?.webEventCreated as { id: string } | undefined;
      expect(created).toBeDefined();
      ids.add(created!.id);
    }
    await stream.close();
  });

  it('drops a subscriber that does not read, with a message that says why, instead of buffering', async () => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: await keyWith('slow subscriber', ['read']) },
      body: JSON.stringify({ query: `subscription { webEventCreated(filter: { name: ["Flood"] }) { id } }` }),
    });
    // Nobody reads the stream while 1,500 events are stored, 1,000 being the most that may wait,
    // and for 2 s more; the next event finds it stalled.
    for (let batch = 0; batch < 3; batch += 1) await storeBatch(`wev_flood_${batch}`, 'Flood', 500);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    await storeBatch('wev_flood_last', 'Flood', 1);
    const text = await response.text();
    const results = [...text.matchAll(/^data: (\{.*\})$/gm)].map((match) => JSON.parse(match[1]));
    const last = results.at(-1);
    expect(last.errors[0].message).toMatch(/fell behind: more than 1000 events waited/);
    expect(last.errors[0].extensions.code).toBe('RATE_LIMITED');
    // What it got before it fell behind is a handful, not the 1,500.
    expect(results.length).toBeLessThan(10);
    expect(text.trimEnd().endsWith('event: complete\ndata:')).toBe(true);
  });
});
