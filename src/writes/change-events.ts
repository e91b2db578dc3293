// What those who follow changes (webhooks through the outbox, live subscriptions) are told of a
// committed change: its type and a summary of keys, names and changed field names, never other
// values of the record (which may be personal data: each follower reads the record with its own
// key). One description for both, so a webhook and a subscriber hear of the same changes.
import type { Change, ChangeKind } from './changes.js';

export const changeEventTypes = ['lead.created', 'lead.updated', 'lead.deleted', 'web_event.created'] as const;
export type ChangeEventType = (typeof changeEventTypes)[number];

export interface WebEventSummary {
  id: string;
  name: string;
  accountId: string | null;
  anonymousId: string | null;
}

export interface LeadSummary {
  id: string;
  /** The fields the write gave (scalars and relations, by their API names); none for a delete. */
  changedFields: string[];
}

export type ChangeEvent = { type: 'web_event.created'; data: WebEventSummary } | { type: `lead.${ChangeKind}`; kind: ChangeKind; data: LeadSummary };

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** The event of a change that followers may want; undefined for any other change. */
export function changeEventOf(change: Change): ChangeEvent | undefined {
  if (change.entity === 'Lead') return { type: `lead.${change.kind}`, kind: change.kind, data: { id: change.key.id, changedFields: change.fields } };
  if (change.entity === 'WebEvent' && change.kind === 'created') {
    const { columns } = change;
    return {
      type: 'web_event.created',
      data: { id: change.key.id, name: String(columns.name), accountId: text(columns.accountId), anonymousId: text(columns.anonymousId) },
    };
  }
  return undefined;
}
