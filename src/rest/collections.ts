// The REST collections: one per entity, named as the entity's plural (`webEvents`, `salesReps`),
// matched case-insensitively, so Payload-style `/api/webevents` and `/api/salesreps` both work.
import type { EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';

export type Envelope = 'commerce' | 'payload';

export interface Collection {
  slug: string;
  entity: EntityDescription;
  /**
   * `commerce`: the commerce API's `{data, success}` envelope and OpenAPI documents (web events).
   * `payload`: the CRM's Payload-style `{doc, message}` envelope, documents with timestamps.
   */
  envelope: Envelope;
  /** Creating needs no API key (the commerce OpenAPI's `security: []`). */
  publicCreate: boolean;
}

export const collections: Collection[] = Object.values(entities).map((entity) => ({
  slug: entity.plural,
  entity,
  envelope: entity.name === 'WebEvent' ? 'commerce' : 'payload',
  publicCreate: entity.name === 'WebEvent',
}));

const bySlug = new Map(collections.map((collection) => [collection.slug.toLowerCase(), collection]));

export function collectionFor(slug: string): Collection | undefined {
  return bySlug.get(slug.toLowerCase());
}

export type Action = 'list' | 'count' | 'aggregate' | 'read' | 'create' | 'update' | 'delete' | 'updateMany' | 'deleteMany';

export interface RestRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** On one document (`/api/leads/<id>`) rather than on the collection. */
  onDocument: boolean;
  /** A route of its own below the collection (`/api/leads/count`, `/aggregate`), which no key can stand for. */
  segment?: string;
  action: Action;
}

/** The routes of every collection: the router dispatches on them and the OpenAPI document lists them. */
export const restRoutes: RestRoute[] = [
  { method: 'GET', onDocument: false, action: 'list' },
  { method: 'GET', onDocument: false, segment: 'count', action: 'count' },
  { method: 'GET', onDocument: false, segment: 'aggregate', action: 'aggregate' },
  { method: 'PATCH', onDocument: false, action: 'updateMany' },
  { method: 'DELETE', onDocument: false, action: 'deleteMany' },
  { method: 'POST', onDocument: false, action: 'create' },
  { method: 'GET', onDocument: true, action: 'read' },
  { method: 'PATCH', onDocument: true, action: 'update' },
  { method: 'DELETE', onDocument: true, action: 'delete' },
];

/**
 * Payload answers a create with 201 Created. The commerce OpenAPI gives its own create (web events)
 * 200, and its clients are kept on it.
 */
export const successStatus = (collection: Collection, action: Action) => (action === 'create' && collection.envelope === 'payload' ? 201 : 200);
