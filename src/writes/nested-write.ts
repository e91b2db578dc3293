// Creates and updates records with their relations in one transaction, the way the REST creates
// do: each relation is either an id to connect or a nested object to create-or-update by its key,
// to any depth. Work happens in two passes: `plan` reads what exists and validates every level,
// collecting all problems; only a clean plan is executed, children before parents.
import { ConflictError, InputError, NotFoundError, type Problem } from '../errors.js';
import type { EntityDescription, RelationField } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { applyAliases, validateScalars, type WriteMode } from '../model/validate.js';
import type { Prisma } from '../generated/prisma/client.js';
import { describeKey, isCompleteKey, keySelect, whereUnique, type Key } from './keys.js';
import { newId } from './new-id.js';

type Input = Record<string, unknown>;
export type Transaction = Prisma.TransactionClient;

interface Delegate {
  findUnique(args: object): Promise<unknown>;
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
  return typeof value === 'object' && value !== null ? (value as Key) : {};
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

class Planner {
  readonly problems: Problem[] = [];
  // Records this plan creates, so a record named twice in one input is created once.
  private readonly creating = new Set<string>();

  constructor(private readonly tx: Transaction) {}

  async record(entity: EntityDescription, rawInput: Input, path: string, forced?: { mode: WriteMode; key: Key }) {
    const { input, givenNames } = applyAliases(entity, rawInput, path, this.problems);
    let key: Partial<Key> = forced?.key ?? keyFromInput(entity, input);
    let mode: WriteMode = forced?.mode ?? 'create';
    if (forced?.mode === 'create') this.creating.add(`${entity.name}:${describeKey(forced.key)}`);
    if (!forced) {
      if (isCompleteKey(entity, key)) {
        const id = `${entity.name}:${describeKey(key)}`;
        mode = this.creating.has(id) || (await exists(this.tx, entity, key)) ? 'update' : 'create';
        if (mode === 'create') this.creating.add(id);
      } else if (entity.idPrefix) {
        key = { id: newId(entity.idPrefix) };
      }
    }
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
          continue;
        }
        const items = (value ?? []) as unknown[];
        const refs: PlannedRef[] = [];
        // One at a time: a record named twice in the list must be seen as planned the second time.
        for (const [index, item] of items.entries()) {
          const ref = await this.ref(relation, item, `${fieldPath}.${index}`);
          if (ref) refs.push(ref);
        }
        node.lists.push({ name, refs });
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

  private async ref(relation: RelationField, ref: unknown, path: string): Promise<PlannedRef | undefined> {
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
      const child = await this.record(target, upsert, `${path}.upsert`);
      return { relation, key: child.key, child };
    }
    const key = keyFromConnect(target, connect);
    if (!isCompleteKey(target, key)) {
      this.problems.push({ field: `${path}.connect`, message: `must be the key of a ${target.name}` });
      return undefined;
    }
    // Soft references keep an id whose record may arrive later; strict ones must exist now.
    if (!relation.soft && !this.creating.has(`${target.name}:${describeKey(key)}`) && !(await exists(this.tx, target, key))) {
      this.problems.push({ field: `${path}.connect`, message: `no ${target.name} has the key "${describeKey(key)}"` });
      return undefined;
    }
    return { relation, key };
  }
}

async function execute(tx: Transaction, node: PlanNode): Promise<Key> {
  const { entity } = node;
  const data: Input = { ...node.data };
  for (const { relation, key, child } of node.toOne) {
    if (child) await execute(tx, child);
    const target = entities[relation.target];
    relation.columns!.forEach((column, position) => {
      data[column] = key ? key[target.key[position]] : null;
    });
  }
  for (const { name, refs } of node.lists) {
    for (const { child } of refs) if (child) await execute(tx, child);
    const target = entities[entity.relations[name].target];
    const wheres = refs.map(({ key }) => whereUnique(target, key!));
    data[name] = node.mode === 'create' ? { connect: wheres } : { set: wheres };
  }
  if (node.mode === 'create' && node.raceSafe) {
    const where = whereUnique(entity, node.key);
    const update = { ...data };
    for (const [name, write] of Object.entries(update)) {
      if (typeof write === 'object' && write && 'connect' in write) update[name] = { set: (write as { connect: unknown }).connect };
    }
    await delegate(tx, entity).upsert({ where, create: { ...data, ...node.key }, update, select: keySelect(entity) });
    return node.key;
  }
  if (node.mode === 'create') {
    await delegate(tx, entity).create({ data: { ...data, ...node.key }, select: keySelect(entity) });
    return node.key;
  }
  // An update may correct a natural key (a VIN, a state code): the record is then found by the new one.
  const updated = await delegate(tx, entity).update({ where: whereUnique(entity, node.key), data, select: keySelect(entity) });
  return updated as Key;
}

function throwProblems(planner: Planner) {
  if (planner.problems.length > 0) throw new InputError(planner.problems);
}

/** Creates a record (and its nested relations); a key that exists already is a conflict. */
export async function createRecord(tx: Transaction, entity: EntityDescription, input: Input, path = 'input'): Promise<Key> {
  const planner = new Planner(tx);
  const given = keyFromInput(entity, input);
  if (isCompleteKey(entity, given) && (await exists(tx, entity, given))) {
    const field = entity.key.length === 1 ? `${path}.${entity.key[0]}` : path;
    throw new ConflictError(field, `a ${entity.name} with the key "${describeKey(given)}" already exists`);
  }
  const key = isCompleteKey(entity, given) ? given : entity.idPrefix ? { id: newId(entity.idPrefix) } : given;
  const node = await planner.record(entity, input, path, { mode: 'create', key: key as Key });
  throwProblems(planner);
  return execute(tx, node);
}

/** Updates the fields present in `input` (and nested relations) of the record with `key`. */
export async function updateRecord(tx: Transaction, entity: EntityDescription, key: Key, input: Input, path = 'input'): Promise<Key> {
  if (!(await exists(tx, entity, key))) throw new NotFoundError(entity.name, describeKey(key));
  const planner = new Planner(tx);
  const node = await planner.record(entity, input, path, { mode: 'update', key });
  throwProblems(planner);
  return execute(tx, node);
}
