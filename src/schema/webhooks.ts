// Webhook endpoints over GraphQL, for keys with the admin scope: each key registers, lists and
// deletes its own endpoints, lists their deliveries and replays one. The signing secret is
// returned once, by createWebhookEndpoint.
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { InputError } from '../errors.js';
import { createEndpoint, deleteEndpoint, deliveryLimits, deliveryStatuses, listDeliveries, listEndpoints, replayDelivery } from '../webhooks/endpoints.js';
import { webhookEventTypes, type WebhookEventType as EventType } from '../writes/outbox.js';
import { DateTimeScalar } from './scalars.js';

// One value per event type webhooks may want (writes/change-events.ts): lead.created is LEAD_CREATED.
const WebhookEventType = builder.enumType('WebhookEventType', {
  values: Object.fromEntries(webhookEventTypes.map((type) => [type.toUpperCase().replace('.', '_'), { value: type }])) as Record<string, { value: EventType }>,
});

interface EndpointShape {
  id: string;
  url: string;
  events: string[];
  createdAt: Date;
}

const WebhookEndpoint = builder.objectRef<EndpointShape>('WebhookEndpoint').implement({
  description: 'A URL that receives changes as signed POSTs',
  fields: (t) => ({
    id: t.exposeString('id'),
    url: t.exposeString('url'),
    events: t.field({ type: [WebhookEventType], resolve: (endpoint) => endpoint.events as EventType[] }),
    createdAt: t.field({ type: DateTimeScalar, resolve: (endpoint) => endpoint.createdAt }),
  }),
});

const CreatedWebhookEndpoint = builder.objectRef<{ endpoint: EndpointShape; secret: string }>('CreatedWebhookEndpoint').implement({
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpoint, resolve: (created) => created.endpoint }),
    secret: t.exposeString('secret', { description: 'The signing secret: shown this once' }),
  }),
});

interface DeliveryShape {
  id: string;
  endpointId: string;
  eventId: string;
  type: string;
  payload: unknown;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

const WebhookDelivery = builder.objectRef<DeliveryShape>('WebhookDelivery').implement({
  description: 'One event on its way to one endpoint',
  fields: (t) => ({
    id: t.exposeString('id'),
    endpointId: t.exposeString('endpointId'),
    eventId: t.exposeString('eventId', { description: 'Sent as Webhook-Id: the same for every endpoint and every attempt' }),
    type: t.field({ type: WebhookEventType, resolve: (delivery) => delivery.type as EventType }),
    payload: t.string({ description: 'The body sent, as JSON text', resolve: (delivery) => JSON.stringify(delivery.payload) }),
    status: t.exposeString('status', { description: `${deliveryStatuses.join(', ')}` }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.field({ type: DateTimeScalar, resolve: (delivery) => delivery.nextAttemptAt }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'What went wrong with the last attempt' }),
    deliveredAt: t.field({ type: DateTimeScalar, nullable: true, resolve: (delivery) => delivery.deliveredAt }),
    createdAt: t.field({ type: DateTimeScalar, resolve: (delivery) => delivery.createdAt }),
  }),
});

const admin = { authScopes: { admin: true }, skipTypeScopes: true } as const;
const keyIdOf = (context: Context) => context.apiKey!.id;

builder.queryField('webhookEndpoints', (t) =>
  t.field({
    ...admin,
    type: [WebhookEndpoint],
    description: "This key's webhook endpoints",
    resolve: (_root, _args, context) => listEndpoints(keyIdOf(context)),
  }),
);

builder.queryField('webhookDeliveries', (t) =>
  t.field({
    ...admin,
    type: [WebhookDelivery],
    description: "An endpoint's deliveries, newest first",
    args: { endpointId: t.arg.string({ required: true }), status: t.arg.string(), first: t.arg.int({ required: true, defaultValue: deliveryLimits.default }) },
    resolve: (_root, args, context) => {
      const problems = [
        ...(args.status && !(deliveryStatuses as readonly string[]).includes(args.status)
          ? [{ field: 'status', message: `must be one of ${deliveryStatuses.join(', ')}` }]
          : []),
        ...(args.first < 1 || args.first > deliveryLimits.max ? [{ field: 'first', message: `must be from 1 to ${deliveryLimits.max}` }] : []),
      ];
      if (problems.length > 0) throw new InputError(problems);
      return listDeliveries(keyIdOf(context), args.endpointId, args.status, args.first);
    },
  }),
);

builder.mutationField('createWebhookEndpoint', (t) =>
  t.field({
    ...admin,
    type: CreatedWebhookEndpoint,
    description: 'Registers a URL to receive these events, signed with a secret returned once',
    args: { url: t.arg.string({ required: true }), events: t.arg({ type: [WebhookEventType], required: true }) },
    resolve: (_root, args, context) => createEndpoint(keyIdOf(context), args.url, args.events),
  }),
);

builder.mutationField('deleteWebhookEndpoint', (t) =>
  t.boolean({
    ...admin,
    description: "Deletes one of this key's endpoints and its deliveries; false when it has none with this id",
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => deleteEndpoint(keyIdOf(context), args.id),
  }),
);

builder.mutationField('replayWebhookDelivery', (t) =>
  t.field({
    ...admin,
    type: WebhookDelivery,
    description: 'Sends a delivery again, from its first attempt',
    args: { id: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => replayDelivery(keyIdOf(context), args.id),
  }),
);
