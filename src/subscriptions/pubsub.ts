// Publishes what committed writes changed to live subscribers: in this process, or, with
// REDIS_URL, through Redis (Yoga's Redis event target), so a subscriber on one replica hears what
// another replica wrote. A message holds keys, names and changed field names, never personal data:
// each subscriber reads the record itself, as its own key may see it.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from 'graphql-yoga';
import { redis, redisEnabled, redisName, redisSubscriber } from '../redis.js';
import { afterCommit, type ChangeKind } from '../writes/changes.js';

export interface WebEventCreated {
  id: string;
  name: string;
  accountId: string | null;
  anonymousId: string | null;
}

export interface LeadChanged {
  id: string;
  change: ChangeKind;
  fields: string[];
}

// One message per write, holding all it changed: a batch of 500 events is one publication.
type Topics = {
  [topic: string]: [WebEventCreated[]] | [LeadChanged[]];
};

export const topics = { webEventsCreated: redisName('web-events-created'), leadsChanged: redisName('leads-changed') };

let shared: PubSub<Topics> | undefined;

/** The publisher and subscriber of changes (opened on first use). */
export function pubsub(): PubSub<Topics> {
  shared ??= createPubSub<Topics>(
    redisEnabled() ? { eventTarget: createRedisEventTarget({ publishClient: redis(), subscribeClient: redisSubscriber() }) } : undefined,
  );
  return shared;
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

afterCommit((changes) => {
  const events: WebEventCreated[] = [];
  const leads: LeadChanged[] = [];
  for (const change of changes) {
    if (change.entity === 'WebEvent' && change.kind === 'created') {
      const { columns } = change;
      events.push({ id: change.key.id, name: String(columns.name), accountId: text(columns.accountId), anonymousId: text(columns.anonymousId) });
    } else if (change.entity === 'Lead') {
      leads.push({ id: change.key.id, change: change.kind, fields: change.fields });
    }
  }
  if (events.length > 0) pubsub().publish(topics.webEventsCreated, events);
  if (leads.length > 0) pubsub().publish(topics.leadsChanged, leads);
});
