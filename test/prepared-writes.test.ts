// On PostgreSQL the write core's statements are prepared by name on each connection (src/db.ts
// preparedWrite): PostgreSQL parses and plans a create's statement, with its audit, status-history
// and outbox CTEs, in about as much CPU as it runs it. Prepared, the same text is only bound and run.
import { describe, expect, it } from 'vitest';
import { config } from '../src/config.js';
import { prisma } from '../src/db.js';
import { startDispatcher } from '../src/webhooks/dispatcher.js';
import { ok } from './helpers/graphql.js';

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
