// Creates and updates records with their relations in one transaction, the way the REST creates
// do: each relation is either a key to connect or a nested object to create-or-update by its key,
// to any depth. Work happens in two passes: `plan` reads what exists and validates every level,
// collecting all problems; only a clean plan is executed, children before parents.
import { noteSent } from '../auth/personal-data.js';
import { recordId as traceId, type WriteTrace } from './write-trace.js';
import { ConflictError, InputError, NotFoundError, type Problem } from '../errors.js';
import type { EntityDescription, RelationField } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { applyAliases, keyProblem, maxListLength, validateScalars, type WriteMode } from '../model/validate.js';
import type { Prisma } from '../generated/prisma/client.js';
import { describeKey, isCompleteKey, keySelect, whereUnique, type Key } from './keys.js';
import { newId } from './new-id.js';

type Input = Record<string, unknown>;
export type Transaction = Prisma.TransactionClient;

/** How many records one nested write may name in all, so one request cannot hold a transaction for long. */
export const maxRecordsPerWrite = 2_000;

interface Delegate {
  findUnique(args: object): Promise<unknown>;
  findMany(args: object): Promise<Record<string, string>[]>;
  create(args: object): Promise<unknown>;
  update(args: object): Promise<unknown>;
  upsert(args: object): Promise<unknown>;
}

interface PlannedRef {
  relation: RelationField;
  key: Key | null; // null: disconnect
  child?: PlanNode;
}

interface PlanNode {
  entity: EntityDescription;
  mode: WriteMode;
  /** A nested record planned as new: written as an upsert, in case a concurrent request created it. */
  raceSafe: boolean;
  key: Key;
  data: Input;
  toOne: PlannedRef[];
  lists: { name: string; refs: PlannedRef[] }[];
  /** A record that exists and that this caller may not change: only connected to. */
  unchanged?: boolean;
}

function delegate(tx: Transaction, entity: EntityDescription): Delegate {
  return (tx as unknown as Record<string, Delegate>)[entity.delegate];
}

function exists(tx: Transaction, entity: EntityDescription, key: Key): Promise<boolean> {
  return delegate(tx, entity)
    .findUnique({ where: whereUnique(entity, key), select: keySelect(entity) })
    .then(Boolean);
}

/** The key named by a `connect` value: an id string, or `{ stateCode, name }` for a City. */
function keyFromConnect(target: EntityDescription, value: unknown): Partial<Key> {
  if (target.key.length === 1) return typeof value === 'string' ? { [target.key[0]]: value } : {};
  if (typeof value !== 'object' || value === null) return {};
  // Rebuilt in the entity's key order: the coerced GraphQL input comes in alphabetical order.
  return Object.fromEntries(target.key.map((field) => [field, (value as Input)[field] as string]));
}

function keyOfRef(target: EntityDescription, ref: unknown): Partial<Key> {
  if (typeof ref !== 'object' || ref === null) return {};
  const { connect, upsert } = ref as { connect?: unknown; upsert?: Input };
  if (connect !== undefined) return keyFromConnect(target, connect);
  return upsert ? keyFromInput(target, upsert) : {};
}

/** Reads a record's key from its input: key scalars directly, key columns through their relation. */
function keyFromInput(entity: EntityDescription, input: Input): Partial<Key> {
  const key: Partial<Key> = {};
  for (const field of entity.key) {
    if (field in entity.scalars) {
      if (typeof input[field] === 'string') key[field] = input[field] as string;
      continue;
    }
    for (const [name, relation] of Object.entries(entity.relations)) {
      const position = relation.columns?.indexOf(field) ?? -1;
      if (position < 0) continue;
      const target = entities[relation.target];
      key[field] = keyOfRef(target, input[name])[target.key[position]];
    }
  }
  return key;
}

const recordId = (entity: EntityDescription, key: Partial<Key>) => traceId(entity.name, describeKey(entity, key));

class Planner {
  readonly problems: Problem[] = [];
  // Records this plan creates, so a record named twice in one input is created once.
  private readonly creating = new Set<string>();
  private records = 0;

  constructor(
    private readonly tx: Transaction,
    private readonly trace: WriteTrace,
  ) {}

  async record(entity: EntityDescription, rawInput: Input, path: string, forced?: { mode: WriteMode; key: Key }) {
    this.records += 1;
    const { input, givenNames } = applyAliases(entity, rawInput, path, this.problems);
    let key: Partial<Key> = forced?.key ?? keyFromInput(entity, input);
    let mode: WriteMode = forced?.mode ?? 'create';
    if (forced?.mode === 'create') this.creating.add(recordId(entity, forced.key));
    if (!forced) {
      if (isCompleteKey(entity, key)) {
        const id = recordId(entity, key);
        mode = this.creating.has(id) || (await exists(this.tx, entity, key)) ? 'update' : 'create';
        if (mode === 'create') this.creating.add(id);
        // Public ingest names records that exist: it connects to them and changes nothing.
        if (mode === 'update' && !this.trace.mayUpdateExisting && !this.creating.has(id)) {
          return { entity, mode, raceSafe: false, key: key as Key, data: {}, toOne: [], lists: [], unchanged: true } satisfies PlanNode;
        }
      } else if (entity.idPrefix) {
        key = { id: newId(entity.idPrefix) };
      }
    }
    noteSent(this.trace.sent, entity, describeKey(entity, key), input);
    this.trace.written.add(recordId(entity, key));
    const node: PlanNode = {
      entity,
      mode,
      raceSafe: !forced,
      key: key as Key,
      data: validateScalars(entity, input, mode, path, this.problems, givenNames),
      toOne: [],
      lists: [],
    };
    for (const [name, relation] of Object.entries(entity.relations)) {
      const value = input[name];
      const fieldPath = `${path}.${givenNames[name] ?? name}`;
      if (value === undefined) {
        if (mode === 'create' && relation.required) this.problems.push({ field: fieldPath, message: 'is required' });
      } else if (relation.list) {
        if (value !== null && !Array.isArray(value)) {
          this.problems.push({ field: fieldPath, message: 'must be a list' });
        } else if ((value ?? []).length > maxListLength) {
          this.problems.push({ field: fieldPath, message: `must have at most ${maxListLength} items` });
        } else {
          node.lists.push({ name, refs: await this.list(relation, (value ?? []) as unknown[], fieldPath) });
        }
      } else if (value === null) {
        if (relation.required) this.problems.push({ field: fieldPath, message: 'is required and cannot be null' });
        else node.toOne.push({ relation, key: null });
      } else {
        const ref = await this.ref(relation, value, fieldPath);
        if (ref) node.toOne.push(ref);
      }
    }
    return node;
  }

  private async list(relation: RelationField, items: unknown[], path: string): Promise<PlannedRef[]> {
    const refs: PlannedRef[] = [];
    // One at a time: a record named twice in the list must be seen as planned the second time.
    // Keys to connect are only collected here and checked together below, in one query.
    const connects: { key: Key; path: string; ref: PlannedRef }[] = [];
    for (const [index, item] of items.entries()) {
      const ref = await this.ref(relation, item, `${path}.${index}`, false);
      if (!ref) continue;
      refs.push(ref);
      if (!ref.child) connects.push({ key: ref.key!, path: `${path}.${index}`, ref });
    }
    const target = entities[relation.target];
    const unknown = connects.filter(({ key }) => !this.creating.has(recordId(target, key)));
    if (unknown.length > 0) {
      const found = await delegate(this.tx, target).findMany({
        where: { OR: unknown.map(({ key }) => whereUnique(target, key)) },
        select: keySelect(target),
      });
      const existing = new Set(found.map((row) => describeKey(target, row)));
      for (const { key, path: itemPath } of unknown) {
        if (!existing.has(describeKey(target, key))) this.missing(target, key, itemPath);
      }
    }
    return refs;
  }

  private missing(target: EntityDescription, key: Partial<Key>, path: string) {
    this.problems.push({ field: `${path}.connect`, message: `no ${target.name} has the key "${describeKey(target, key)}"` });
  }

  private async ref(relation: RelationField, ref: unknown, path: string, checkExists = true): Promise<PlannedRef | undefined> {
    const target = entities[relation.target];
    const { connect, upsert } = (ref ?? {}) as { connect?: unknown; upsert?: Input };
    if ((connect === undefined) === (upsert === undefined)) {
      this.problems.push({ field: path, message: `give either connect (an existing ${target.name}'s key) or upsert (a ${target.name})` });
      return undefined;
    }
    if (upsert !== undefined) {
      if (typeof upsert !== 'object' || upsert === null || Array.isArray(upsert)) {
        this.problems.push({ field: `${path}.upsert`, message: `must be a ${target.name} object` });
        return undefined;
      }
      if (this.records >= maxRecordsPerWrite) {
        this.problems.push({ field: `${path}.upsert`, message: `one write may name at most ${maxRecordsPerWrite} records` });
        return undefined;
      }
      const child = await this.record(target, upsert, `${path}.upsert`);
      return { relation, key: child.key, child };
    }
    const key = keyFromConnect(target, connect);
    const badPart = Object.values(key).map(keyProblem).find(Boolean);
    if (!isCompleteKey(target, key) || badPart) {
      this.problems.push({ field: `${path}.connect`, message: badPart ?? `must be the key of a ${target.name}` });
      return undefined;
    }
    // Soft references keep an id whose record may arrive later; strict ones must exist now.
    if (checkExists && !relation.soft && !this.creating.has(recordId(target, key)) && !(await exists(this.tx, target, key))) {
      this.missing(target, key, path);
      return undefined;
    }
    return { relation, key };
  }
}

async function execute(tx: Transaction, node: PlanNode): Promise<Key> {
  const { entity } = node;
  if (node.unchanged) return node.key;
  const data: Input = { ...node.data };
  for (const { relation, key, child } of node.toOne) {
    if (child) await execute(tx, child);
    const target = entities[relation.target];
    relation.columns!.forEach((column, position) => {
      data[column] = key ? key[target.key[position]] : null;
    });
  }
  const lists: Input = {};
  for (const { name, refs } of node.lists) {
    for (const { child } of refs) if (child) await execute(tx, child);
    const target = entities[entity.relations[name].target];
    const wheres = refs.map(({ key }) => whereUnique(target, key!));
    lists[name] = node.mode === 'create' && !node.raceSafe ? { connect: wheres } : { set: wheres };
  }
  const where = whereUnique(entity, node.key);
  const select = keySelect(entity);
  if (node.mode === 'create' && !node.raceSafe) {
    await delegate(tx, entity).create({ data: { ...data, ...lists, ...node.key }, select });
    return node.key;
  }
  if (node.mode === 'create') {
    // Scalars and foreign keys only, so Prisma can use INSERT ... ON CONFLICT: a concurrent request
    // that created the same record first turns this into an update instead of a conflict.
    await delegate(tx, entity).upsert({ where, create: { ...data, ...node.key }, update: data, select });
    if (Object.keys(lists).length > 0) await delegate(tx, entity).update({ where, data: lists, select });
    return node.key;
  }
  // An update may correct a natural key (a VIN, a state code): the record is then found by the new one.
  return (await delegate(tx, entity).update({ where, data: { ...data, ...lists }, select })) as Key;
}

function throwProblems(planner: Planner) {
  if (planner.problems.length > 0) throw new InputError(planner.problems);
}

/**
 * Creates a record (and its nested relations); a key that exists already is a conflict. `trace`
 * says whether existing nested records may change, and collects what was written and sent.
 */
export async function createRecord(tx: Transaction, entity: EntityDescription, input: Input, trace: WriteTrace, path = 'input'): Promise<Key> {
  const planner = new Planner(tx, trace);
  const given = keyFromInput(entity, input);
  if (isCompleteKey(entity, given) && (await exists(tx, entity, given))) {
    const field = entity.key.length === 1 ? `${path}.${entity.key[0]}` : path;
    throw new ConflictError(field, `a ${entity.name} with the key "${describeKey(entity, given)}" already exists`);
  }
  const key = isCompleteKey(entity, given) ? given : entity.idPrefix ? { id: newId(entity.idPrefix) } : given;
  const node = await planner.record(entity, input, path, { mode: 'create', key: key as Key });
  throwProblems(planner);
  return execute(tx, node);
}

/** Updates the fields present in `input` (and nested relations) of the record with `key`. */
export async function updateRecord(tx: Transaction, entity: EntityDescription, key: Key, input: Input, trace: WriteTrace, path = 'input'): Promise<Key> {
  if (!(await exists(tx, entity, key))) throw new NotFoundError(entity.name, describeKey(entity, key), entity.key.join(', '));
  const planner = new Planner(tx, trace);
  const node = await planner.record(entity, input, path, { mode: 'update', key });
  throwProblems(planner);
  return execute(tx, node);
}
