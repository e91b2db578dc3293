// Who sees personal data (fields marked `pii` in the entity descriptions): a key with `pii:read`,
// or a caller who sent that very value in the same request (public ingest echoes what it was
// sent, as the commerce API documents). Everyone else gets it masked.
import { ForbiddenError } from '../errors.js';
import { decryptField, isEncrypted } from './field-encryption.js';
import type { EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { fieldsOf } from '../model/entity-fields.js';
import { keyOf, recordId, type Key } from '../model/keys.js';

/** Personal values a request wrote, by record and field, so its answers may echo them. */
export type SentValues = Map<string, unknown>;

interface Caller {
  apiKey: { scopes: readonly string[] } | null;
  sent: SentValues;
}

const sentKey = (entity: EntityDescription, key: Key, field: string) => `${recordId(entity, key)}:${field}`;

const asText = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value));

export function mayReadPersonalData(caller: Pick<Caller, 'apiKey'>): boolean {
  return !!caller.apiKey?.scopes.includes('pii:read');
}

/** The value of `field` of the record `row` as this caller may see it. */
export function personalValue(
  caller: Caller,
  entity: EntityDescription,
  row: Record<string, unknown>,
  field: string,
  style: 'last4' | 'hidden',
  value: unknown,
): unknown {
  if (value === null || value === undefined || mayReadPersonalData(caller)) return value;
  const sent = caller.sent.get(sentKey(entity, keyOf(entity, row), field));
  if (sent !== undefined && asText(sent) === asText(value)) return value;
  if (style === 'hidden') return null;
  const digits = String(value).replace(/\D/g, '');
  return digits.length >= 4 ? `***-**-${digits.slice(-4)}` : '***';
}

/**
 * The personal field `field` of `row` as this caller may see it: decrypted when stored encrypted,
 * then as personalValue decides (the GraphQL field, and REST's answer to a write built without it).
 */
export function personalFieldValue(caller: Caller, entity: EntityDescription, row: Record<string, unknown>, field: string): unknown {
  const { pii, encrypted } = entity.scalars[field];
  const stored = row[field];
  const value = encrypted && typeof stored === 'string' ? decryptField(stored) : stored;
  return personalValue(caller, entity, row, field, pii ?? 'hidden', value);
}

/** Throws unless the caller may filter by every personal field the filter names. */
export function assertMayFilter(caller: Caller, entity: EntityDescription, filter: unknown): void {
  if (!filter || typeof filter !== 'object' || mayReadPersonalData(caller)) return;
  for (const [name, condition] of Object.entries(filter)) {
    if (condition === null || condition === undefined) continue;
    if (name === 'AND' || name === 'OR') for (const inner of condition as unknown[]) assertMayFilter(caller, entity, inner);
    else if (name === 'NOT') assertMayFilter(caller, entity, condition);
    else if (Object.hasOwn(entity.relations, name)) assertMayFilter(caller, entities[entity.relations[name].target], condition);
    else if (entity.scalars[name]?.pii) throw new ForbiddenError(`pii:read, to filter by ${name}`);
  }
}

/**
 * Notes the personal values a write gives for one record, so the answer may echo them: its personal
 * fields, and the `sensitive` properties (a web event's, by its definition) of the properties it
 * gave. Stored values the write rewrites without being given them are not in `values`.
 */
export function noteSent(sent: SentValues, entity: EntityDescription, key: Key, values: Record<string, unknown>, sensitive: readonly string[] = []): void {
  for (const [name, field] of fieldsOf(entity).scalars) {
    if (field.pii && values[name] !== undefined && values[name] !== null) sent.set(sentKey(entity, key, name), values[name]);
    const given = values[name];
    if (!field.sensitiveInside || !given || typeof given !== 'object' || Array.isArray(given)) continue;
    for (const property of sensitive) {
      if (Object.hasOwn(given, property)) sent.set(sentKey(entity, key, `${name}.${property}`), (given as Record<string, unknown>)[property]);
    }
  }
}

/**
 * How a read of stored records shows a personal field to this caller, for a reader that builds the
 * answer in the database (rest/document-sql.ts): a read echoes nothing sent, so this is what
 * personalValue decides for every value. `stored`: the value as it is; `none`: never; `each`: every
 * value goes through personalValue (masked, or stored encrypted).
 */
export function personalFieldInRead(caller: Pick<Caller, 'apiKey'>, field: { pii?: 'last4' | 'hidden'; encrypted?: boolean }): 'stored' | 'none' | 'each' {
  if (field.encrypted || (field.pii === 'last4' && !mayReadPersonalData(caller))) return 'each';
  if (field.pii === 'hidden' && !mayReadPersonalData(caller)) return 'none';
  return 'stored';
}

/** What a caller without `pii:read` sees of a sensitive property. */
export const maskedProperty = '***';

/** A web event's properties as they were given: the encrypted (sensitive) ones decrypted, for the server's own checks. */
export function plainProperties(properties: unknown): Record<string, unknown> | null {
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return null;
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => [name, typeof value === 'string' && isEncrypted(value) ? JSON.parse(decryptField(value)) : value]),
  );
}

/** The top-level properties a web event holds encrypted. */
export function sealedProperties(properties: unknown): string[] {
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return [];
  return Object.entries(properties)
    .filter(([, value]) => typeof value === 'string' && isEncrypted(value))
    .map(([name]) => name);
}

/** The record a JSON field belongs to, so that the values its request sent to it can be echoed. */
export interface JsonOwner {
  entity: EntityDescription;
  row: Record<string, unknown>;
  field: string;
}

/**
 * A JSON object as this caller may see it: the values the server encrypted (a web event's sensitive
 * properties) decrypted for a key with `pii:read`, or for the caller who sent that very value in
 * this request (its `owner` known), masked for everyone else.
 */
export function shownProperties(caller: Pick<Caller, 'apiKey'> & { sent?: SentValues }, properties: unknown, owner?: JsonOwner): unknown {
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return properties;
  const reveal = mayReadPersonalData(caller);
  let shown: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(properties)) {
    if (typeof value !== 'string' || !isEncrypted(value)) continue;
    shown ??= { ...properties };
    shown[name] = reveal ? JSON.parse(decryptField(value)) : ownSentValue(caller.sent, owner, name, value);
  }
  return shown ?? properties;
}

/** A stored encrypted property shown to whoever sent it in this request, when it is what was sent; masked otherwise. */
function ownSentValue(sent: SentValues | undefined, owner: JsonOwner | undefined, name: string, stored: string): unknown {
  const given = owner && sent?.get(sentKey(owner.entity, keyOf(owner.entity, owner.row), `${owner.field}.${name}`));
  if (given === undefined) return maskedProperty;
  // Stored as the JSON of the value (writes/execute.ts sealed).
  const plain = decryptField(stored);
  return plain === JSON.stringify(given) ? JSON.parse(plain) : maskedProperty;
}
