// The migration that removes the webhook endpoints of keys revoked before revoking took a key's
// endpoints with it: on a database holding such an endpoint (and its deliveries) beside a live
// key's, it removes the revoked key's endpoint and deliveries and leaves the live key's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prisma } from '../src/db.js';

const migration = readFileSync(path.resolve(import.meta.dirname, '../prisma/migrations/20261130120200_revoked_keys_webhook_endpoints/migration.sql'), 'utf8');

describe('the migration that removes the webhook endpoints of revoked keys', () => {
  it('removes a revoked key’s endpoints and their deliveries, and keeps a live key’s', async () => {
    class RolledBack extends Error {}
    let left: { endpoints: string[]; deliveries: string[] } | undefined;
    await prisma
      .$transaction(async (tx) => {
        // As a revocation before the rule left them: the key revoked, its endpoint still there.
        await tx.$executeRawUnsafe(`INSERT INTO "ApiKey" ("id", "name", "prefix", "hash", "scopes", "revokedAt") VALUES
          ('key_mig_revoked', 'migration revoked', 'cg_rev', 'hash-mig-revoked', '{admin}', now()),
          ('key_mig_live', 'migration live', 'cg_liv', 'hash-mig-live', '{admin}', NULL)`);
        await tx.$executeRawUnsafe(`INSERT INTO "WebhookEndpoint" ("id", "apiKeyId", "url", "events", "secret") VALUES
          ('whe_mig_revoked', 'key_mig_revoked', 'https://example.com/revoked', '{lead.created}', 'sealed'),
          ('whe_mig_live', 'key_mig_live', 'https://example.com/live', '{lead.created}', 'sealed')`);
        await tx.$executeRawUnsafe(`INSERT INTO "WebhookDelivery" ("id", "endpointId", "eventId", "type", "payload") VALUES
          ('whd_mig_revoked', 'whe_mig_revoked', 'evt_mig', 'lead.created', '{}'),
          ('whd_mig_live', 'whe_mig_live', 'evt_mig', 'lead.created', '{}')`);
        await tx.$executeRawUnsafe(migration);
        const endpoints = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "WebhookEndpoint" WHERE "id" LIKE 'whe_mig_%' ORDER BY "id"`);
        const deliveries = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "WebhookDelivery" WHERE "id" LIKE 'whd_mig_%' ORDER BY "id"`);
        left = { endpoints: endpoints.map((row) => row.id), deliveries: deliveries.map((row) => row.id) };
        throw new RolledBack();
      })
      .catch((error) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    expect(left).toEqual({ endpoints: ['whe_mig_live'], deliveries: ['whd_mig_live'] });
  });
});
