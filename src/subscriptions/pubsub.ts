// Publishes what committed writes changed to live subscribers: in this process, or, with
// REDIS_URL, through Redis (an event target like Yoga's Redis one, that survives Redis going away), so a subscriber on one replica hears what
// another replica wrote. A message holds what webhooks are told (writes/change-events.ts): keys,
// names and changed field names, never personal data; each subscriber reads the record itself, as
// its own key may see it.
import { createPubSub, type PubSub } from 'graphql-yoga';
import { redis, redisEnabled, redisName, redisSubscriber } from '../redis.js';
import { redisEventTarget } from './redis-event-target.js';
import { changeEventOf, type LeadSummary, type WebEventSummary } from '../writes/change-events.js';
import { afterCommit, type ChangeKind } from '../writes/changes.js';

/** A new web event, as a subscriber is told of it. */
export type WebEventCreated = WebEventSummary;

/** A lead created, updated or deleted, as a subscriber is told of it. */
export type LeadChanged = LeadSummary & { change: ChangeKind };

// One message per write, holding all it changed: a batch of 500 events is one publication.
type Topics = {
  [topic: string]: [WebEventCreated[]] | [LeadChanged[]];
};

export const topics = { webEventsCreated: redisName('web-events-created'), leadsChanged: redisName('leads-changed') };

let shared: PubSub<Topics> | undefined;

/** The publisher and subscriber of changes (opened on first use). */
export function pubsub(): PubSub<Topics> {
  shared ??= createPubSub<Topics>(redisEnabled() ? { eventTarget: redisEventTarget<Topics>(redis(), redisSubscriber()) } : undefined);
  return shared;
}

afterCommit((changes) => {
  const events: WebEventCreated[] = [];
  const leads: LeadChanged[] = [];
  for (const change of changes) {
    const event = changeEventOf(change);
    if (event?.type === 'web_event.created') events.push(event.data);
    else if (event) leads.push({ ...event.data, change: event.kind });
  }
  if (events.length > 0) pubsub().publish(topics.webEventsCreated, events);
  if (leads.length > 0) pubsub().publish(topics.leadsChanged, leads);
});
