// Turns write inputs into plans: for every record an input names, whether this write creates it,
// updates it or only refers to it, with its validated values and links. Planning reads nothing
// (what exists is known beforehand: writes/existence.ts) and changes nothing, so it can be
// redone from scratch when the database shows that the world moved on (writes/write.ts). Every
// problem is collected with the path of its field; a plan with problems is never executed.
//
// The rules of who may update or link records that exist are writes/policy.ts's.
import { withArticle } from '../model/entity-words.js';
import { GraphQLError } from 'graphql';
import { ConflictError, InputError, NotFoundError, NotPermittedError, type Problem } from '../errors.js';
import type { EntityDescription, RelationField, StoredRecord } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { fieldsOf } from '../model/entity-fields.js';
import { applyAliases, keyFieldProblem, maxListLength, validateScalars, type WriteMode } from '../model/validate.js';
import { keyFromConnect, keyFromInput, refParts, type Input } from './input.js';
import { isCompleteKey, recordId, type Key } from '../model/keys.js';
import { closedAfter } from './assignment.js';
import type { Existing, Matched } from './existence.js';
import { newId } from './new-id.js';
import { keyedDigest } from '../auth/field-encryption.js';
import { uniqueKeyFieldsOf, type EventRules } from '../model/event-definition.js';
import { identifierColumn, identifierFields, identifierTypes, matchOf, uniqueIdentifiersIn, type IdentifierType } from '../model/identifiers.js';

import { mayLinkExisting, mayUpdateExisting, type Writer } from './policy.js';

/** create and update write the record; reference names one that exists and writes nothing to it. */
export type Intent = WriteMode | 'reference';

export interface PlannedLink {
  /** The target's key; null clears a to-one relation. */
  key: Key | null;
  /** The target's own plan, when the input gave it as an object. */
  node?: PlanNode;
}

export interface PlanNode {
  entity: EntityDescription;
  intent: Intent;
  /** The record's key as stored now. */
  key: Key;
  /** The input's path in error messages (`input.account.upsert`). */
  path: string;
  /** The key after this write, when an update corrects a natural key (a VIN, a city's name). */
  newKey?: Key;
  /** Validated values of the scalar fields the input gave (and those the server sets), plain: encryption belongs to the write. */
  values: Input;
  /** Columns no field shows, which the server derives from the values (entity.derive). */
  columns?: Input;
  /** Stored values written again that the caller did not give (a renamed event's properties): never in its answer. */
  rewritten?: Input;
  /** List fields whose given items are added to the stored list (those not in it yet), not put in its place. */
  append?: string[];
  /** Top-level properties (of a web event) encrypted when written: its definition marks them sensitive. */
  sensitive?: string[];
  /** The keyed digest of what makes a web event unique by its definition (its `dedupeKey` column). */
  uniqueKey?: string;
  /** The fields that make up uniqueKey (`name`, `properties.orderId`), which a 409 names. */
  uniqueKeyFields?: string[];
  /** A record created because no record held this identifier (`match` with `create`): created only while none does. */
  guard?: { column: 'emailKey' | 'phoneKey' | 'externalId'; value: string; id: string };
  /** To-one relations the input gave. */
  links: Map<string, PlannedLink>;
  /** List relations the input gave; each replaces the stored list. */
  lists: Map<string, PlannedLink[]>;
}

/** `ingest`: create, and a key that exists is a repeat rather than a conflict (web events). */
export type RootIntent = WriteMode | 'ingest';

export interface PlanRequest {
  entity: EntityDescription;
  input: Input;
  intent: RootIntent;
  /** The record an update changes. */
  key?: Key;
  /** The input's path in error messages (`input`, `input.3`). */
  path: string;
  writer: Writer;
  /** When the request arrived (a web event's receivedAt); the time of planning when not said. */
  receivedAt?: Date;
  /** List fields of the record updated whose items are appended, not replacing the list (identify). */
  append?: string[];
  /** Link records that take no new work all the same: a lead to a rep not accepting new leads. */
  forceAssignment?: boolean;
  /**
   * A consumer added by this identifier alone (addConsumerByIdentifier; seed 003's
   * addCustomerIfNotExists): the fields a create requires may be left out; when a consumer holds
   * the identifier the write is a repeat answered with it, and the new one is created only while
   * none does (a guard, as a match's create: writes/execute.ts).
   */
  addedBy?: { type: IdentifierType; value: string };
}

export type Planned = { plan: PlanNode } | { repeat: Key } | { error: GraphQLError };

/** What planning knows of the world besides which records exist. */
export interface PlanFacts {
  /** Which records exist (by id, model/keys.ts), and which of them are in the trash or closed to work. */
  existing: Existing;
  /** The definitions of events, by name. */
  eventRules: ReadonlyMap<string, EventRules>;
  /** Stored web events by the unique key of their definition (`dedupeKey`): those the write may repeat. */
  storedUnique: ReadonlyMap<string, Key>;
  /** The stored web events the write updates (their name, plain properties and customer), by id (model/keys.ts recordId): their definition's rules apply to the update. */
  storedEvents: ReadonlyMap<string, StoredRecord>;
  /** The records that hold the identifiers a write matches by (`match`) or sets (a consumer's email), by match id (model/identifiers.ts matchOf). */
  matched: Readonly<Matched>;
}

/** Fields at `path` as a 409 names them; `path` itself when none is known. */
const fieldsAt = (path: string, fields: readonly string[] | undefined) => (fields?.length ? fields.map((field) => `${path}.${field}`) : path);

/** An entity's key as its fields: a key column a relation holds is named by the relation (a City's `state`, not `stateCode`). */
const keyFields = (entity: EntityDescription) =>
  entity.key.map(
    (column) => Object.entries(entity.relations).find(([, relation]) => relation.columns?.length === 1 && relation.columns[0] === column)?.[0] ?? column,
  );

/** Why a key field is refused in an update, in the words REST uses for an id (rest/rest-words.ts). */
const keyUnchangeable = (entity: EntityDescription) =>
  `cannot be changed: the key of ${withArticle(entity)} is not a field of an update (the path, or where in a bulk update, names the documents)`;

const isObject = (value: unknown): value is Input => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An update that gives nothing to write (`{}`, or only the key) refers to its record instead: no
 * updatedAt, no audit entry, no change for webhooks or subscriptions, and the answer is the key.
 */
function writesSomething(node: PlanNode): PlanNode {
  const empty =
    Object.keys(node.values).length === 0 &&
    node.links.size === 0 &&
    node.lists.size === 0 &&
    Object.keys(node.columns ?? {}).length === 0 &&
    !node.newKey &&
    !node.append?.length;
  return empty ? { ...node, intent: 'reference' } : node;
}

/** Whether a plan writes no record at all (every node of it only refers to one). */
export function referencesOnly(plan: PlanNode): boolean {
  let only = true;
  eachNode(plan, (node) => {
    only &&= node.intent === 'reference';
  });
  return only;
}

const reference = (entity: EntityDescription, key: Key, path: string): PlanNode => ({
  entity,
  intent: 'reference',
  key,
  path,
  values: {},
  links: new Map(),
  lists: new Map(),
});

class Planner {
  readonly problems: Problem[] = [];
  readonly forbidden: Problem[] = [];
  /** Records this plan creates: a record named twice is created once, then updated or referred to. */
  readonly claims = new Set<string>();
  /** Identifiers (match ids) this plan gives to the consumers it writes: shared with later requests once the plan holds. */
  readonly identifierClaims = new Map<string, Key>();

  constructor(
    private readonly writer: Writer,
    private readonly facts: PlanFacts,
    private readonly claimedEarlier: Set<string>,
    /** Unique keys of web events and identifiers of consumers (match ids) that earlier requests of this write hold, with their keys. */
    private readonly uniqueClaimed: Map<string, Key>,
    private readonly receivedAt: Date,
    private readonly forceAssignment = false,
  ) {}

  private get existing(): Existing {
    return this.facts.existing;
  }

  exists(entity: EntityDescription, key: Key): boolean {
    const id = recordId(entity, key);
    return this.existing.ids.has(id) || this.claimedEarlier.has(id) || this.claims.has(id);
  }

  /** Whether the record is in the trash, where no write but a restore changes it (writes/delete.ts). */
  trashed(entity: EntityDescription, key: Key): boolean {
    return this.existing.trashed.has(recordId(entity, key));
  }

  private inTrash(entity: EntityDescription, path: string) {
    this.problems.push({ field: path, message: `names ${withArticle(entity)} in the trash: restore it first` });
  }

  root({ entity, input, intent, key, path, append, addedBy }: PlanRequest): Planned {
    if (addedBy) return this.addedByIdentifier(entity, input, path, addedBy);
    if (intent === 'update') {
      // A key names the record (the path, an argument, a bulk update's where), as an id does: one
      // given in the changes would move the record (and, for a state, its cities) under another key.
      const moved = keyFields(entity).filter((field) => isObject(input) && input[field] !== undefined);
      if (moved.length > 0) throw new InputError(moved.map((field) => ({ field: `${path}.${field}`, message: keyUnchangeable(entity) })));
      if (!key || !this.exists(entity, key) || this.trashed(entity, key)) throw new NotFoundError(entity.name, entity.key.join(', '));
      const plan = writesSomething({ ...this.record(entity, input, path, 'update', key), append });
      // An update that gives a web event the unique key of another stored one (by its definition).
      const holder = plan.uniqueKey && (this.facts.storedUnique.get(plan.uniqueKey) ?? this.uniqueClaimed.get(plan.uniqueKey));
      if (holder && recordId(entity, holder) !== recordId(entity, key))
        throw new ConflictError(fieldsAt(path, plan.uniqueKeyFields), `another ${entity.name} with these unique-key values is stored already`);
      return { plan };
    }
    const given = keyFromInput(entity, input);
    if (isCompleteKey(entity, given) && this.exists(entity, given)) {
      if (intent === 'ingest') return { repeat: given };
      const where = this.trashed(entity, given) ? ' (in the trash)' : '';
      throw new ConflictError(fieldsAt(path, keyFields(entity)), `${withArticle(entity)} with this key already exists${where}`);
    }
    const plan = this.record(entity, input, path, 'create', this.keyForNew(entity, given));
    // A web event its definition makes unique, stored already (or created by an earlier request of
    // this write): a repeat, answered with the stored event's key.
    const stored = plan.uniqueKey && (this.facts.storedUnique.get(plan.uniqueKey) ?? this.uniqueClaimed.get(plan.uniqueKey));
    if (stored && intent === 'ingest') return { repeat: stored };
    if (stored) throw new ConflictError(fieldsAt(path, plan.uniqueKeyFields), `${withArticle(entity)} with these unique-key values is stored already`);
    return { plan };
  }

  /** A consumer added by an identifier alone: the one that holds it (a repeat), else a new one holding it, guarded. */
  private addedByIdentifier(entity: EntityDescription, input: Input, path: string, addedBy: NonNullable<PlanRequest['addedBy']>): Planned {
    const found = entity.matchByIdentifier ? matchOf(addedBy) : undefined;
    if (!found) throw new InputError([{ field: `${path}.value`, message: 'must be an identifier that is not empty once normalised' }]);
    const holder = this.holderOf(found.id);
    if (holder && this.facts.matched.inTrash.has(found.id)) {
      throw new InputError([{ field: `${path}.value`, message: `names ${withArticle(entity)} in the trash: restore it first` }]);
    }
    if (holder) return { repeat: holder };
    const node = this.record(entity, input, path, 'create', this.keyForNew(entity, keyFromInput(entity, input)), true);
    node.guard = { column: found.column, value: found.value, id: found.id };
    this.identifierClaims.set(found.id, node.key);
    return { plan: node };
  }

  private keyForNew(entity: EntityDescription, given: Partial<Key>): Key {
    if (isCompleteKey(entity, given)) return given;
    // Without an id prefix the key is the caller's to give; validation names what is missing.
    return entity.idPrefix ? { id: newId(entity.idPrefix) } : (given as Key);
  }

  /** A nested object: creates the record, updates it, or refers to it, by what exists and who asks. */
  private nested(entity: EntityDescription, input: Input, path: string): PlanNode {
    const given = keyFromInput(entity, input);
    if (isCompleteKey(entity, given) && this.exists(entity, given)) {
      if (this.trashed(entity, given)) this.inTrash(entity, path);
      return mayUpdateExisting(this.writer) ? writesSomething(this.record(entity, input, path, 'update', given)) : reference(entity, given, path);
    }
    return this.record(entity, input, path, 'create', this.keyForNew(entity, given));
  }

  private record(entity: EntityDescription, rawInput: Input, path: string, intent: WriteMode, key: Key, requiredMayBeMissing = false): PlanNode {
    if (intent === 'create') this.claims.add(recordId(entity, key));
    const { input, givenNames } = applyAliases(entity, rawInput, path, this.problems);
    const node: PlanNode = {
      entity,
      intent,
      key,
      path,
      values: validateScalars(entity, input, intent, path, this.problems, givenNames, requiredMayBeMissing),
      links: new Map(),
      lists: new Map(),
    };
    if (!mayLinkExisting(this.writer)) {
      for (const [name, field] of fieldsOf(entity).scalars) {
        if (field.keyedOnly && node.values[name] !== undefined) {
          this.forbidden.push({
            field: `${path}.${givenNames[name] ?? name}`,
            message: 'is given only with an API key with the write scope: it names a customer',
          });
        }
      }
    }
    const stored = intent === 'update' ? this.facts.storedEvents.get(recordId(entity, key)) : undefined;
    const derived = entity.derive?.(node.values, { mode: intent, receivedAt: this.receivedAt, path, eventRules: this.facts.eventRules, stored, given: input });
    if (derived) {
      Object.assign(node.values, derived.values);
      node.columns = derived.columns;
      if (derived.rewritten) node.rewritten = derived.rewritten;
      this.problems.push(...(derived.problems ?? []));
      if (derived.sensitive?.length) node.sensitive = derived.sensitive;
    }
    entity.settle?.(node.values, intent, path, this.problems);
    if (entity.matchByIdentifier) this.holdIdentifiers(node);
    for (const [name, relation] of fieldsOf(entity).relations) {
      const value = input[name];
      if (value === undefined) {
        if (intent === 'create' && relation.required) this.problems.push({ field: `${path}.${givenNames[name] ?? name}`, message: 'is required' });
        continue;
      }
      const fieldPath = `${path}.${givenNames[name] ?? name}`;
      if (relation.list) {
        this.list(node, name, relation, value, fieldPath);
      } else if (value === null) {
        if (relation.required) this.problems.push({ field: fieldPath, message: 'is required and cannot be null' });
        else node.links.set(name, { key: null });
      } else {
        const link = this.link(relation, value, fieldPath);
        if (link) node.links.set(name, link);
      }
    }
    if (intent === 'update') node.newKey = this.changedKey(node);
    const material = derived?.uniqueKeyMaterial?.(this.customerOf(node, stored));
    if (material) {
      node.uniqueKey = keyedDigest(material);
      node.uniqueKeyFields = uniqueKeyFieldsOf(material);
      node.columns = { ...node.columns, dedupeKey: node.uniqueKey };
    } else if (intent === 'update' && derived?.uniqueKeyMaterial) {
      // Its definition now (after a rename, or one without a unique key) makes it unique by nothing.
      node.columns = { ...node.columns, dedupeKey: null };
    }
    return node;
  }

  /**
   * A consumer's email and external id are held by one consumer (model/identifiers.ts): one that
   * another consumer holds, stored or created earlier in this write, is a 409 naming the field and
   * the rule, never the value. The unique index holds the rule against concurrent writers; the
   * executor's insert or update that meets it makes the plan stale, and planned again, the write
   * is refused here.
   */
  private holdIdentifiers(node: PlanNode): void {
    for (const { field, what, match } of uniqueIdentifiersIn(node.values)) {
      const holder = this.holderOf(match.id);
      if (holder && recordId(node.entity, holder) !== recordId(node.entity, node.key)) {
        throw new ConflictError(
          `${node.path}.${field}`,
          `another ${node.entity.name} holds this ${what} (one consumer per ${what}; one in the trash holds it until erased): refer to it with match {type: ${match.type}, value}, or give another`,
        );
      }
      this.identifierClaims.set(match.id, node.key);
    }
  }

  /** The consumer that holds an identifier: stored, or written by this write. */
  private holderOf(matchId: string): Key | undefined {
    return this.facts.matched.holders.get(matchId) ?? this.identifierClaims.get(matchId) ?? this.uniqueClaimed.get(matchId);
  }

  /** Who a web event is about, for its unique key: its customer identifier, else its account, else its anonymous id (as this write leaves them). */
  private customerOf({ values, links }: PlanNode, stored?: StoredRecord): string {
    const identifier = values.customerIdentifier ?? stored?.customerIdentifier;
    if (typeof identifier === 'string') return identifier;
    const account = links.has('account') ? links.get('account')?.key?.id : stored?.accountId;
    if (account) return `account:${account}`;
    const anonymousId = values.anonymousId !== undefined ? values.anonymousId : stored?.anonymousId;
    return typeof anonymousId === 'string' ? `anonymous:${anonymousId}` : '';
  }

  /** The key an update leaves the record with, when it differs from the one it has. */
  private changedKey({ entity, key, values, links }: PlanNode): Key | undefined {
    const next: Key = { ...key };
    for (const field of entity.key) {
      if (typeof values[field] === 'string') next[field] = values[field];
    }
    for (const [name, link] of links) {
      const relation = entity.relations[name];
      const target = entities[relation.target];
      relation.columns?.forEach((column, position) => {
        if (entity.key.includes(column) && link.key) next[column] = link.key[target.key[position]];
      });
    }
    return entity.key.some((field) => next[field] !== key[field]) ? next : undefined;
  }

  private list(node: PlanNode, name: string, relation: RelationField, value: unknown, path: string) {
    if (value !== null && !Array.isArray(value)) {
      this.problems.push({ field: path, message: 'must be a list' });
      return;
    }
    const items = value ?? [];
    if (items.length > maxListLength) {
      this.problems.push({ field: path, message: `must have at most ${maxListLength} items` });
      return;
    }
    const target = entities[relation.target];
    const linked: PlannedLink[] = [];
    items.forEach((item: unknown, index: number) => {
      const itemPath = `${path}.${index}`;
      const onlyNew = !mayLinkExisting(this.writer);
      // Asked before the key is looked up, so the answer does not say whether the record exists.
      if (onlyNew && refParts(item).connect !== undefined) {
        this.forbidden.push({
          field: itemPath,
          message: `may list only ${target.name}s created here: linking one that exists needs an API key with the write scope`,
        });
        return;
      }
      const link = this.link(relation, item, itemPath);
      if (!link) return;
      if (onlyNew && link.node?.intent !== 'create') {
        this.forbidden.push({
          field: itemPath,
          message: `may list only ${target.name}s created here: this one exists, and linking it needs an API key with the write scope`,
        });
        return;
      }
      linked.push(link);
    });
    node.lists.set(name, linked);
  }

  /**
   * A 409 for a link to a record that takes no new work (writes/assignment.ts: a sales rep not
   * accepting new leads or paused), unless the request forces it: as stored, or as this write
   * leaves it (`values` of a nested object, which may close or reopen it).
   */
  private refuseClosed(target: EntityDescription, key: Key, path: string, values: Input = {}): void {
    if (this.forceAssignment) return;
    if (closedAfter(target, values, this.existing.workState?.get(recordId(target, key)))) {
      throw new ConflictError(
        path,
        `the ${target.name} is not accepting new leads or is paused: give forceAssignment: true (REST: ?forceAssignment=true) to assign it all the same`,
      );
    }
  }

  /**
   * A reference by identifier: the record it names, or, when none does and the match says what to
   * `create`, a new one holding the identifier. The new record carries a `guard` the executor
   * holds in the database (writes/execute.ts), so that concurrent writers create it once.
   */
  private matchLink(target: EntityDescription, match: unknown, path: string): PlannedLink | undefined {
    const found = target.matchByIdentifier ? matchOf(match) : undefined;
    if (!found) {
      this.problems.push({
        field: path,
        message: target.matchByIdentifier
          ? `must be {type: ${identifierTypes.join(' | ')}, value: a non-empty identifier, create: what to add when none has it}`
          : `${target.name} cannot be matched by an identifier`,
      });
      return undefined;
    }
    // Whether a consumer holds an email is not for a caller without the write scope to learn (public
    // ingest could ask for any address), nor to link what it posts to that person.
    if (!mayLinkExisting(this.writer)) {
      this.forbidden.push({ field: path, message: 'a match by identifier needs an API key with the write scope' });
      return undefined;
    }
    const key = this.holderOf(found.id);
    if (key && this.facts.matched.inTrash.has(found.id)) {
      this.inTrash(target, path);
      return undefined;
    }
    if (key) return { key };
    const create = (match as { create?: unknown }).create;
    if (create === undefined || create === null) {
      const what = found.type === 'EXTERNAL_ID' ? 'external id' : found.type === 'EMAIL' ? 'email' : 'phone number';
      this.problems.push({ field: path, message: `no ${target.name} has this ${what} (give create to add one)` });
      return undefined;
    }
    if (!isObject(create)) {
      this.problems.push({ field: `${path}.create`, message: `must be ${withArticle(target)} object` });
      return undefined;
    }
    const field = identifierFields.get(found.type)!;
    const given = create[field];
    if (given !== undefined && (typeof given !== 'string' || identifierColumn(found.type, given).value !== found.value)) {
      this.problems.push({ field: `${path}.create.${field}`, message: 'must be the identifier matched, or left out' });
      return undefined;
    }
    const node = this.record(
      target,
      { ...create, [field]: given ?? (match as { value: string }).value },
      `${path}.create`,
      'create',
      this.keyForNew(target, keyFromInput(target, create)),
    );
    node.guard = { column: found.column, value: found.value, id: found.id };
    this.identifierClaims.set(found.id, node.key);
    return { key: node.key, node };
  }

  private link(relation: RelationField, value: unknown, path: string): PlannedLink | undefined {
    const target = entities[relation.target];
    const { connect, upsert, match } = refParts(value);
    if ([connect, upsert, match].filter((part) => part !== undefined).length !== 1) {
      const byIdentifier = target.matchByIdentifier ? `, or match (${target.name}'s identifier)` : '';
      this.problems.push({ field: path, message: `give either connect (an existing ${target.name}'s key) or upsert (${withArticle(target)})${byIdentifier}` });
      return undefined;
    }
    if (match !== undefined) return this.matchLink(target, match, `${path}.match`);
    if (upsert !== undefined) {
      if (!isObject(upsert)) {
        this.problems.push({ field: `${path}.upsert`, message: `must be ${withArticle(target)} object` });
        return undefined;
      }
      const node = this.nested(target, upsert, `${path}.upsert`);
      this.refuseClosed(target, node.key, `${path}.upsert`, node.values);
      return { key: node.key, node };
    }
    const key = keyFromConnect(target, connect);
    const badPart = Object.entries(key)
      .map(([field, value]) => keyFieldProblem(target, field, value))
      .find(Boolean);
    if (!isCompleteKey(target, key) || badPart) {
      this.problems.push({ field: `${path}.connect`, message: badPart ?? `must be the key of ${withArticle(target)}` });
      return undefined;
    }
    // Soft references keep an id whose record may arrive later; strict ones must exist now.
    if (!relation.soft && !this.exists(target, key)) {
      this.problems.push({ field: `${path}.connect`, message: `no ${target.name} has this key` });
      return undefined;
    }
    if (!relation.soft && this.trashed(target, key)) {
      this.inTrash(target, `${path}.connect`);
      return undefined;
    }
    this.refuseClosed(target, key, `${path}.connect`);
    return { key };
  }
}

/**
 * Plans each request in turn, as if they ran one after another: a record an earlier request
 * creates exists for the later ones. `existing` holds the ids (model/keys.ts) of the records that
 * exist. A request that cannot be planned gets its error, and the others go on.
 */
export function planWrites(requests: PlanRequest[], facts: PlanFacts): Planned[] {
  const claimed = new Set<string>();
  const uniqueClaimed = new Map<string, Key>();
  return requests.map((request) => {
    const planner = new Planner(request.writer, facts, claimed, uniqueClaimed, request.receivedAt ?? new Date(), request.forceAssignment);
    let planned: Planned;
    try {
      planned = planner.root(request);
    } catch (error) {
      if (error instanceof GraphQLError) return { error };
      throw error;
    }
    if (planner.forbidden.length > 0) return { error: new NotPermittedError(planner.forbidden) };
    if (planner.problems.length > 0) return { error: new InputError(planner.problems) };
    for (const id of planner.claims) claimed.add(id);
    for (const [id, key] of planner.identifierClaims) uniqueClaimed.set(id, key);
    if ('plan' in planned && planned.plan.uniqueKey) uniqueClaimed.set(planned.plan.uniqueKey, planned.plan.key);
    return planned;
  });
}

/** Calls `visit` for each node of a plan, children before their parent. */
export function eachNode(node: PlanNode, visit: (node: PlanNode) => void): void {
  for (const link of node.links.values()) if (link.node) eachNode(link.node, visit);
  for (const items of node.lists.values()) for (const item of items) if (item.node) eachNode(item.node, visit);
  visit(node);
}
