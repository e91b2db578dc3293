// Baseline of web-event ingest, single posts (POST /api/webevents) and batches (POST
// /api/webevents/batch?depth=0), both public: one statement per request, whatever the number of
// events, that creates the consumers, accounts and events that do not exist yet (ON CONFLICT DO
// NOTHING: without the `write` scope a record that exists is a reference, left as it is) and says
// which it created. The answer is built from the request, as the server builds a public write's:
// what it created in full, what it named but did not write as its key.
import { runPrepared } from './database.js';
import { encryptSsn } from './ssn-encryption.js';

export interface ConsumerInput {
  id: string;
  firstName: string;
  lastName: string;
  email?: string;
  phoneNumber: string;
  birthDate: string;
  ssn?: string;
}

export interface WebEventInput {
  id: string;
  name: string;
  anonymousId?: string;
  account?: { id: string; lead?: string; anonymousIds?: string[]; consumer?: ConsumerInput };
}

export const ingestSql = `
  WITH consumers AS (
    INSERT INTO "Consumer" (id, "firstName", "lastName", email, "phoneNumber", "birthDate", ssn, "ssnDigest", "updatedAt")
    SELECT id, "firstName", "lastName", email, "phoneNumber", "birthDate", ssn, "ssnDigest", now()
    FROM json_to_recordset($1::json) AS c(id text, "firstName" text, "lastName" text, email text, "phoneNumber" text, "birthDate" date, ssn text, "ssnDigest" text)
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), accounts AS (
    INSERT INTO "Account" (id, "leadId", "consumerId", "anonymousIds", "updatedAt")
    SELECT id, "leadId", "consumerId", "anonymousIds", now()
    FROM json_to_recordset($2::json) AS a(id text, "leadId" text, "consumerId" text, "anonymousIds" text[])
    ON CONFLICT (id) DO NOTHING RETURNING id
  ), events AS (
    INSERT INTO "WebEvent" (id, name, "anonymousId", "accountId", "receivedAt", "eventTime", "updatedAt")
    SELECT id, name, "anonymousId", "accountId", $4::timestamp, $4::timestamp, now()
    FROM json_to_recordset($3::json) AS e(id text, name text, "anonymousId" text, "accountId" text)
    ON CONFLICT (id) DO NOTHING RETURNING id
  )
  SELECT (SELECT coalesce(json_agg(id), '[]') FROM consumers) AS consumers,
         (SELECT coalesce(json_agg(id), '[]') FROM accounts) AS accounts,
         (SELECT coalesce(json_agg(id), '[]') FROM events) AS events`;

interface Created {
  consumers: Set<string>;
  accounts: Set<string>;
  events: Set<string>;
}

export async function storeEvents(events: WebEventInput[], receivedAt = new Date()): Promise<Created & { receivedAt: string }> {
  const accounts = events.flatMap((event) => (event.account ? [event.account] : []));
  const consumers = accounts.flatMap((account) => (account.consumer ? [account.consumer] : []));
  const [row] = await runPrepared<{ consumers: string[]; accounts: string[]; events: string[] }>('ingest', ingestSql, [
    JSON.stringify(consumers.map(({ ssn, ...consumer }) => ({ ...consumer, ...(ssn && encryptSsn(ssn)) }))),
    JSON.stringify(accounts.map((account) => ({ id: account.id, leadId: account.lead, consumerId: account.consumer?.id, anonymousIds: account.anonymousIds }))),
    JSON.stringify(events.map((event) => ({ id: event.id, name: event.name, anonymousId: event.anonymousId, accountId: event.account?.id }))),
    receivedAt.toISOString().slice(0, 23),
  ]);
  return { consumers: new Set(row.consumers), accounts: new Set(row.accounts), events: new Set(row.events), receivedAt: receivedAt.toISOString() };
}

const withValues = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)));

/** The event as a public write answers it at depth 2: what it created, and keys for the rest. */
export function eventDocument(event: WebEventInput, created: Created & { receivedAt: string }): Record<string, unknown> {
  if (!created.events.has(event.id)) return { id: event.id };
  const account = event.account;
  const consumer = account?.consumer;
  return withValues({
    id: event.id,
    name: event.name,
    anonymousId: event.anonymousId,
    // Without client times, the event happened when it was received.
    receivedAt: created.receivedAt,
    eventTime: created.receivedAt,
    account:
      account &&
      (created.accounts.has(account.id)
        ? withValues({
            id: account.id,
            anonymousIds: account.anonymousIds,
            consumer: consumer && (created.consumers.has(consumer.id) ? withValues({ ...consumer }) : consumer.id),
            lead: account.lead,
          })
        : account.id),
  });
}

/** The event at depth 0: its fields and its account's key. */
export function eventKeysDocument(event: WebEventInput, created: Created & { receivedAt: string }): Record<string, unknown> {
  if (!created.events.has(event.id)) return { id: event.id };
  const { receivedAt } = created;
  return withValues({ id: event.id, name: event.name, anonymousId: event.anonymousId, receivedAt, eventTime: receivedAt, account: event.account?.id });
}
