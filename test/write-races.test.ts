// Public ingest against concurrent writers (issue 8, finding 1), through real HTTP semantics and
// the connection pool: on PostgreSQL the requests run in transactions of their own at the same
// time. Anonymous writes go through both ingest routes, so some share a transaction (the single
// route's micro-batches) and others race each other (the batch route, a transaction per request).
// Run against the code before the write core checked its plans in the database, all three failed,
// each in its first round.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';
import { consumerInput } from './helpers/fixtures.js';
import { rest } from './helpers/rest.js';
import { slowTestTimeout } from './helpers/timeouts.js';

const rounds = 15;
type Document = Record<string, unknown>;

/** An anonymous web event naming consumer `id` with values of its own; resolves with the account's consumer as answered. */
async function anonymousEvent(id: string, marker: string, viaBatch: boolean): Promise<unknown> {
  const consumer = { ...consumerInput, id, firstName: marker, email: `${marker}@example.com`, birthDate: '1999-09-09' };
  const event = { name: 'Signup', account: { id: `acc_${marker}`.slice(0, 40), consumer } };
  const response = viaBatch
    ? await rest('POST', '/api/webevents/batch?depth=2', { body: { batch: [event] }, key: false })
    : await rest('POST', '/api/webevents?depth=2', { body: event, key: false });
  expect(response.status).toBe(200);
  const document = (viaBatch ? response.body.data[0].data : response.body.data) as { account: { consumer: unknown } };
  return document.account.consumer;
}

/** Whether an anonymous answer says its caller created the consumer: the object it sent, not the bare key. */
function claimsCreation(answer: unknown, marker: string): boolean {
  if (typeof answer === 'string') return false;
  // Anything but the caller's own values would be another caller's data shown to it.
  expect(answer).toMatchObject({ firstName: marker, email: `${marker}@example.com`, birthDate: '1999-09-09' });
  return true;
}

describe('public ingest racing a keyed writer', { timeout: slowTestTimeout }, () => {
  it('never overwrites the consumer the key creates', async () => {
    for (let round = 0; round < rounds; round += 1) {
      const id = `con_race${round}x${Date.now()}`;
      const keyed = rest('POST', '/api/consumers', { body: { ...consumerInput, id, firstName: 'Keyed' } });
      const anonymous = Array.from({ length: 10 }, (_, index) => anonymousEvent(id, `anon${round}n${index}`, index % 2 === 0));
      const [created, ...answers] = await Promise.all([keyed, ...anonymous]);
      const claims = answers.filter((answer, index) => claimsCreation(answer, `anon${round}n${index}`));
      const stored = await prisma.consumer.findUniqueOrThrow({ where: { id } });
      if (created.status === 201) {
        expect(claims, `round ${round}`).toHaveLength(0);
        expect(stored.firstName, `round ${round}`).toBe('Keyed');
      } else {
        // An anonymous event got there first: the key was told so, and the event created it once.
        expect(created.status).toBe(409);
        expect(claims, `round ${round}`).toHaveLength(1);
        expect(stored.firstName).toBe((claims[0] as Document).firstName);
      }
    }
  });
});

describe('anonymous clients creating the same consumer', { timeout: slowTestTimeout }, () => {
  it("tell exactly one of them that it created it, and show none another one's values", async () => {
    for (let round = 0; round < rounds; round += 1) {
      const id = `con_same${round}x${Date.now()}`;
      const markers = Array.from({ length: 20 }, (_, index) => `same${round}n${index}`);
      const answers = await Promise.all(markers.map((marker, index) => anonymousEvent(id, marker, index % 2 === 0)));
      const claims = answers.filter((answer, index) => claimsCreation(answer, markers[index]));
      expect(claims, `round ${round}`).toHaveLength(1);
      const stored = await prisma.consumer.findUniqueOrThrow({ where: { id } });
      expect(stored.firstName).toBe((claims[0] as Document).firstName);
      expect(stored.email).toBe((claims[0] as Document).email);
    }
  });
});

describe('random interleavings of anonymous and keyed writes to the same consumers', { timeout: slowTestTimeout }, () => {
  // Each operation writes consumer `target` (of three) with a marker of its own as first name.
  const operation = fc.record({
    anonymous: fc.boolean(),
    kind: fc.constantFrom('event', 'create', 'update'),
    target: fc.integer({ min: 0, max: 2 }),
    viaBatch: fc.boolean(),
  });

  it('leave no anonymous value on a record its sender did not create, and show no caller a value it did not send', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 4, maxLength: 14 }), async (operations) => {
        run += 1;
        const ids = [0, 1, 2].map((index) => `con_prop${run}x${index}x${Date.now()}`);
        const created = new Map<string, string>(); // consumer id -> marker of the anonymous op told it created it
        await Promise.all(
          operations.map(async ({ anonymous, kind, target, viaBatch }, index) => {
            const id = ids[target];
            const marker = `prop${run}n${index}${anonymous ? 'a' : 'k'}`;
            if (anonymous) {
              const answer = await anonymousEvent(id, marker, viaBatch);
              if (claimsCreation(answer, marker)) {
                expect(created.has(id), 'two anonymous callers told they created one consumer').toBe(false);
                created.set(id, marker);
              }
              return;
            }
            const body = { ...consumerInput, id, firstName: marker };
            const response =
              kind === 'create'
                ? await rest('POST', '/api/consumers', { body })
                : kind === 'update'
                  ? await rest('PATCH', `/api/consumers/${id}`, { body: { firstName: marker } })
                  : await rest('POST', '/api/webevents?depth=2', { body: { name: 'Keyed', account: { id: `acc_${marker}`, consumer: body } } });
            expect([200, 201, 404, 409]).toContain(response.status);
          }),
        );
        const stored = await prisma.consumer.findMany({ where: { id: { in: ids } } });
        for (const consumer of stored) {
          // A value an anonymous caller sent is stored only where that caller was told it created the record.
          if (consumer.firstName && /a$/.test(consumer.firstName)) expect(created.get(consumer.id), consumer.id).toBe(consumer.firstName);
        }
      }),
      { numRuns: 20 },
    );
  });
});
