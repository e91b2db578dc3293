// On PostgreSQL the write core's statements are prepared by name on each connection (src/db.ts
// preparedWrite): PostgreSQL parses and plans a create's statement, with its audit, status-history
// and outbox CTEs, in about as much CPU as it runs it. Prepared, the same text is only bound and run.
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { prisma } from '../src/db.js';
import { startDispatcher } from '../src/webhooks/dispatcher.js';
import { consumerInput } from './helpers/fixtures.js';
import { ok } from './helpers/graphql.js';
import { rest } from './helpers/rest.js';

describe.runIf(process.env.TEST_DATABASE === 'postgres')('write statements on PostgreSQL', () => {
  it('prepares a create statement once per connection and runs it again by name', async () => {
    const create = (n: number) =>
      ok<{ createLead: { email: string } }, never>(
        `mutation { createLead(input: { email: "prepared.${n}@example.com", phoneNumber: "555-0100" }) { id email } }`,
      );
    const prepared = async () =>
      prisma.$queryRawUnsafe<{ name: string; statement: string }[]>(
        `SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'write\\_%' AND statement LIKE 'WITH written AS (INSERT INTO "Lead"%'`,
      );
    // Requests one after another take the connection the last one gave back (the pool's idle list is
    // last in, first out), and so does the read of what it has prepared.
    const found: { name: string }[][] = [];
    for (let n = 0; n < 3; n += 1) {
      const answer = await create(n);
      expect(answer.createLead.email).toBe(`prepared.${n}@example.com`);
      found.push(await prepared());
    }
    expect(found.at(-1)?.length, JSON.stringify(found)).toBe(1);
    // One name for the one text, on every connection that has it.
    expect(new Set(found.flat().map(({ name }) => name)).size).toBe(1);
  });

  it('prepares one text for a write of new records in one statement, whatever the number of records', async () => {
    // Public ingest of new events with their accounts and consumers: each batch is one statement
    // (writes/execute.ts executeAsOneStatement), whose row counts are parameters, not text.
    const event = (token: string) => ({
      id: `wev_${token}`,
      name: 'Prepared',
      account: { id: `acc_${token}`, consumer: { ...consumerInput, id: `con_${token}`, email: `${token}@example.com`, ssn: '123-45-6789' } },
    });
    const prepared = async () =>
      prisma.$queryRawUnsafe<{ name: string }[]>(
        `SELECT name FROM pg_prepared_statements WHERE name LIKE 'write\\_%' AND statement LIKE 'WITH w0 AS (INSERT INTO "Consumer"%'`,
      );
    const found: { name: string }[][] = [];
    for (const size of [1, 2, 3, 1]) {
      const batch = Array.from({ length: size }, (_, index) => event(`prep${size}x${index}${Date.now().toString(36)}`));
      const answer = await rest('POST', '/api/webevents/batch?depth=0', { body: { batch }, key: false });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body.data.map((item: { stored: boolean }) => item.stored)).toEqual(batch.map(() => true));
      found.push(await prepared());
    }
    expect(found.at(-1)?.length, JSON.stringify(found)).toBe(1);
    expect(new Set(found.flat().map(({ name }) => name)).size, JSON.stringify(found)).toBe(1);
  });

  it("prepares the webhook dispatcher's claim, which follows committed writes", async () => {
    const dispatcher = startDispatcher({ ...config.webhooks, pollMilliseconds: 50 });
    try {
      let found: unknown[] = [];
      for (let attempt = 0; attempt < 40 && found.length === 0; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        found = await prisma.$queryRawUnsafe(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'write\\_%' AND statement LIKE 'WITH due AS%'`);
      }
      expect(found).toHaveLength(1);
    } finally {
      await dispatcher.stop();
    }
  });
});
