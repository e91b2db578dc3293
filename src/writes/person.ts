// The records that hold a person (a consumer), found one way for both of their rights: access
// (schema/consumer-privacy.ts, exportConsumer) and erasure (writes/erase.ts), so that an export
// shows what an erasure takes. The person's leads are those linked to them or carrying their email
// (as the lead's email or the one it logs in with);
// their accounts, those of the consumer or of those leads; their anonymous ids, the accounts' own,
// those the accounts hold by identify, and those of the leads; their events, those of the accounts
// and anonymous ids, and those the vendor routes stored by the consumer's id or an identifier.
import { customerIdentifiersOf } from '../model/identifiers.js';
import type { Bind, Transaction } from './sql.js';

export interface PersonsRecords {
  consumerId: string;
  leadIds: string[];
  accountIds: string[];
  anonymousIds: string[];
  /** The identifiers an event may have named the consumer by (`WebEvent.customerIdentifier`). */
  customerIdentifiers: string[];
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);

/**
 * The person's records, or undefined when no consumer has `consumerId`. With `lock`, the rows
 * found are locked until the transaction ends (erasure: ordered after any write to them in flight).
 */
export async function recordsOfPerson(client: Transaction, consumerId: string, lock: boolean): Promise<PersonsRecords | undefined> {
  const forUpdate = lock ? ' FOR UPDATE' : '';
  const [consumer] = await client.$queryRawUnsafe<{ emailKey: string | null; phoneKey: string | null; externalId: string | null }[]>(
    `SELECT "emailKey", "phoneKey", "externalId" FROM "Consumer" WHERE "id" = $1${forUpdate}`,
    consumerId,
  );
  if (!consumer) return undefined;
  const leadIds = ids(
    await client.$queryRawUnsafe<{ id: string }[]>(
      `SELECT "id" FROM "Lead" WHERE "consumerId" = $1 OR ($2::text IS NOT NULL AND (consumer_email_key("email") = $2 OR consumer_email_key("loginEmail") = $2)) ORDER BY "id"${forUpdate}`,
      consumerId,
      consumer.emailKey,
    ),
  );
  const accounts = await client.$queryRawUnsafe<{ id: string; anonymousIds: string[] }[]>(
    `SELECT "id", "anonymousIds" FROM "Account" WHERE "consumerId" = $1 OR "leadId" = ANY($2::text[]) ORDER BY "id"${forUpdate}`,
    consumerId,
    leadIds,
  );
  const accountIds = ids(accounts);
  const held = await client.$queryRawUnsafe<{ anonymousId: string }[]>(
    `SELECT "anonymousId" FROM "AnonymousIdentity" WHERE "accountId" = ANY($1::text[])
     UNION SELECT "anonymousId" FROM "Lead" WHERE "id" = ANY($2::text[]) AND "anonymousId" IS NOT NULL`,
    accountIds,
    leadIds,
  );
  const anonymousIds = [...new Set([...accounts.flatMap((account) => account.anonymousIds), ...held.map((row) => row.anonymousId)])];
  return { consumerId, leadIds, accountIds, anonymousIds, customerIdentifiers: customerIdentifiersOf(consumer) };
}

/** The condition on "WebEvent" rows (of `alias`) that are the person's events, binding what it needs. */
export function eventsOfPerson(records: PersonsRecords, bind: Bind, alias = '"WebEvent"'): string {
  return `(${alias}."accountId" = ANY(${bind(records.accountIds)}::text[]) OR ${alias}."anonymousId" = ANY(${bind(records.anonymousIds)}::text[])
    OR ${alias}."consumerId" = ${bind(records.consumerId)} OR ${alias}."customerIdentifier" = ANY(${bind(records.customerIdentifiers)}::text[]))`;
}
