// The OpenAPI operations of the routes beside the collections that take events and identities:
// POST /identify (identify-route.ts) and the vendor event routes (vendor-events.ts), which live
// outside /api, as their clients call them, and so name their own server.
import { eventNameMaxLength } from '../model/event-definition.js';
import { vendorEventPaths } from '../http/error-response.js';
import { errorAnswers, rateLimitHeaders, ref, type Schema } from './openapi-parts.js';

const text = { type: 'string' };

const capillaryIdentifierTypes = ['email', 'mobile', 'externalId'];

export const eventRouteSchemas: Record<string, Schema> = {
  Identify: {
    type: 'object',
    properties: { accountId: text, anonymousId: text },
    required: ['accountId', 'anonymousId'],
    additionalProperties: false,
  },
  CapillaryEvent: {
    type: 'object',
    description: "Seed 003's body. The rules of its fields (required, unique key, sensitive) are the event's definition (/api/eventDefinitions).",
    properties: {
      eventName: { type: 'string', minLength: 1 },
      actions: { anyOf: [{ enum: ['EMFConsumer', 'EIConsumer'] }, { type: 'array', items: { enum: ['EMFConsumer', 'EIConsumer'] }, minItems: 1 }] },
      description: text,
      addCustomerIfNotExists: {
        type: 'boolean',
        description: "Store the event with an identifier no consumer has (the event's definition, when it has one, decides)",
      },
      identifierType: {
        type: 'object',
        properties: { value: { enum: capillaryIdentifierTypes }, valueType: { type: 'string', description: "The customer's identifier" } },
        required: ['value', 'valueType'],
        additionalProperties: false,
      },
      fields: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1 }, type: text, valueType: text, value: { type: ['string', 'number', 'boolean'] } },
          required: ['name', 'value'],
          additionalProperties: false,
        },
      },
    },
    required: ['eventName', 'actions', 'identifierType'],
    additionalProperties: false,
  },
  VoucherifyEvent: {
    type: 'object',
    description: "Seed 004's body",
    properties: {
      event: { type: 'string', minLength: 1, maxLength: eventNameMaxLength },
      customer: {
        type: 'object',
        properties: { id: text, source_id: text, email: text, name: text, metadata: { type: 'object' }, object: text },
        additionalProperties: false,
      },
      referral: { anyOf: [{ type: 'null' }, { type: 'object', properties: { code: text, referrer_id: text }, additionalProperties: false }] },
      loyalty: { anyOf: [{ type: 'null' }, { type: 'object', properties: { code: text }, additionalProperties: false }] },
      metadata: { type: 'object' },
    },
    required: ['event', 'customer'],
    additionalProperties: false,
  },
  VoucherifyEventAnswer: {
    type: 'object',
    description: "Seed 004's documented answer",
    properties: {
      object: { const: 'event' },
      type: text,
      customer: {
        type: 'object',
        properties: {
          id: { type: ['string', 'null'] },
          name: { type: ['string', 'null'] },
          email: { type: ['string', 'null'] },
          source_id: { type: ['string', 'null'] },
          object: { const: 'customer' },
        },
        required: ['id', 'object'],
      },
      referral: { type: 'null' },
      loyalty: { type: 'null' },
      metadata: { type: 'object' },
    },
    required: ['object', 'type', 'customer', 'referral', 'loyalty', 'metadata'],
  },
};

function post(operation: Schema, body: string, answer: Schema, errors: string[]): Schema {
  return {
    post: {
      ...operation,
      requestBody: { required: true, content: { 'application/json': { schema: ref(body) } } },
      responses: {
        '200': { description: 'OK', headers: rateLimitHeaders, content: { 'application/json': { schema: answer } } },
        ...errorAnswers(errors),
      },
    },
  };
}

export function eventRoutePaths(): Record<string, Schema> {
  const outsideApi = { servers: [{ url: '/', description: 'This server, outside /api: the path the vendor’s clients call' }] };
  const vendorErrors = ['400', '401', '403', '413', '415', '429', '503'];
  return {
    '/identify': post(
      {
        operationId: 'identify',
        summary: 'Link an anonymous id to an account',
        description:
          "Adds the anonymous id to the account's anonymousIds (never replacing them); an id another account holds is a 409 naming both accounts (to a key without the read scope, only its own). Needs the write scope.",
        tags: ['accounts'],
      },
      'Identify',
      { type: 'object', properties: { doc: ref('Account'), message: text }, required: ['doc', 'message'] },
      ['400', '401', '403', '404', '409', '413', '415', '429', '503'],
    ),
    [vendorEventPaths.capillary]: {
      ...outsideApi,
      ...post(
        {
          operationId: 'create-capillary-event',
          summary: "Create a web event from seed 003's body",
          description:
            'Stores a web event: eventName its name, fields its properties (each value as its valueType says), the customer found by identifierType (email, mobile or externalId). Needs the write scope.',
          tags: ['webEvents'],
        },
        'CapillaryEvent',
        { type: 'object', properties: { data: ref('WebEvent'), success: { const: true } }, required: ['data', 'success'] },
        vendorErrors,
      ),
    },
    [vendorEventPaths.voucherify]: {
      ...outsideApi,
      ...post(
        {
          operationId: 'create-voucherify-event',
          summary: "Create a web event from seed 004's body",
          description:
            "Stores a web event: event its name, metadata its properties, the customer found by source_id (or email) and added when missing unless the event's definition refuses it. Answers seed 004's shape; the customer's stored name and email need the read scope. Needs the write scope.",
          tags: ['webEvents'],
        },
        'VoucherifyEvent',
        ref('VoucherifyEventAnswer'),
        vendorErrors,
      ),
    },
  };
}
