// The shape of an entity description: the one place that says, for each model, which fields it
// has, which are required, which rule each value must follow and how it relates to other models.
// GraphQL inputs, validation, nested writes and filters are all derived from these descriptions.
import type { Problem } from '../errors.js';
import type { EventRules } from './event-definition.js';
import type { Rule } from './rules.js';

/**
 * What the server keeps on every record, never set by a caller: when it was created and last
 * changed, and by whom (the API key's name, or `public`: writes/trail.ts).
 */
export const recordAuthors = ['createdBy', 'updatedBy'] as const;
export const recordStamps = ['createdAt', 'updatedAt', ...recordAuthors] as const;

/** `Date` is a calendar date; `DateTime` an instant; `JSON` a JSON object (jsonb). */
export type ScalarType = 'String' | 'Int' | 'Float' | 'Boolean' | 'Date' | 'DateTime' | 'JSON';

export interface ScalarField {
  type: ScalarType;
  list?: boolean;
  required?: boolean;
  /** A value rule from rules.ts, applied to the value (or to each item of a list). */
  rule?: Rule;
  /** Free text that may be long (notes, a prompt); other text is at most 255 characters. */
  long?: boolean;
  /** Short text that may be longer than 255 characters and is still indexed (an event's name: 300, seed 004). */
  maxLength?: number;
  /**
   * Personal data only a key with `pii:read` sees (or a caller who sent that very value in the same
   * request): others get the last four characters (`***-**-6789`) or nothing. Not sortable, and
   * filtering by it needs `pii:read`.
   */
  pii?: 'last4' | 'hidden';
  /**
   * A JSON object some of whose values may be stored encrypted (a web event's sensitive properties,
   * by its definition): shown decrypted with `pii:read`, otherwise masked (auth/personal-data.ts).
   */
  sensitiveInside?: boolean;
  /** Stored encrypted, with a digest in `<field>Digest` for equality search (auth/field-encryption.ts). */
  encrypted?: boolean;
  /**
   * Says who a person is or something about them (a name, a contact, a place, free text): emptied
   * when the person is erased (writes/erase.ts), where the record itself is kept.
   */
  identifying?: boolean;
  /** Set by the server (through `derive`), never by a caller; it always has a value. */
  serverSet?: boolean;
  /** Given when the record is created, and never changed after. */
  createOnly?: boolean;
  /**
   * Given only by a key with the write scope: it ties the record to a customer (an event's customer
   * identifier), which public ingest may not do (it could attach data to anyone, or learn who is one).
   */
  keyedOnly?: boolean;
  description: string;
}

/** What the server adds to a record it writes, worked out from the values given (`derive`). */
export interface Derived {
  /** Values of `serverSet` fields, answered as the caller's own. */
  values?: Record<string, unknown>;
  /**
   * Stored values an update writes again though the caller did not give them (a renamed event's
   * properties, under its new definition): written, never answered nor echoed to the caller.
   */
  rewritten?: Record<string, unknown>;
  /** Columns no field shows (an index column), written with the record. */
  columns?: Record<string, unknown>;
  problems?: Problem[];
  /** Top-level properties of a web event to encrypt at rest (its definition marks them sensitive). */
  sensitive?: string[];
  /** What makes the record unique beyond its key (a web event's name, customer and unique-key values), to be hashed. */
  uniqueKeyMaterial?: (customer: string) => string | undefined;
}

/** What a write knows beside the input when it derives values: when it was received, the definitions of events. */
export interface DeriveContext {
  mode: 'create' | 'update';
  receivedAt: Date;
  path: string;
  /** The definitions of the events this write stores, by event name. */
  eventRules: ReadonlyMap<string, EventRules>;
  /** An update's record as stored (a web event's name and plain properties), which its rules apply to together with the change. */
  stored?: StoredRecord;
  /**
   * The input as the caller gave it. A value validation refused is missing from `values`, yet the
   * rules that derive checks (a web event's definition) hold for what was sent: without it, a
   * property refused for its NUL would make the definition's required ones look missing.
   */
  given?: Record<string, unknown>;
}

/** What an update of a web event needs of the stored event: the definition it falls under, and who it is about. */
export interface StoredRecord {
  name: string;
  /** The properties, sensitive ones decrypted. */
  properties: Record<string, unknown> | null;
  /** The top-level properties stored encrypted: they stay encrypted through every update (sensitivity is sticky). */
  sealed: string[];
  customerIdentifier: string | null;
  accountId: string | null;
  anonymousId: string | null;
}

export interface RelationField {
  target: EntityName;
  list?: boolean;
  required?: boolean;
  /**
   * A soft reference keeps an id whose record may not exist yet (web events arrive before the CRM
   * syncs). A strict one must name an existing record.
   */
  soft?: boolean;
  /** For to-one relations: the foreign-key column(s) on this model, in the target's key order. */
  columns?: string[];
  description: string;
}

export type EntityName =
  | 'WebEvent'
  | 'Account'
  | 'Consumer'
  | 'Lead'
  | 'SalesRep'
  | 'Vehicle'
  | 'Address'
  | 'City'
  | 'State'
  | 'Agent'
  | 'CreditBand'
  | 'Template'
  | 'VehicleSpec'
  | 'EventDefinition';

export interface EntityDescription {
  name: EntityName;
  /** The Prisma client delegate (`prisma.webEvent`), also the GraphQL lookup field. */
  delegate: string;
  /** The GraphQL list field and REST collection (`webEvents`, matched case-insensitively by REST). */
  plural: string;
  /** Key fields; the first entry of `scalars` for single keys. */
  key: string[];
  /** Prefix of generated ids; absent when the client must give the key (VIN, state code, city). */
  idPrefix?: string;
  description: string;
  scalars: Record<string, ScalarField>;
  relations: Record<string, RelationField>;
  /**
   * Deleting one moves it to the trash (`deletedAt`): hidden from lookups and lists unless asked
   * for, restorable, purged later (writes/delete.ts).
   */
  trash?: boolean;
  /** Other names accepted for a field on input (seed 002's `phone` for `phoneNumber`). */
  aliases?: Record<string, string>;
  /** The field lists are ordered by when no order is given (and before the key); `createdAt` otherwise. */
  defaultOrder?: string;
  /**
   * Values the server works out from a record's validated values (a web event's times), given the
   * write's mode, when the request was received and the input's path for problems.
   */
  derive?: (values: Record<string, unknown>, write: DeriveContext) => Derived;
  /** A reference to it may name it by an identifier (`match`: a consumer's email, phone or external id) in place of its key. */
  matchByIdentifier?: boolean;
  /** The scope its writes need instead of `write` (event definitions: `admin`). */
  manageScope?: 'admin';
  /**
   * Rules across the validated values of one record (a lead's status and its reason), which may
   * fill a default on create; problems are pushed with the path of their field.
   */
  settle?: (values: Record<string, unknown>, mode: 'create' | 'update', path: string, problems: { field: string; message: string }[]) => void;
}
