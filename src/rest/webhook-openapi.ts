// The OpenAPI paths and schemas of the webhook routes (webhook-routes.ts), from the same route
// table, event types, statuses and limits the routes use.
import { deliveryLimits, deliveryStatuses } from '../webhooks/endpoints.js';
import { webhookEventTypes } from '../writes/outbox.js';
import { errorAnswers as errors, rateLimitHeaders, ref, type Schema } from './openapi-parts.js';
import { webhookRoutes } from './webhook-routes.js';

const eventType: Schema = { type: 'string', enum: [...webhookEventTypes] };
const dateTime: Schema = { type: 'string', format: 'date-time' };

export const webhookTags = [{ name: 'webhooks', description: 'Webhook endpoints and their deliveries, for keys with the admin scope' }];

export const webhookSchemas: Record<string, Schema> = {
  WebhookEndpoint: {
    type: 'object',
    description: 'A URL that receives changes as signed POSTs',
    properties: { id: { type: 'string' }, url: { type: 'string', format: 'uri' }, events: { type: 'array', items: eventType }, createdAt: dateTime },
    required: ['id', 'url', 'events', 'createdAt'],
  },
  NewWebhookEndpoint: {
    type: 'object',
    properties: {
      url: { type: 'string', format: 'uri', maxLength: 2048, description: 'http or https; a public address unless the server allows private ones' },
      events: { type: 'array', items: eventType, minItems: 1 },
    },
    required: ['url', 'events'],
    additionalProperties: false,
  },
  WebhookDelivery: {
    type: 'object',
    description: 'One event on its way to one endpoint',
    properties: {
      id: { type: 'string' },
      endpointId: { type: 'string' },
      eventId: { type: 'string', description: 'Sent as Webhook-Id: the same for every endpoint and every attempt' },
      type: eventType,
      payload: { type: 'object', description: 'The body sent', additionalProperties: true },
      status: { type: 'string', enum: [...deliveryStatuses] },
      attempts: { type: 'integer', minimum: 0 },
      nextAttemptAt: dateTime,
      lastError: { type: ['string', 'null'], description: 'What went wrong with the last attempt' },
      deliveredAt: { type: ['string', 'null'], format: 'date-time' },
      createdAt: dateTime,
    },
    required: ['id', 'endpointId', 'eventId', 'type', 'payload', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'deliveredAt', 'createdAt'],
  },
};

const admin = 'Needs the admin scope; a key sees and manages only the endpoints it registered.';

export function webhookPaths(): Record<string, Record<string, Schema>> {
  const ok = (description: string, schema: Schema, status = '200') => ({
    [status]: { description, headers: rateLimitHeaders, content: { 'application/json': { schema } } },
  });
  const docs = (name: string) => ({ type: 'object', properties: { docs: { type: 'array', items: ref(name) } }, required: ['docs'] });
  const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const operations: Record<(typeof webhookRoutes)[number]['action'], Schema> = {
    list: {
      operationId: 'list-webhooks',
      summary: 'List Webhook Endpoints',
      description: `This key's webhook endpoints, oldest first. ${admin}`,
      responses: { ...ok('OK', docs('WebhookEndpoint')), ...errors(['400', '401', '403', '429', '503']) },
    },
    create: {
      operationId: 'create-webhooks',
      summary: 'Create a Webhook Endpoint',
      description: `Registers a URL to receive these events, signed with a secret that this answer holds and no other will. ${admin}`,
      requestBody: { required: true, content: { 'application/json': { schema: ref('NewWebhookEndpoint') } } },
      responses: {
        ...ok(
          'Created',
          {
            type: 'object',
            properties: { doc: ref('WebhookEndpoint'), secret: { type: 'string', pattern: '^whsec_' }, message: { type: 'string' } },
            required: ['doc', 'secret'],
          },
          '201',
        ),
        ...errors(['400', '401', '403', '413', '415', '429', '503']),
      },
    },
    delete: {
      operationId: 'delete-webhooks',
      summary: 'Delete a Webhook Endpoint',
      description: `Deletes the endpoint and its deliveries, sent or not. ${admin}`,
      parameters: [idParameter],
      responses: {
        ...ok('OK', { type: 'object', properties: { id: { type: 'string' }, message: { type: 'string' } }, required: ['id'] }),
        ...errors(['400', '401', '403', '404', '429', '503']),
      },
    },
    deliveries: {
      operationId: 'deliveries-webhooks',
      summary: "List a Webhook Endpoint's Deliveries",
      description: `The endpoint's deliveries, newest first. ${admin}`,
      parameters: [
        idParameter,
        { name: 'status', in: 'query', schema: { type: 'string', enum: [...deliveryStatuses] } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: deliveryLimits.max, default: deliveryLimits.default } },
      ],
      responses: { ...ok('OK', docs('WebhookDelivery')), ...errors(['400', '401', '403', '404', '429', '503']) },
    },
    replay: {
      operationId: 'replay-webhook-deliveries',
      summary: 'Replay a Webhook Delivery',
      description: `Sends the delivery again from its first attempt (a dead one, or one the receiver lost). ${admin}`,
      parameters: [idParameter],
      responses: {
        ...ok('OK', { type: 'object', properties: { doc: ref('WebhookDelivery'), message: { type: 'string' } }, required: ['doc'] }),
        ...errors(['400', '401', '403', '404', '429', '503']),
      },
    },
  };
  const paths: Record<string, Record<string, Schema>> = {};
  for (const route of webhookRoutes) {
    const path = `/webhooks${route.path}`;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = { ...operations[route.action], tags: ['webhooks'] };
  }
  return paths;
}
