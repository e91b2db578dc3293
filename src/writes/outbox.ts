// The webhook outbox: each change a webhook may want becomes an event, stored as one delivery row
// per endpoint that wants its type, by the same statement or transaction as the change itself
// (writes/write.ts), so no committed change is missed and no rolled-back one is sent. The
// dispatcher (webhooks/dispatcher.ts) sends them. An event carries keys and field names, never
// values of the record: a receiver reads what it needs with its own key.
import { changeEventOf, changeEventTypes, type ChangeEvent, type ChangeEventType } from './change-events.js';
import type { Change } from './changes.js';
import { newId } from './new-id.js';
import type { FollowUp, Transaction } from './sql.js';

/** A webhook may want any change event. */
export const webhookEventTypes = changeEventTypes;
export type WebhookEventType = ChangeEventType;

export interface OutboxEvent {
  id: string;
  type: WebhookEventType;
  /** The body each endpoint receives. */
  payload: { id: string; type: WebhookEventType; createdAt: string; data: ChangeEvent['data'] };
}

function eventOf(change: Change, createdAt: string): OutboxEvent | undefined {
  const event = changeEventOf(change);
  if (!event) return undefined;
  const id = newId('evt_');
  return { id, type: event.type, payload: { id, type: event.type, createdAt, data: event.data } };
}

/** The events of these changes, as JSON for `outboxInsert`'s parameter; undefined when there are none. */
export function outboxEvents(changes: Change[]): string | undefined {
  const createdAt = new Date().toISOString();
  const events = changes.flatMap((change) => eventOf(change, createdAt) ?? []);
  return events.length > 0 ? JSON.stringify(events) : undefined;
}

/**
 * The INSERT that stores the events of the parameter `placeholder` (outboxEvents' JSON) once for
 * each endpoint that wants its type: nothing when no endpoint does. `onlyIf` is a condition it adds
 * (a write of one statement stores its events only when it wrote its row). Without any endpoint the
 * events are not even parsed: the EXISTS is checked once, before the JSON is read (a batch's
 * payloads, 100 of them, cost the database more than the join).
 */
export function outboxInsert(placeholder: string, onlyIf = 'TRUE'): string {
  return `INSERT INTO "WebhookDelivery" ("id", "endpointId", "eventId", "type", "payload", "nextAttemptAt")
    SELECT 'dlv_' || replace(gen_random_uuid()::text, '-', ''), e."id", c."id", c."type", c."payload", now() AT TIME ZONE 'UTC'
    FROM json_to_recordset(${placeholder}::json) AS c("id" text, "type" text, "payload" jsonb)
    JOIN "WebhookEndpoint" e ON c."type" = ANY(e."events")
    WHERE ${onlyIf} AND EXISTS (SELECT 1 FROM "WebhookEndpoint")`;
}

/** Stores the events of these changes in the outbox, in the transaction of the changes (one statement, none without events). */
export async function recordOutbox(tx: Transaction, changes: Change[]): Promise<void> {
  const events = outboxEvents(changes);
  if (events) await tx.$executeRawUnsafe(outboxInsert('$1'), events);
}

/** The events stored by a write's own statement (writes/sql.ts), only when it wrote a row. */
export const outboxFollowUp =
  (events: string): FollowUp =>
  (bind, written) =>
    outboxInsert(bind(events), `EXISTS (SELECT 1 FROM ${written})`);
