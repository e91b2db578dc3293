// Live subscriptions, served over server-sent events as Yoga serves them: new web events and
// changed leads, published after each write commits (subscriptions/pubsub.ts). A subscriber needs
// the `read` scope and sees each record as a query would show it to its key (no SSN or birth date
// without `pii:read`): the record is read for it when the event reaches it.
import { rootTypeScopes } from '../auth/scopes.js';
import { builder } from '../builder.js';
import { config } from '../config.js';
import type { Context } from '../context.js';
import { prisma } from '../db.js';
import { ForbiddenError, KeyRevokedError, SubscriptionLimitError, UnauthenticatedError } from '../errors.js';
import { passesLists } from '../subscriptions/list-filter.js';
import { FellBehind, Interrupted, type LiveItem, liveStream, SelectFailed } from '../subscriptions/live-stream.js';
import { holdOpen, openCount } from '../subscriptions/open-by-key.js';
import { pubsub, topics, type LeadChanged, type WebEventCreated } from '../subscriptions/pubsub.js';
import { PropertyFilter } from './filters.js';
import { Lead } from './lead.js';
import { propertyWhere } from './property-filter.js';
import { WebEvent } from './web-event.js';

/** A subscriber's bounded stream of the events of `topic` it selects; at most `perKey` open per key, ended when the key is revoked. */
function follow<T>(context: Context, topic: string, select: (items: T[]) => T[] | Promise<T[]>): AsyncIterable<LiveItem<T>> {
  // Scope-auth guards resolvers, and a subscription's stream opens before any resolver runs.
  if (!context.apiKey) throw new UnauthenticatedError();
  if (!context.apiKey.scopes.includes(rootTypeScopes.subscription)) throw new ForbiddenError(rootTypeScopes.subscription);
  const keyId = context.apiKey.id;
  if (openCount(keyId) >= config.subscriptions.perKey) {
    throw new SubscriptionLimitError(`this API key has ${config.subscriptions.perKey} subscriptions open, the most it may: close one first`);
  }
  let release = () => {};
  const stream = liveStream(pubsub().subscribe(topic) as AsyncIterable<T[]>, select, config.subscriptions.maxWaiting, () => release());
  release = holdOpen(keyId, stream);
  return stream;
}

/** The payload, unless the subscriber fell behind, its events could not be chosen or its key was revoked: then the error that ends its stream. */
function delivered<T>(payload: LiveItem<T>): T {
  if (payload instanceof SelectFailed) throw payload.error;
  if (payload instanceof Interrupted) throw new KeyRevokedError();
  if (payload instanceof FellBehind) {
    throw new SubscriptionLimitError(
      `this subscription fell behind: more than ${payload.maxWaiting} events waited for it to read them, so they were dropped and it ends; subscribe again and read faster`,
    );
  }
  return payload;
}

const WebEventCreatedFilter = builder.inputType('WebEventCreatedFilter', {
  description: 'Which new web events to receive: every condition given must hold (a list: any of its values)',
  fields: (t) => ({
    name: t.stringList({ description: 'The event names (`Page View`, ...)' }),
    accountId: t.stringList(),
    anonymousId: t.stringList(),
    properties: t.field({
      type: PropertyFilter,
      description:
        'A condition on one of its properties, as the filter of the query `webEvents` has it (each matching event is looked up once, by the database)',
    }),
  }),
});

/**
 * The events of one write that a property filter keeps: one statement for all of them, with the
 * conditions the list filter uses (schema/property-filter.ts), so both match the same events.
 */
function withProperties(conditions: Record<string, unknown>[]) {
  return async (events: WebEventCreated[]) => {
    if (events.length === 0) return events;
    const rows = await prisma.webEvent.findMany({ where: { id: { in: events.map((event) => event.id) }, AND: conditions }, select: { id: true } });
    const kept = new Set(rows.map((row) => row.id));
    return events.filter((event) => kept.has(event.id));
  };
}

builder.subscriptionField('webEventCreated', (t) =>
  t.prismaField({
    type: WebEvent,
    // Null when the event was deleted before it reached this subscriber.
    nullable: true,
    description: 'Each web event once it is stored, as the query `webEvent` shows it to this key',
    args: { filter: t.arg({ type: WebEventCreatedFilter }) },
    subscribe: (_root, { filter }, context) => {
      // Checked before the stream opens: a bad path is the subscriber's error at once.
      const properties = filter?.properties ? withProperties(propertyWhere('properties', filter.properties, 'filter.properties')) : undefined;
      const keep = (event: WebEventCreated) => passesLists(filter, event);
      return follow<WebEventCreated>(context, topics.webEventsCreated, (events) => (properties ? properties(events.filter(keep)) : events.filter(keep)));
    },
    resolve: (query, payload) => prisma.webEvent.findUnique({ ...query, where: { id: delivered(payload as LiveItem<WebEventCreated>).id } }),
  }),
);

const ChangeKind = builder.enumType('ChangeKind', {
  values: { CREATED: { value: 'created' }, UPDATED: { value: 'updated' }, DELETED: { value: 'deleted' } } as const,
});

const LeadChange = builder.objectRef<LeadChanged>('LeadChange').implement({
  description: 'A lead created, updated or deleted',
  fields: (t) => ({
    change: t.field({ type: ChangeKind, resolve: (change) => change.change }),
    id: t.exposeString('id'),
    changedFields: t.exposeStringList('changedFields', { description: 'The fields the write gave (none for a delete)' }),
    lead: t.prismaField({
      type: Lead,
      nullable: true,
      description: 'The lead as it is now, as the query `lead` shows it to this key (null once deleted)',
      resolve: (query, change) => (change.change === 'deleted' ? null : prisma.lead.findUnique({ ...query, where: { id: change.id } })),
    }),
  }),
});

const LeadChangedFilter = builder.inputType('LeadChangedFilter', {
  description: 'Which lead changes to receive: every condition given must hold (a list: any of its values)',
  fields: (t) => ({
    id: t.stringList(),
    change: t.field({ type: [ChangeKind] }),
    changedFields: t.stringList({ description: 'At least one of these fields was given' }),
  }),
});

builder.subscriptionField('leadChanged', (t) =>
  t.field({
    type: LeadChange,
    description: 'Each lead created, updated or deleted, once the write is committed',
    args: { filter: t.arg({ type: LeadChangedFilter }) },
    subscribe: (_root, { filter }, context) =>
      follow<LeadChanged>(context, topics.leadsChanged, (changes) => changes.filter((change) => passesLists(filter, change))),
    resolve: (payload) => delivered(payload as LiveItem<LeadChanged>),
  }),
);
