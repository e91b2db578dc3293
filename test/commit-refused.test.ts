// A write whose statements all run and whose COMMIT fails: a deferred constraint trigger of the
// test's own refuses the lead at commit time. The write answers an error, stores nothing, leaves
// no outbox row, and publishes nothing: a publication made anywhere before the commit (after the
// INSERT, inside the transaction) would reach the subscriber; only one made after it does not.
// On PGlite this needs patches/pglite-prisma-adapter+0.7.2.patch: the adapter's commit() awaited
// the transaction's promise after a .catch, so a failed COMMIT was answered as written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.js';
import { prisma } from '../src/db.js';
import { execute, subscribeInProcess } from './helpers/graphql.js';
import { drain } from './helpers/sse.js';

const leadChanges = 'subscription { leadChanged { change id } }';
const refused = 'led_refused_at_commit';

beforeAll(async () => {
  await prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW."id" LIKE '${refused}%' THEN RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'check_violation'; END IF;
      RETURN NULL;
    END $$`);
  await prisma.$executeRawUnsafe(
    'CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON "Lead" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()',
  );
});
afterAll(async () => {
  await prisma.$executeRawUnsafe('DROP TRIGGER refuse_at_commit ON "Lead"');
});

describe('a write refused at its commit', () => {
  it('answers an error, stores nothing, leaves no outbox row and publishes nothing, whether it is one statement or a transaction', async () => {
    const admin = (await createApiKey('commit webhook admin', ['admin'])).secret;
    const hook = await execute<{ createWebhookEndpoint: { endpoint: { id: string } } }, object>(
      'mutation { createWebhookEndpoint(url: "http://127.0.0.1:9/hook", events: [LEAD_CREATED]) { endpoint { id } } }',
      {},
      { authorization: `Bearer ${admin}` },
    );
    expect(hook.errors).toBeUndefined();
    const vehicle = {
      vin: '1HGCM82633A004399',
      year: 2020,
      make: 'Honda',
      model: 'Accord',
      bodyStyle: 'Sedan',
      engine: 'I4',
      transmission: 'CVT',
      drivetrain: 'FWD',
    };
    expect((await execute(`mutation($input: CreateVehicleInput!) { createVehicle(input: $input) { vin } }`, { input: vehicle })).errors).toBeUndefined();
    const subscription = await subscribeInProcess(leadChanges, (await createApiKey('commit subscriber', ['read'])).secret);

    // One INSERT; then an INSERT and its link in a transaction.
    const alone = await execute(`mutation { createLead(input: { id: "${refused}_1", email: "r@example.com", phoneNumber: "555-0100" }) { id } }`);
    const linked = await execute(
      `mutation { createLead(input: { id: "${refused}_2", email: "r@example.com", phoneNumber: "555-0100", favorites: [{ connect: "${vehicle.vin}" }] }) { id } }`,
    );
    for (const answer of [alone, linked]) {
      expect(answer.data).toBeNull();
      expect(answer.errors).toHaveLength(1);
    }
    expect(await prisma.lead.count({ where: { id: { startsWith: refused } } })).toBe(0);

    await execute(`mutation { createLead(input: { id: "led_after_refusals", email: "c@example.com", phoneNumber: "555-0100" }) { id } }`);
    const ids = (await drain(subscription)).map((event) => (event.data!.data!.leadChanged as { id: string }).id);
    expect(ids).toEqual(['led_after_refusals']);
    // The outbox holds the committed write's delivery, and only it.
    const outbox = await prisma.webhookDelivery.findMany({ where: { endpointId: hook.data!.createWebhookEndpoint.endpoint.id } });
    expect(outbox.map((delivery) => (delivery.payload as { data: { id: string } }).data.id)).toEqual(['led_after_refusals']);
    await subscription.close();
  });
});
