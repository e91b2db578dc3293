// A consumer's right to be forgotten (GDPR art. 17, CCPA): everything that identifies the person
// goes, in one transaction, and what the business keeps is left without them.
// - The consumer is deleted for good (trash or not), and with it their SSN, birth date, contacts and
//   identifier keys; their addresses go too, unless a sales rep or another consumer uses them
//   (then only the link goes).
// - Their leads (linked to them, or carrying their email) are kept for the CRM's figures (status,
//   dates, what was wanted) with every identifying field emptied (model/entities.ts: `identifying`).
// - Their accounts lose their anonymous ids and the link to them; the events of those accounts and
//   anonymous ids lose both identifiers and their properties (which may hold anything).
// - Webhook deliveries, sent or not, lose the identifiers of those events.
// - An audit entry per record changed, naming no value.
// Followers (subscriptions, webhooks) are told that the leads changed, after the commit.
import { prisma } from '../db.js';
import { NotFoundError } from '../errors.js';
import { entities } from '../model/entities.js';
import { committed, type Change } from './changes.js';
import { recordOutbox } from './outbox.js';
import type { Writer } from './policy.js';
import { eventsOfPerson, recordsOfPerson } from './person.js';
import { joinTableOf, now, parameters, quoted, type Transaction } from './sql.js';

export interface Erasure {
  consumerId: string;
  leads: number;
  accounts: number;
  webEvents: number;
  addresses: number;
}

const Lead = entities.Lead;
/** The lead's fields erasure empties; a required one becomes '' (it cannot be NULL). */
export const erasedLeadFields = Object.entries(Lead.scalars).filter(([, field]) => field.identifying);

/** The erase entries of `entity`'s records, each naming the fields erasure emptied of it (never a value). */
async function audit(tx: Transaction, actor: string, entity: string, entries: { key: string; fields: string[] }[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "AuditEntry" ("at", "actor", "operation", "entity", "recordKey", "fields")
     SELECT ${now}, $1, 'erase', $2, e."key", e."fields" FROM json_to_recordset($3::json) AS e("key" text, "fields" text[])`,
    actor,
    entity,
    JSON.stringify(entries),
  );
}

const sameFields = (keys: string[], fields: string[]) => keys.map((key) => ({ key, fields }));

/**
 * SQL: the names of the fields that hold something in the row `alias`, of the (field, column)
 * pairs given: what erasure empties of it, for its audit entry.
 */
function heldFields(alias: string, fields: [field: string, column: string][]): string {
  const held = fields.map(
    ([field, column]) => `CASE WHEN ${alias}.${quoted(column)} IS NOT NULL AND ${alias}.${quoted(column)}::text NOT IN ('', '{}') THEN '${field}' END`,
  );
  return `array_remove(ARRAY[${held.join(', ')}]::text[], NULL)`;
}

const leadFieldsErased: [string, string][] = [...erasedLeadFields.map(([name]): [string, string] => [name, name]), ['consumer', 'consumerId']];
const accountFieldsErased: [string, string][] = [
  ['anonymousIds', 'anonymousIds'],
  ['consumer', 'consumerId'],
];
const eventFieldsErased: [string, string][] = [
  ['account', 'accountId'],
  ['anonymousId', 'anonymousId'],
  ['consumerId', 'consumerId'],
  ['customerIdentifier', 'customerIdentifier'],
  ['properties', 'properties'],
];

/** Per lead, the identifying fields (and the consumer link) that hold something: those erasure empties. */
function leadFieldsHeld(tx: Transaction, leadIds: string[]): Promise<{ key: string; fields: string[] }[]> {
  return tx.$queryRawUnsafe(
    `SELECT l."id" AS "key", ${heldFields('l', leadFieldsErased)} AS "fields" FROM "Lead" AS l WHERE l."id" = ANY($1::text[])`,
    leadIds,
  );
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

export async function eraseConsumer(consumerId: string, writer: Writer): Promise<Erasure> {
  const changes: Change[] = [];
  const erasure = await prisma.$transaction(
    async (tx) => {
      // The row locks order an erasure after any write to the person's records in flight, and before the next.
      const records = await recordsOfPerson(tx, consumerId, true);
      if (!records) throw new NotFoundError('Consumer', 'id');
      const { leadIds, accountIds, anonymousIds } = records;
      const { values, bind } = parameters([writer.actor]);
      // Each event changed, with the fields it held of those emptied (its audit entry names them).
      const webEvents = await tx.$queryRawUnsafe<{ key: string; fields: string[] }[]>(
        `UPDATE "WebEvent" AS t SET "accountId" = NULL, "anonymousId" = NULL, "consumerId" = NULL, "customerIdentifier" = NULL, "dedupeKey" = NULL,
           "properties" = NULL, "propertiesIndex" = '{}', "updatedAt" = ${now}, "updatedBy" = $1
         FROM "WebEvent" AS old
         WHERE old."id" = t."id" AND ${eventsOfPerson(records, bind, 't')}
         RETURNING t."id" AS "key", ${heldFields('old', eventFieldsErased)} AS "fields"`,
        ...values,
      );
      await tx.$executeRawUnsafe(
        `UPDATE "WebhookDelivery" SET "payload" = jsonb_set(jsonb_set("payload", '{data,accountId}', 'null'), '{data,anonymousId}', 'null')
         WHERE "payload"->'data'->>'accountId' = ANY($1::text[]) OR "payload"->'data'->>'anonymousId' = ANY($2::text[])`,
        accountIds,
        anonymousIds,
      );
      await tx.$executeRawUnsafe(
        `DELETE FROM "AnonymousIdentity" WHERE "accountId" = ANY($1::text[]) OR "anonymousId" = ANY($2::text[])`,
        accountIds,
        anonymousIds,
      );
      // Only the accounts that held something of the person change.
      const accountEntries = await tx.$queryRawUnsafe<{ key: string; fields: string[] }[]>(
        `UPDATE "Account" AS t SET "anonymousIds" = '{}', "consumerId" = NULL, "updatedAt" = ${now}, "updatedBy" = $2
         FROM "Account" AS old
         WHERE old."id" = t."id" AND t."id" = ANY($1::text[]) AND (cardinality(old."anonymousIds") > 0 OR old."consumerId" IS NOT NULL)
         RETURNING t."id" AS "key", ${heldFields('old', accountFieldsErased)} AS "fields"`,
        accountIds,
        writer.actor,
      );

      const leadEntries = await leadFieldsHeld(tx, leadIds);
      const emptied = erasedLeadFields.map(([name, field]) => `${quoted(name)} = ${field.required ? "''" : 'NULL'}`);
      await tx.$executeRawUnsafe(
        `UPDATE "Lead" SET ${emptied.join(', ')}, "consumerId" = NULL, "updatedAt" = ${now}, "updatedBy" = $2 WHERE "id" = ANY($1::text[])`,
        leadIds,
        writer.actor,
      );
      // A reason is free text, which may name the person: their leads' histories keep the moves only.
      await tx.$executeRawUnsafe(`UPDATE "LeadStatusChange" SET "reason" = NULL WHERE "leadId" = ANY($1::text[])`, leadIds);

      // Addresses no one else uses go; a shared one only loses its link to the person.
      const link = joinTableOf(entities.Consumer, 'addresses');
      const addressIds = ids(
        await tx.$queryRawUnsafe<{ id: string }[]>(
          `DELETE FROM ${quoted(link.table)} WHERE ${quoted(link.ownerColumn)} = $1 RETURNING ${quoted(link.targetColumn)} AS "id"`,
          consumerId,
        ),
      );
      const deletedAddresses = ids(
        await tx.$queryRawUnsafe<{ id: string }[]>(
          `DELETE FROM "Address" a WHERE a."id" = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM ${quoted(link.table)} l WHERE l.${quoted(link.targetColumn)} = a."id")
             AND NOT EXISTS (SELECT 1 FROM "SalesRep" r WHERE r."addressId" = a."id")
           RETURNING a."id"`,
          addressIds,
        ),
      );
      await tx.$executeRawUnsafe(`DELETE FROM "Consumer" WHERE "id" = $1`, consumerId);

      await audit(tx, writer.actor, 'Consumer', sameFields([consumerId], []));
      await audit(tx, writer.actor, 'Lead', leadEntries);
      await audit(tx, writer.actor, 'Account', accountEntries);
      await audit(tx, writer.actor, 'WebEvent', webEvents);
      await audit(tx, writer.actor, 'Address', sameFields(deletedAddresses, []));
      changes.push(...leadEntries.map(({ key, fields }): Change => ({ entity: 'Lead', kind: 'updated', key: { id: key }, fields, columns: { id: key } })));
      await recordOutbox(tx, changes);
      return { consumerId, leads: leadIds.length, accounts: accountEntries.length, webEvents: webEvents.length, addresses: deletedAddresses.length };
    },
    { timeout: 60_000 },
  );
  committed(changes);
  return erasure;
}
