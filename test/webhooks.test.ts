// Webhooks through the outbox, with a real receiver on loopback and the dispatcher running in this
// process: registration, signed deliveries exactly once with a healthy receiver, retries with
// backoff, dead letters and replay, a receiver that hangs or redirects, and URLs refused.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.js';
import { config } from '../src/config.js';
import { prisma } from '../src/db.js';
import { startDispatcher, type Dispatcher } from '../src/webhooks/dispatcher.js';
import { type Agent, fetch } from 'undici';
import { addressNotPublic, outboundAgent } from '../src/webhooks/outbound-agent.js';
import { outboundUrlProblem } from '../src/webhooks/outbound-url.js';
import { yoga } from '../src/yoga.js';
import { execute } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';
import { createLeadThatRollsBack } from './helpers/rolled-back-write.js';
import { startReceiver, type Answer, type Received } from './helpers/webhook-receiver.js';

const settings = { ...config.webhooks, timeoutMilliseconds: 8_000, maxAttempts: 3, backoffMilliseconds: 50, maxBackoffMilliseconds: 200, pollMilliseconds: 50 };
let admin = '';
let dispatchers: Dispatcher[] = [];
const receivers: { close(): Promise<void> }[] = [];
const endpoints: string[] = [];

beforeAll(async () => {
  admin = (await createApiKey('webhook admin', ['admin'])).secret;
  dispatchers = [startDispatcher(settings)];
});
afterAll(async () => {
  await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
});
afterEach(async () => {
  for (const id of endpoints.splice(0)) {
    expect((await asAdmin(`mutation { deleteWebhookEndpoint(id: "${id}") }`)).data).toEqual({ deleteWebhookEndpoint: true });
  }
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

const asAdmin = <T>(query: string, variables: object = {}) => execute<T, object>(query, variables, { authorization: `Bearer ${admin}` });

async function endpoint(answer?: (request: Received, count: number) => Answer, events = ['LEAD_CREATED', 'LEAD_UPDATED', 'LEAD_DELETED', 'WEB_EVENT_CREATED']) {
  const receiver = await startReceiver(answer);
  receivers.push(receiver);
  const created = await asAdmin<{ createWebhookEndpoint: { endpoint: { id: string }; secret: string } }>(
    'mutation($url: String!, $events: [WebhookEventType!]!) { createWebhookEndpoint(url: $url, events: $events) { endpoint { id url events } secret } }',
    { url: receiver.url, events },
  );
  expect(created.errors).toBeUndefined();
  const { endpoint, secret } = created.data!.createWebhookEndpoint;
  endpoints.push(endpoint.id);
  return { ...receiver, id: endpoint.id, secret };
}

/** Whether the request carries a valid signature of its body by `secret`, as a receiver checks it. */
function signedBy(request: Received, secret: string): boolean {
  const header = String(request.headers['webhook-signature']);
  const [, timestamp, signature] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
  if (!timestamp || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest();
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

async function until<T>(check: () => Promise<T | undefined> | T | undefined, milliseconds = 10_000): Promise<T> {
  const deadline = Date.now() + milliseconds;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

interface Delivery {
  status: string;
  attempts: number;
  lastError: string | null;
  eventId: string;
  type: string;
  id: string;
}
const deliveries = async (endpointId: string) =>
  (await asAdmin<{ webhookDeliveries: Delivery[] }>(`{ webhookDeliveries(endpointId: "${endpointId}") { id eventId type status attempts lastError } }`)).data!
    .webhookDeliveries;

const createLead = (id: string) => execute(`mutation { createLead(input: { id: "${id}", email: "${id}@example.com", phoneNumber: "555-0100" }) { id } }`);

describe('webhook endpoints', () => {
  it('are registered by an admin key, with a secret shown once and stored encrypted', async () => {
    const hook = await endpoint();
    expect(hook.secret).toMatch(/^whsec_[\w-]{43}$/);
    const listed = await asAdmin<{ webhookEndpoints: { id: string }[] }>('{ webhookEndpoints { id url events } }');
    expect(listed.data?.webhookEndpoints).toContainEqual({
      id: hook.id,
      url: hook.url,
      events: ['LEAD_CREATED', 'LEAD_UPDATED', 'LEAD_DELETED', 'WEB_EVENT_CREATED'],
    });
    const stored = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: hook.id } });
    expect(stored.secret).toMatch(/^enc:v1:/);
    expect(stored.secret).not.toContain(hook.secret);
    // Another key, admin or not, sees none of them.
    const other = (await createApiKey('other admin', ['admin'])).secret;
    expect((await execute('{ webhookEndpoints { id } }', {}, { authorization: other })).data).toEqual({ webhookEndpoints: [] });
    const reader = (await createApiKey('webhook reader', ['read', 'write'])).secret;
    expect((await execute('{ webhookEndpoints { id } }', {}, { authorization: reader })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuse a URL that is not http(s), and events that are not named', async () => {
    const answer = await asAdmin(`mutation { createWebhookEndpoint(url: "ftp://example.com/x", events: []) { secret } }`);
    expect(answer.errors?.[0].extensions?.problems).toEqual([
      { field: 'url', message: 'must be an absolute http or https URL' },
      { field: 'events', message: 'must name at least one of lead.created, lead.updated, lead.deleted, web_event.created' },
    ]);
  });

  it('refuse loopback, private and link-local addresses unless the setting allows them', async () => {
    for (const url of [
      'http://127.0.0.1/x',
      'http://localhost:8080/',
      'http://10.1.2.3/',
      'http://192.168.0.1/',
      'http://169.254.169.254/latest',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      // IPv4 inside IPv6: IPv4-compatible, NAT64 (well-known and local-use), 6to4.
      'http://[::127.0.0.1]:45700/',
      'http://[64:ff9b::7f00:1]:45700/',
      'http://[64:ff9b:1::a00:1]/',
      'http://[2002:7f00:1::1]/',
      'http://[::ffff:a9fe:a9fe]/',
    ]) {
      expect(await outboundUrlProblem(url, false), url).toBe('must not point to a loopback, private or link-local address');
    }
    expect(await outboundUrlProblem('http://user:pw@example.com/', false)).toBe('must not hold a user name or password');
    expect(await outboundUrlProblem('http://93.184.215.14/hook', false)).toBeUndefined();
    expect(await outboundUrlProblem('http://[64:ff9b::5db8:d70e]/hook', false)).toBeUndefined();
    expect(await outboundUrlProblem('http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook', false)).toBeUndefined();
    expect(await outboundUrlProblem('http://127.0.0.1/x', true)).toBeUndefined();
  });

  it('connect only to addresses checked at the connection: a name resolving to loopback is refused there, whatever a check before it said', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    // `localhost` plays a name rebound after the URL check: only the connection's own lookup is asked.
    const rebound = receiver.url.replace('127.0.0.1', 'localhost');
    const post = (agent: Agent) => fetch(rebound, { method: 'POST', body: '{}', dispatcher: agent, signal: AbortSignal.timeout(5_000) });
    const [pinned, open] = [outboundAgent(false), outboundAgent(true)];
    try {
      await expect(post(pinned)).rejects.toMatchObject({ cause: { code: addressNotPublic } });
      expect(receiver.received).toHaveLength(0);
      // The same request through an agent that allows private addresses reaches the receiver.
      expect((await post(open)).status).toBe(200);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await Promise.all([pinned.close(), open.close()]);
    }
  });
});

describe('the REST routes', () => {
  it('register, list and delete endpoints with the admin scope, the secret in the answer to the create only', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const headers = { authorization: admin };
    const created = await rest('POST', '/api/webhooks', { body: { url: receiver.url, events: ['lead.created', 'web_event.created'] }, headers });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { doc, secret } = created.body;
    expect(doc).toMatchObject({ url: receiver.url, events: ['lead.created', 'web_event.created'] });
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    const listed = await rest('GET', '/api/webhooks', { headers });
    expect(listed.status).toBe(200);
    expect(listed.body.docs).toContainEqual(doc);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    // The secret signs what is sent: a lead created now reaches the receiver signed with it.
    await createLead('led_rest_hook_1');
    await until(() => receiver.received.length >= 1 || undefined);
    expect(signedBy(receiver.received[0], secret)).toBe(true);
    const deleted = await rest('DELETE', `/api/webhooks/${doc.id}`, { headers });
    expect(deleted).toMatchObject({ status: 200, body: { id: doc.id } });
    expect((await rest('DELETE', `/api/webhooks/${doc.id}`, { headers })).status).toBe(404);
    expect((await rest('GET', '/api/webhooks', { headers })).body.docs).not.toContainEqual(doc);
  });

  it('list deliveries by status, newest first, and replay one', async () => {
    let healthy = false;
    const hook = await endpoint(() => ({ status: healthy ? 200 : 500 }), ['LEAD_CREATED']);
    await createLead('led_rest_hook_2');
    const headers = { authorization: admin };
    const dead = await until(async () => {
      const listed = await rest('GET', `/api/webhooks/${hook.id}/deliveries?status=dead&limit=10`, { headers });
      return listed.body.docs?.length === 1 ? listed.body.docs[0] : undefined;
    });
    expect(dead).toMatchObject({ endpointId: hook.id, type: 'lead.created', status: 'dead', attempts: 3, lastError: 'answered 500' });
    expect(dead.payload).toMatchObject({ id: dead.eventId, type: 'lead.created', data: { id: 'led_rest_hook_2' } });
    expect((await rest('GET', `/api/webhooks/${hook.id}/deliveries?status=delivered`, { headers })).body.docs).toEqual([]);
    healthy = true;
    const replayed = await rest('POST', `/api/webhooks/deliveries/${dead.id}/replay`, { headers });
    // The dispatcher may have claimed it again by the time the answer reads it back.
    expect(replayed).toMatchObject({ status: 200, body: { doc: { id: dead.id, lastError: null } } });
    await until(async () =>
      (await rest('GET', `/api/webhooks/${hook.id}/deliveries?status=delivered`, { headers })).body.docs.length === 1 ? true : undefined,
    );
    expect(hook.received).toHaveLength(4);
  });

  it('answer 401 without a key and 403 without the admin scope before they read or check a body or parameters', async () => {
    const reader = { authorization: (await createApiKey('rest webhook early reader', ['read', 'write'])).secret };
    const big = JSON.stringify({ url: 'http://127.0.0.1/x', events: ['lead.created'], pad: 'x'.repeat(2_000_000) });
    for (const [headers, status] of [
      [{}, 401],
      [reader, 403],
    ] as const) {
      const key = 'authorization' in headers ? {} : { key: false };
      const calls = await Promise.all([
        rest('POST', '/api/webhooks', { rawBody: '{"url":', headers, ...key }),
        rest('POST', '/api/webhooks', { rawBody: big, headers, ...key }),
        rest('POST', '/api/webhooks', { rawBody: 'url=x', headers: { ...headers, 'content-type': 'text/plain' }, ...key }),
        rest('POST', '/api/webhooks', { body: { nothing: true }, headers, ...key }),
        rest('GET', '/api/webhooks/whk_x/deliveries?limit=99999&depth=2', { headers, ...key }),
        rest('DELETE', '/api/webhooks/whk_x', { headers, ...key }),
        rest('POST', '/api/webhooks/deliveries/dlv_x/replay', { headers, ...key }),
      ]);
      expect(calls.map((call) => call.status)).toEqual(Array(calls.length).fill(status));
    }
  });

  it('refuse keys without the admin scope, bad input, and routes and methods that do not exist', async () => {
    const reader = { authorization: (await createApiKey('rest webhook reader', ['read', 'write'])).secret };
    const headers = { authorization: admin };
    expect((await rest('GET', '/api/webhooks', { key: false })).status).toBe(401);
    expect((await rest('GET', '/api/webhooks', { headers: reader })).status).toBe(403);
    expect((await rest('POST', '/api/webhooks', { body: { url: 'http://127.0.0.1/x', events: ['lead.created'] }, headers: reader })).status).toBe(403);
    const bad = await rest('POST', '/api/webhooks', { body: { url: 'ftp://example.com/x', events: ['lead.exploded'], secret: 'x' }, headers });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toEqual([
      { field: 'secret', message: 'is not known here: give url, events' },
      { field: 'events', message: 'must be a list of lead.created, lead.updated, lead.deleted, web_event.created' },
    ]);
    // A key is the caller's text: one that is no short plain name (a secret pasted as a key) is named
    // by its position, as on every other REST route (rest/unknown-keys.ts), never echoed.
    const pasted = 'whsec_ThisIsAPastedSecretNotAName/0123456789abcdefghijklmnopqrstuvwxyz0123456789';
    const oddKey = await rest('POST', '/api/webhooks', { body: { url: 'http://127.0.0.1/x', [pasted]: true, events: ['lead.created'] }, headers });
    expect(oddKey.status).toBe(400);
    expect(oddKey.body.error.problems).toEqual([{ field: 'key 2', message: 'is not known here: give url, events' }]);
    expect(JSON.stringify(oddKey.body)).not.toContain('whsec_');
    const badUrl = await rest('POST', '/api/webhooks', { body: { url: 'ftp://example.com/x', events: ['lead.created'] }, headers });
    expect(badUrl.body.error.problems).toEqual([{ field: 'url', message: 'must be an absolute http or https URL' }]);
    const hook = await endpoint(undefined, ['LEAD_CREATED']);
    const limits = await rest('GET', `/api/webhooks/${hook.id}/deliveries?limit=0&status=lost&depth=1`, { headers });
    expect(limits.status).toBe(400);
    expect(limits.body.error.problems.map((problem: { field: string }) => problem.field)).toEqual(['depth', 'limit']);
    const status = await rest('GET', `/api/webhooks/${hook.id}/deliveries?status=lost`, { headers });
    expect(status.body.error.problems).toEqual([{ field: 'status', message: 'must be one of pending, delivered, dead' }]);
    for (const limit of ['1e2', '0x10', '%207', '1.0', '-1', '1001'])
      expect((await rest('GET', `/api/webhooks/${hook.id}/deliveries?limit=${limit}`, { headers })).body.error.problems, limit).toEqual([
        { field: 'limit', message: 'must be an integer from 1 to 1000' },
      ]);
    expect((await rest('GET', `/api/webhooks/${hook.id}/deliveries?limit=1000`, { headers })).status).toBe(200);
    const many = await rest('POST', '/api/webhooks', { body: { url: 'http://127.0.0.1/x', events: Array(5_000).fill('lead.created') }, headers });
    expect(many.status).toBe(400);
    expect(many.body.error.problems).toEqual([{ field: 'events', message: 'must have at most 1000 items' }]);
    // A NUL in an id names nothing: 404, not an error blamed on the body.
    expect((await rest('DELETE', '/api/webhooks/%00', { headers })).status).toBe(404);
    expect((await rest('GET', '/api/webhooks/%00/deliveries', { headers })).status).toBe(404);
    expect((await rest('POST', '/api/webhooks/deliveries/%00/replay', { headers })).status).toBe(404);
    expect((await rest('GET', '/api/webhooks/whk_nobody/deliveries', { headers })).status).toBe(404);
    expect((await rest('POST', '/api/webhooks/deliveries/dlv_nobody/replay', { headers })).status).toBe(404);
    // Another admin key sees none of this key's endpoints, and cannot delete them.
    const other = { authorization: (await createApiKey('rest other admin', ['admin'])).secret };
    expect((await rest('DELETE', `/api/webhooks/${hook.id}`, { headers: other })).status).toBe(404);
    expect((await rest('GET', `/api/webhooks/${hook.id}/deliveries`, { headers: other })).status).toBe(404);
    const put = await rest('PUT', '/api/webhooks', { headers });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST');
    expect((await rest('GET', '/api/webhooks/a/b/c/d', { headers })).status).toBe(404);
  });
});

describe('deliveries', () => {
  it('send every committed change once, signed, with an id to dedupe on', async () => {
    const hook = await endpoint();
    await createLead('led_hook_1');
    await execute(`mutation { updateLead(id: "led_hook_1", input: { notes: "called" }) { id } }`);
    await execute(`mutation { deleteLead(id: "led_hook_1") { id } }`);
    await yoga.fetch('http://localhost/api/webevents', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'wev_hook_1', name: 'Hooked' }),
    });
    await until(() => hook.received.length >= 4 || undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hook.received).toHaveLength(4);
    const bodies = hook.received.map((request) => JSON.parse(request.body));
    expect(bodies.map((body) => [body.type, body.data])).toEqual(
      expect.arrayContaining([
        // The status is the server's default (CRM rules), set by the create too.
        ['lead.created', { id: 'led_hook_1', changedFields: ['id', 'phoneNumber', 'email', 'processStatuses'] }],
        ['lead.updated', { id: 'led_hook_1', changedFields: ['notes'] }],
        ['lead.deleted', { id: 'led_hook_1', changedFields: [] }],
        ['web_event.created', { id: 'wev_hook_1', name: 'Hooked', accountId: null, anonymousId: null }],
      ]),
    );
    for (const request of hook.received) {
      expect(signedBy(request, hook.secret)).toBe(true);
      expect(request.headers['webhook-id']).toBe(JSON.parse(request.body).id);
      expect(request.headers['content-type']).toBe('application/json');
    }
    expect(new Set(hook.received.map((request) => request.headers['webhook-id'])).size).toBe(4);
    expect((await deliveries(hook.id)).map((delivery) => [delivery.status, delivery.attempts])).toEqual(Array(4).fill(['delivered', 1]));
  });

  it('retry with backoff until the receiver takes the delivery', async () => {
    const hook = await endpoint((_request, count) => ({ status: count <= 2 ? 503 : 200 }), ['LEAD_CREATED']);
    await createLead('led_hook_2');
    const [delivery] = await until(async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    expect(delivery.attempts).toBe(3);
    expect(hook.received.map((request) => request.headers['webhook-id'])).toEqual(Array(3).fill(delivery.eventId));
    expect(hook.received.map((request) => request.headers['webhook-attempt'])).toEqual(['1', '2', '3']);
  });

  it('give up after the last attempt (dead), and send again on replay', async () => {
    let healthy = false;
    const hook = await endpoint(() => ({ status: healthy ? 204 : 500 }), ['LEAD_CREATED']);
    await createLead('led_hook_3');
    const [dead] = await until(async () => {
      const list = await deliveries(hook.id);
      return list[0]?.status === 'dead' ? list : undefined;
    });
    expect(dead).toMatchObject({ attempts: 3, lastError: 'answered 500' });
    healthy = true;
    const replayed = await asAdmin<{ replayWebhookDelivery: Delivery }>(`mutation { replayWebhookDelivery(id: "${dead.id}") { status attempts } }`);
    // Read back after the replay: a dispatcher may already have taken it (attempt 1) or sent it.
    expect(replayed.data?.replayWebhookDelivery).toMatchObject({ status: expect.stringMatching(/^(pending|delivered)$/) });
    expect(replayed.data?.replayWebhookDelivery.attempts).toBeLessThanOrEqual(1);
    await until(async () => ((await deliveries(hook.id))[0].status === 'delivered' ? true : undefined));
    expect(hook.received).toHaveLength(4);
  });

  it('refuse to replay a delivery while a dispatcher is sending it (409), so it is never sent twice at once', { timeout: 60_000 }, async () => {
    const hook = await endpoint((_request, count) => (count === 1 ? 'hang' : { status: 200 }), ['LEAD_CREATED']);
    await createLead('led_hook_inflight');
    await until(() => (hook.received.length === 1 ? true : undefined));
    const [sending] = await deliveries(hook.id);
    const rested = await rest('POST', `/api/webhooks/deliveries/${sending.id}/replay`, { headers: { authorization: admin } });
    expect(rested.status).toBe(409);
    expect(rested.body.error.message).toMatch(/being sent/);
    const replayed = await asAdmin(`mutation { replayWebhookDelivery(id: "${sending.id}") { status attempts } }`);
    expect(replayed.errors?.[0].extensions?.code).toBe('CONFLICT');
    // The hanging attempt times out (8 s), the next one is taken; meanwhile nothing else was sent.
    await until(async () => ((await deliveries(hook.id))[0].status === 'delivered' ? true : undefined), 30_000);
    expect(hook.received).toHaveLength(2);
    // Once no attempt is in flight, it may be replayed.
    const again = await rest('POST', `/api/webhooks/deliveries/${sending.id}/replay`, { headers: { authorization: admin } });
    expect(again.status).toBe(200);
    await until(() => (hook.received.length === 3 ? true : undefined));
  });

  it("stop with the key that registered them: a revoked key's endpoints and deliveries go, and receive nothing more", async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    const { secret, key } = await createApiKey('webhook owner revoked', ['admin']);
    const created = await execute<{ createWebhookEndpoint: { endpoint: { id: string } } }, object>(
      'mutation($url: String!) { createWebhookEndpoint(url: $url, events: [LEAD_CREATED]) { endpoint { id } } }',
      { url: receiver.url },
      { authorization: secret },
    );
    const endpointId = created.data!.createWebhookEndpoint.endpoint.id;
    await createLead('led_hook_owner_1');
    await until(() => (receiver.received.length === 1 ? true : undefined));
    expect((await asAdmin(`mutation { revokeApiKey(nameOrId: "${key.id}") }`)).data).toEqual({ revokeApiKey: true });
    expect(await prisma.webhookEndpoint.count({ where: { id: endpointId } })).toBe(0);
    expect(await prisma.webhookDelivery.count({ where: { endpointId } })).toBe(0);
    await createLead('led_hook_owner_2');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.received).toHaveLength(1);
  });

  it('time out a receiver that does not answer, and follow no redirect', { timeout: 60_000 }, async () => {
    const hanging = await endpoint(() => 'hang', ['LEAD_CREATED']);
    const redirecting = await endpoint(() => ({ status: 307, location: 'http://169.254.169.254/' }), ['LEAD_CREATED']);
    await createLead('led_hook_4');
    const [timedOut] = await until(async () => {
      const list = await deliveries(hanging.id);
      return list[0]?.attempts >= 1 && list[0].lastError ? list : undefined;
    }, 30_000);
    expect(timedOut.lastError).toBe('no answer within 8000 ms');
    const [redirected] = await until(async () => {
      const list = await deliveries(redirecting.id);
      return list[0]?.lastError ? list : undefined;
    });
    expect(redirected.lastError).toBe('answered 307: redirects are not followed');
    expect(redirecting.received.length).toBeGreaterThanOrEqual(1);
  });

  it('are not written for a change no endpoint wants', async () => {
    const hook = await endpoint(undefined, ['WEB_EVENT_CREATED']);
    await createLead('led_hook_5');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await deliveries(hook.id)).toEqual([]);
  });
});

describe.runIf(process.env.TEST_DATABASE === 'postgres')('on PostgreSQL', () => {
  it('two dispatchers share the work without sending a delivery twice', async () => {
    const hook = await endpoint(() => ({ status: 200, delayMilliseconds: 5 }), ['LEAD_CREATED']);
    dispatchers.push(startDispatcher(settings), startDispatcher(settings));
    const count = 120;
    for (let batch = 0; batch < count / 20; batch += 1) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => createLead(`led_shared_${batch}_${i}`)));
    }
    await until(() => (hook.received.length >= count ? true : undefined), 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ids = hook.received.map((request) => request.headers['webhook-id']);
    expect(ids).toHaveLength(count);
    expect(new Set(ids).size).toBe(count);
  });

  it('store nothing for a write that rolled back', async () => {
    const hook = await endpoint(undefined, ['LEAD_CREATED']);
    await createLeadThatRollsBack('led_hook_rolled_back', '1HGCM82633A004353');
    await createLead('led_hook_committed');
    await until(() => (hook.received.length >= 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(hook.received.map((request) => JSON.parse(request.body).data.id)).toEqual(['led_hook_committed']);
    expect(await deliveries(hook.id)).toHaveLength(1);
  });
});
