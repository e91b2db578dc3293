// The OpenAPI document's routes of the CRM rules (README, CRM rules): restoring from the trash, a
// lead's status history, the audit trail, and a consumer's export and erasure. Their query
// parameters are the ones the router takes (rest/parameters.ts: crmParameters).
import { collections } from './collections.js';
import { crmParameters } from './parameters.js';
import { errorAnswers, rateLimitHeaders, ref, type Schema } from './openapi-parts.js';

const text = { type: 'string' };
const nullableText = { type: ['string', 'null'] };
const instant = { type: 'string', format: 'date-time' };
const idParameter = { name: 'id', in: 'path', required: true, schema: text };
const query = (name: string, description: string, schema: Schema = text) => ({ name, in: 'query', schema, description });

const ok = (description: string, schema: Schema) => ({
  '200': { description, headers: rateLimitHeaders, content: { 'application/json': { schema } } },
});

export const crmSchemas: Record<string, Schema> = {
  LeadStatusChange: {
    type: 'object',
    description: "One change of a lead's processStatuses",
    properties: { from: nullableText, to: nullableText, reason: nullableText, changedBy: text, changedAt: instant },
    required: ['from', 'to', 'reason', 'changedBy', 'changedAt'],
  },
  AuditEntry: {
    type: 'object',
    description: 'One create, update, delete, restore, purge or erasure of a record: who, when, and the names (never the values) of the fields changed',
    properties: {
      id: { type: 'string', description: 'Increases with every entry: pass it as `before` for the next page' },
      at: instant,
      actor: text,
      operation: { type: 'string', enum: ['create', 'update', 'delete', 'restore', 'purge', 'erase'] },
      entity: text,
      recordKey: text,
      fields: { type: 'array', items: text },
    },
    required: ['id', 'at', 'actor', 'operation', 'entity', 'recordKey', 'fields'],
  },
  ConsumerExport: {
    type: 'object',
    description: 'Everything held about a consumer: the records as stored, personal fields as the key may read them',
    properties: {
      exportedAt: instant,
      consumer: { type: 'object' },
      leads: { type: 'array', items: { type: 'object' } },
      accounts: { type: 'array', items: { type: 'object' } },
      webEvents: { type: 'array', items: { type: 'object' } },
      webEventsTruncated: { type: 'boolean' },
      auditTrail: { type: 'array', items: { type: 'object' } },
    },
    required: ['exportedAt', 'consumer', 'leads', 'accounts', 'webEvents', 'webEventsTruncated', 'auditTrail'],
  },
  ConsumerErasure: {
    type: 'object',
    description: 'What an erasure changed',
    properties: {
      consumerId: text,
      ...Object.fromEntries(['leads', 'accounts', 'webEvents', 'addresses'].map((name) => [name, { type: 'integer', minimum: 0 }])),
    },
    required: ['consumerId', 'leads', 'accounts', 'webEvents', 'addresses'],
  },
};

export const crmTags = [{ name: 'audit', description: 'Who changed which record, and when (admin scope)' }];

export function crmPaths(): Record<string, Record<string, Schema>> {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const { slug, entity } of collections.filter((collection) => collection.entity.trash)) {
    const label = entity.name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');
    paths[`/${slug}/{id}/restore`] = {
      post: {
        operationId: `restore-${slug}`,
        summary: `Restore a ${label} from the trash`,
        description: 'Brings a document in the trash back as it was. Needs the write scope.',
        tags: [slug],
        parameters: [idParameter, ...crmParameters.restore.map((name) => ({ $ref: `#/components/parameters/${name}` }))],
        responses: {
          ...ok('Restored', { type: 'object', properties: { doc: ref(entity.name), message: text }, required: ['doc', 'message'] }),
          ...errorAnswers(['400', '401', '403', '404', '429', '503']),
        },
      },
    };
  }
  paths['/leads/{id}/history'] = {
    get: {
      operationId: 'history-leads',
      summary: "A lead's status history",
      description: "Every change of the lead's processStatuses, in the order the moves took the lead. Needs the read scope.",
      tags: ['leads'],
      parameters: [idParameter, ...crmParameters.history.map((name) => ({ $ref: `#/components/parameters/${name}` }))],
      responses: {
        ...ok('The changes', {
          type: 'object',
          properties: { docs: { type: 'array', items: ref('LeadStatusChange') }, totalDocs: { type: 'integer' } },
          required: ['docs', 'totalDocs'],
        }),
        ...errorAnswers(['400', '401', '403', '404', '429', '503']),
      },
    },
  };
  paths['/audit'] = {
    get: {
      operationId: 'audit-trail',
      summary: 'The audit trail',
      description: 'Audit entries, newest first: of one record (entity and key), of one API key (actor), or both. Needs the admin scope.',
      tags: ['audit'],
      parameters: [
        query('entity', 'The type, as in the GraphQL schema: Lead, Consumer, ...'),
        query('key', "The record's key; needs entity"),
        query('actor', 'The API key name (or "public")'),
        query('limit', 'Entries per page (default 100, at most 1000)', { type: 'integer', minimum: 0, maximum: 9999 }),
        query('before', 'The id of the last entry of the page before'),
      ],
      responses: {
        ...ok('A page of entries', { type: 'object', properties: { docs: { type: 'array', items: ref('AuditEntry') } }, required: ['docs'] }),
        ...errorAnswers(['400', '401', '403', '429', '503']),
      },
    },
  };
  paths['/consumers/{id}/export'] = {
    get: {
      operationId: 'export-consumers',
      summary: 'Export everything held about a consumer',
      description:
        'The right of access: the consumer with their addresses, their leads (linked, or with their email) with status histories, the accounts of either, their web events (at most 10,000) and the audit entries of those records, in one document. Needs the admin scope; the SSN and birth date follow pii:read.',
      tags: ['consumers'],
      parameters: [idParameter],
      responses: { ...ok('The export', ref('ConsumerExport')), ...errorAnswers(['400', '401', '403', '404', '429', '503']) },
    },
  };
  paths['/consumers/{id}/erase'] = {
    post: {
      operationId: 'erase-consumers',
      summary: 'Erase a consumer',
      description:
        'The right to be forgotten, in one transaction that cannot be undone: the consumer and their unshared addresses are deleted, the identifying fields of their leads emptied, the anonymous ids taken off their accounts and the identifiers and properties off their events and webhook payloads. Needs the admin scope.',
      tags: ['consumers'],
      parameters: [idParameter],
      responses: { ...ok('What was changed', ref('ConsumerErasure')), ...errorAnswers(['400', '401', '403', '404', '429', '503']) },
    },
  };
  return paths;
}
